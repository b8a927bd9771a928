import EcoprodProtocol
import NIOCore
import SwiftProtobuf

/// Typed calls over a `Connection` with generated messages.
extension Connection {
    public func call<Response: SwiftProtobuf.Message>(
        _ service: String, _ method: String, _ request: some SwiftProtobuf.Message, as _: Response.Type = Response.self
    ) throws -> Response {
        try unary(service: service, method: method, payload: try ByteBuffer(message: request)).decodeMessage(Response.self)
    }

    public func stream<Response: SwiftProtobuf.Message>(
        _ service: String, _ method: String, _ request: some SwiftProtobuf.Message, as _: Response.Type = Response.self,
        onMessage: (Response) throws -> Bool
    ) throws {
        try serverStream(service: service, method: method, payload: try ByteBuffer(message: request)) { payload in
            try onMessage(try payload.decodeMessage(Response.self))
        }
    }
}
