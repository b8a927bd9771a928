import CPluginABI
import SwiftProtobuf

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One method a plugin serves: its entry in the descriptor, and a typed handler.
///
/// The three kinds differ in where the handler runs:
/// - `inline`: inside the host's handle(), on a host thread that serves every client,
///   answering before handle() returns. For quick work only: it must not block, wait
///   or call the host and wait for the answer.
/// - `unary`: in a Task; the call is answered when the handler returns or throws.
/// - `serverStreaming`: in a Task, sending messages through a `PluginResponseStream`;
///   the stream ends when the handler returns (OK) or throws (its error).
public struct PluginMethod: Sendable {
    public enum Kind: UInt32, Sendable {
        case unary = 1
        case serverStreaming = 2
    }

    /// "package.Service/Method".
    public let name: String
    /// Fully qualified message names, from the SwiftProtobuf types.
    public let requestType: String
    public let responseType: String
    public let kind: Kind
    /// The least role a caller needs; the host checks it before the handler runs.
    public let role: PluginRole
    /// The method changes state: the host logs every call with the caller's uid and pid.
    public let isMutating: Bool

    /// Decodes the borrowed request and starts the handler. Runs inside handle().
    let serve: @Sendable (PluginCall, UnsafeRawBufferPointer) -> Void

    /// A unary method answered synchronously, inside the host's handle(). It must not
    /// block.
    public static func inline<Request: Message, Response: Message>(
        _ name: String, role: PluginRole, mutating: Bool = false,
        _ handler: @escaping @Sendable (Request, PluginCall) throws -> Response
    ) -> PluginMethod {
        PluginMethod(name, Request.self, Response.self, .unary, role, mutating) { call, bytes in
            guard let request = decode(Request.self, bytes, for: call) else { return }
            do {
                call.answer(try handler(request, call))
            } catch {
                call.answer(PluginError.answer(for: error))
            }
        }
    }

    /// A unary method answered asynchronously: the handler runs in a Task and may await
    /// host calls.
    public static func unary<Request: Message, Response: Message>(
        _ name: String, role: PluginRole, mutating: Bool = false,
        _ handler: @escaping @Sendable (Request, PluginCall) async throws -> Response
    ) -> PluginMethod {
        PluginMethod(name, Request.self, Response.self, .unary, role, mutating) { call, bytes in
            guard let request = decode(Request.self, bytes, for: call) else { return }
            call.plugin.run(call) {
                do {
                    call.answer(try await handler(request, call))
                } catch {
                    call.answer(PluginError.answer(for: error))
                }
            }
        }
    }

    /// A server-streaming method: the handler runs in a Task and sends its messages
    /// through `stream`.
    public static func serverStreaming<Request: Message, Response: Message>(
        _ name: String, role: PluginRole, mutating: Bool = false,
        _ handler: @escaping @Sendable (Request, PluginCall, PluginResponseStream<Response>) async throws -> Void
    ) -> PluginMethod {
        PluginMethod(name, Request.self, Response.self, .serverStreaming, role, mutating) { call, bytes in
            guard let request = decode(Request.self, bytes, for: call) else { return }
            call.plugin.run(call) {
                do {
                    try await handler(request, call, PluginResponseStream(call))
                    call.answerEndOfStream()
                } catch {
                    // After the stream ended for the client this answer is dropped by the
                    // host, but it is still what releases the call.
                    call.answer(PluginError.answer(for: error))
                }
            }
        }
    }

    private init(
        _ name: String, _ request: any Message.Type, _ response: any Message.Type, _ kind: Kind,
        _ role: PluginRole, _ mutating: Bool, serve: @escaping @Sendable (PluginCall, UnsafeRawBufferPointer) -> Void
    ) {
        self.name = name
        requestType = request.protoMessageName
        responseType = response.protoMessageName
        self.kind = kind
        self.role = role
        isMutating = mutating
        self.serve = serve
    }

    /// The request, decoded while its bytes are still lent to us; nil after answering
    /// INVALID_ARGUMENT, as the built-in methods do.
    private static func decode<Request: Message>(
        _ type: Request.Type, _ bytes: UnsafeRawBufferPointer, for call: PluginCall
    ) -> Request? {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return Request() }
        do {
            // No copy: the bytes outlive the decoding, which is all that reads them.
            let borrowed = Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: bytes.count, deallocator: .none)
            return try Request(serializedBytes: borrowed)
        } catch {
            call.answer(PluginError(.invalidArgument, "request is not a valid \(Request.protoMessageName): \(error)"))
            return nil
        }
    }
}
