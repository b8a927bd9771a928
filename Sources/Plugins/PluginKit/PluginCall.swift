import CPluginABI
import Glibc
import SwiftProtobuf
import Synchronization

/// One call the host routed to the plugin: who is calling, until when, and the way to
/// act for that caller (`host`, `onBehalfOf:`).
///
/// It wraps the host's `ecoprod_call`, which is only valid until the plugin replies, so
/// it is safe to keep or pass around: the SDK replies exactly once, when the handler is
/// done, and from then on the facts below still read, `isActive` is false, and calls
/// on the caller's behalf throw instead of touching a dead pointer.
public final class PluginCall: Sendable {
    /// Full method name, "ecoprod.probe.v1.Probe/Ping".
    public let method: String
    /// The caller's credentials, from the kernel (SO_PEERCRED); the daemon's own for a
    /// call a plugin made on nobody's behalf. Authorization already happened.
    public let callerUID: UInt32
    public let callerGID: UInt32
    public let callerPID: Int32
    /// At least the method's required role.
    public let callerRole: PluginRole
    /// The plugin that made this call through its host table, nil for a socket client.
    public let viaPlugin: String?
    /// Absolute CLOCK_MONOTONIC nanoseconds, nil when the call has no deadline.
    public let deadlineNanoseconds: Int64?

    let plugin: Plugin
    private let live: Mutex<Live>

    /// The host's pointer and who is using it. A reply waits for every use in progress
    /// (a send blocked on flow control, a host call being made) to finish, because the
    /// host frees the call in reply().
    private struct Live {
        var call: CallPointer?
        var users = 0
        var deferredAnswer: Answer?
    }

    struct Answer: Sendable {
        var status: PluginStatus
        var message: String?
        var payload: [UInt8]
    }

    init(_ call: UnsafePointer<ecoprod_call>, method: String, plugin: Plugin) {
        let fields = call.pointee
        self.method = method
        callerUID = fields.caller_uid
        callerGID = fields.caller_gid
        callerPID = fields.caller_pid
        callerRole = PluginRole(rawValue: fields.caller_role) ?? .none
        // Copied now: the string dies with the call, and it is NULL for every socket call.
        viaPlugin = fields.via_plugin.map { String(cString: $0) }
        deadlineNanoseconds = fields.deadline_ns == 0 ? nil : fields.deadline_ns
        self.plugin = plugin
        live = Mutex(Live(call: CallPointer(call)))
    }

    /// The plugin's host table, for logging, configuration, events and calls.
    public var host: PluginHost { plugin.host }

    /// OK while an answer still reaches the caller; otherwise how the call ended for it:
    /// CANCELLED (the client went away, or the plugin already answered),
    /// DEADLINE_EXCEEDED, or UNAVAILABLE (the daemon is stopping; streams only).
    /// Cheap: long computations poll it to stop early.
    public var status: PluginStatus {
        withLiveCall { call in
            call.pointee.status.map { PluginStatus(code: $0(call)) } ?? .ok
        } ?? .cancelled
    }

    public var isActive: Bool { status == .ok }

    /// What is left until the deadline (negative once passed), nil without one.
    public var timeRemaining: Duration? {
        guard let deadlineNanoseconds else { return nil }
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return .nanoseconds(deadlineNanoseconds - (Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)))
    }

    /// Logs with this call's method and caller attached.
    public func log(_ priority: LogPriority, _ message: String) {
        host.log(priority, message, call: self)
    }

    // MARK: - The live pointer

    /// Runs `body` with the host's call while it is still live, nil after the answer.
    func withLiveCall<Result>(_ body: (UnsafePointer<ecoprod_call>) throws -> Result) rethrows -> Result? {
        let call = live.withLock { live -> CallPointer? in
            guard let call = live.call, live.deferredAnswer == nil else { return nil }
            live.users += 1
            return call
        }
        guard let call else { return nil }
        defer {
            let answer = live.withLock { live -> Answer? in
                live.users -= 1
                guard live.users == 0, let answer = live.deferredAnswer else { return nil }
                live.call = nil
                return answer
            }
            if let answer { Self.reply(call.pointer, answer) }
        }
        return try body(call.pointer)
    }

    /// Ends the call. Only the first answer counts: the SDK answers leftover calls at
    /// shutdown, and their handlers' later answers are dropped here.
    func answer(_ answer: Answer) {
        let call = live.withLock { live -> CallPointer? in
            guard let call = live.call, live.deferredAnswer == nil else { return nil }
            if live.users > 0 {
                live.deferredAnswer = answer
                return nil
            }
            live.call = nil
            return call
        }
        if let call { Self.reply(call.pointer, answer) }
    }

    func answer<Response: Message>(_ response: Response) {
        do {
            answer(Answer(status: .ok, payload: try response.serializedBytes()))
        } catch {
            answer(PluginError(.internal, "cannot encode \(Response.protoMessageName): \(error)"))
        }
    }

    func answer(_ error: PluginError) {
        answer(Answer(status: error.code, message: error.message, payload: []))
    }

    /// The end of a server stream.
    func answerEndOfStream() {
        answer(Answer(status: .ok, payload: []))
    }

    private static func reply(_ call: UnsafePointer<ecoprod_call>, _ answer: Answer) {
        answer.payload.withUnsafeBufferPointer { bytes in
            let payload = ecoprod_buf(data: bytes.baseAddress, len: bytes.count)
            if let message = answer.message {
                message.withCString { call.pointee.reply?(call, answer.status.rawValue, $0, payload) }
            } else {
                call.pointee.reply?(call, answer.status.rawValue, nil, payload)
            }
        }
    }
}

/// The host's call pointer, moved between threads: the host allows every use of a live
/// call from any thread, and `PluginCall` keeps it from outliving the reply.
struct CallPointer: @unchecked Sendable {
    let pointer: UnsafePointer<ecoprod_call>
    init(_ pointer: UnsafePointer<ecoprod_call>) { self.pointer = pointer }
}
