import Foundation
import NIOCore
import SwiftProtobuf

/// Builds the ttrpc.Request / ttrpc.Response envelopes, for both ends.
public enum Envelope {
    public static func request(service: String, method: String, payload: Data, timeoutNanos: Int64 = 0) -> Ttrpc_Request {
        var request = Ttrpc_Request()
        request.service = service
        request.method = method
        request.payload = payload
        request.timeoutNano = timeoutNanos
        return request
    }

    public static func response(status: Google_Rpc_Status, payload: Data = Data()) -> Ttrpc_Response {
        var response = Ttrpc_Response()
        response.status = status
        response.payload = payload
        return response
    }
}

// Lets messages decode straight from and encode straight into NIO buffers, without
// an intermediate Array or Data copy on every frame.
extension ByteBufferView: @retroactive SwiftProtobufContiguousBytes {
    public mutating func withUnsafeMutableBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R {
        var buffer = ByteBuffer(self)
        let result = try buffer.withUnsafeMutableReadableBytes(body)
        self = buffer.readableBytesView
        return result
    }
}

extension ByteBuffer {
    /// A message's binary encoding as a buffer.
    public init(message: some SwiftProtobuf.Message) throws {
        let view: ByteBufferView = try message.serializedBytes()
        self = ByteBuffer(view)
    }

    /// Decodes the readable bytes as a message, without consuming them.
    public func decodeMessage<M: SwiftProtobuf.Message>(_ type: M.Type = M.self) throws -> M {
        try M(serializedBytes: readableBytesView)
    }
}
