import CPluginABI
import Glibc
import SwiftProtobuf
import Synchronization

/// Where a server-streaming handler sends its messages.
///
/// `send` suspends while the client is behind (the host's flow control) without
/// holding a thread of Swift's cooperative pool, which the daemon's own work shares:
/// the message is offered without waiting first, and only a client that is behind
/// makes a thread of the SDK's own wait for it.
public final class PluginResponseStream<Response: Message>: Sendable {
    private let call: PluginCall
    private let sending = Atomic<Bool>(false)

    init(_ call: PluginCall) {
        self.call = call
    }

    /// Sends one message. Throws a `PluginError` when the stream is over for the client
    /// (CANCELLED: it went away; DEADLINE_EXCEEDED; UNAVAILABLE: the daemon is
    /// stopping) — stop producing and let it propagate — or when the message cannot be
    /// sent (RESOURCE_EXHAUSTED: over 4 MiB). Send from one task at a time.
    public func send(_ message: Response) async throws {
        let bytes: [UInt8]
        do {
            bytes = try message.serializedBytes()
        } catch {
            throw PluginError(.internal, "cannot encode \(Response.protoMessageName): \(error)")
        }
        // The host sends messages in the order of the send() calls, which two tasks
        // sending at once would leave to chance.
        guard !sending.exchange(true, ordering: .acquiring) else {
            throw PluginError(.internal, "send() called for one stream from two tasks at once")
        }
        defer { sending.store(false, ordering: .releasing) }

        var result = send(bytes, flags: ECOPROD_SEND_NONBLOCK)
        if result == -EAGAIN {
            let call = call
            result = await WaitingThread.run { Self.send(call, bytes, flags: 0) }
        }
        if let error = Self.error(result, size: bytes.count) { throw error }
    }

    /// OK while messages still reach the client.
    public var isActive: Bool { call.isActive }

    private func send(_ bytes: [UInt8], flags: UInt32) -> Int32 {
        Self.send(call, bytes, flags: flags)
    }

    private static func send(_ call: PluginCall, _ bytes: [UInt8], flags: UInt32) -> Int32 {
        call.withLiveCall { call in
            bytes.withUnsafeBufferPointer { bytes in
                call.pointee.send?(call, ecoprod_buf(data: bytes.baseAddress, len: bytes.count), flags) ?? -EINVAL
            }
        } ?? -ECANCELED
    }

    private static func error(_ result: Int32, size: Int) -> PluginError? {
        switch -result {
        case 0: nil
        case ECANCELED: PluginError(.cancelled, "the client closed its connection")
        case ETIMEDOUT: PluginError(.deadlineExceeded, "deadline exceeded")
        case ESHUTDOWN: PluginError(.unavailable, "the daemon is stopping")
        case EMSGSIZE: PluginError(.resourceExhausted, "a stream message of \(size) bytes is over the 4 MiB limit")
        default: PluginError(.internal, "the host's send() failed: \(String(cString: strerror(-result)))")
        }
    }
}
