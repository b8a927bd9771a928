import EcoprodProtocol
import NIOCore
import SwiftProtobuf

/// Where a server-streaming method sends its messages.
public protocol ResponseStreamWriter: Sendable {
    /// Sends one message; suspends while the connection's send buffer is full.
    func send(_ message: ByteBuffer) async throws
}

/// How a method is run. Payloads are serialized messages; `Router.register` builds
/// these from typed closures.
public enum MethodHandler: Sendable {
    /// Runs on the connection's I/O thread and must not block: for answers from memory.
    case inline(@Sendable (CallContext, ByteBuffer) throws -> ByteBuffer)
    case unary(@Sendable (CallContext, ByteBuffer) async throws -> ByteBuffer)
    case serverStreaming(@Sendable (CallContext, ByteBuffer, ResponseStreamWriter) async throws -> Void)
    case clientStreaming(@Sendable (CallContext, RequestStream) async throws -> ByteBuffer)
    /// Runs on the connection's I/O thread, must not block, and answers through the
    /// responder — at once or later, from any thread. For handlers outside Swift
    /// concurrency: plugins. Unary or server-streaming.
    case callback(MethodKind, @Sendable (CallContext, ByteBuffer, CallResponder) -> Void)

    var kind: MethodKind {
        switch self {
        case .inline, .unary: .unary
        case .serverStreaming: .serverStreaming
        case .clientStreaming: .clientStreaming
        case .callback(let kind, _): kind
        }
    }
}

/// A server stream of typed messages.
public struct TypedResponseStream<Message: SwiftProtobuf.Message>: Sendable {
    let writer: ResponseStreamWriter

    public func send(_ message: Message) async throws {
        try await writer.send(try ByteBuffer(message: message))
    }

    /// Sends bytes that already are a serialized `Message` — a stored record as it was
    /// stored — without decoding and encoding them again.
    public func send(serialized bytes: some Collection<UInt8>) async throws {
        try await writer.send(ByteBuffer(bytes: bytes))
    }
}

extension ByteBuffer {
    /// Decodes a request payload, failing with INVALID_ARGUMENT that names the type.
    func decodeRequest<M: SwiftProtobuf.Message>(_ type: M.Type) throws -> M {
        // Most requests of the methods called most often (Health, Info) are empty.
        if readableBytes == 0 { return M() }
        do {
            return try decodeMessage(M.self)
        } catch {
            throw RPCError(.invalidArgument, "payload is not a valid \(M.protoMessageName): \(error)")
        }
    }
}
