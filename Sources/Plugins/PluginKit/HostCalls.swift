import CPluginABI
import Glibc
import SwiftProtobuf
import Synchronization

/// What a method called through the host answered.
public struct HostReply: Sendable, Hashable {
    /// Everything the router decides arrives here, with the codes a socket client would
    /// get: UNIMPLEMENTED, PERMISSION_DENIED, DEADLINE_EXCEEDED, the method's own errors.
    public var status: PluginStatus
    public var message: String
    /// The response message of a unary method answered OK; empty otherwise.
    public var payload: [UInt8]

    public init(status: PluginStatus, message: String, payload: [UInt8]) {
        self.status = status
        self.message = message
        self.payload = payload
    }
}

/// Calls into the daemon's router — built-in methods, domains, other plugins — exactly as
/// a socket client would.
///
/// `onBehalfOf` has no default on purpose: pass the call being served, and the host runs
/// the nested call as that caller (uid, role, deadline), so a plugin never does more than
/// its caller may; or pass nil for background work, which runs as the daemon with the
/// reader role.
///
/// `timeout` is relative and further capped by the caller's deadline; nil means none.
extension PluginHost {
    /// Calls a unary method. A status other than OK is thrown as a `PluginError` with the
    /// same code and message, so a handler that lets it propagate passes it on to its
    /// own caller unchanged. Throws `HostError` when the host refuses the call outright.
    public func call<Request: Message, Response: Message>(
        _ method: String, _ request: Request, as response: Response.Type = Response.self,
        onBehalfOf caller: PluginCall?, timeout: Duration? = nil
    ) async throws -> Response {
        let reply = try await call(method, payload: try request.serializedBytes(), onBehalfOf: caller, timeout: timeout)
        guard reply.status == .ok else { throw PluginError(reply.status, reply.message) }
        return try Self.decode(Response.self, reply.payload, from: method)
    }

    /// Calls a unary method with serialized bytes. Throws only `HostError` (the host
    /// refused the call outright) or a `PluginError` when `caller` was already answered;
    /// every answer of the method itself is in the reply.
    public func call(
        _ method: String, payload: [UInt8], onBehalfOf caller: PluginCall?, timeout: Duration? = nil
    ) async throws -> HostReply {
        try await start(method, payload, caller, timeout, receiver: nil).reply
    }

    /// Calls a server-streaming method. `onMessage` gets each message, one at a time and
    /// in order, on a host thread, so it must not block; the host delivers the next one
    /// only after it returned, which is the stream's flow control. Return false to stop
    /// the stream early: the call then ends without an error. An error `onMessage`
    /// throws (or a message that does not decode) stops the stream and is rethrown; a
    /// status other than OK is thrown as a `PluginError`.
    public func stream<Request: Message, Response: Message>(
        _ method: String, _ request: Request, as response: Response.Type = Response.self,
        onBehalfOf caller: PluginCall?, timeout: Duration? = nil,
        onMessage: @escaping @Sendable (Response) throws -> Bool
    ) async throws {
        let failure = Mutex<(any Error)?>(nil)
        let outcome = try await start(method, try request.serializedBytes(), caller, timeout) { bytes in
            do {
                return try onMessage(try Self.decode(Response.self, Array(bytes), from: method))
            } catch {
                failure.withLock { $0 = error }
                return false
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
        let reply = outcome.reply
        if reply.status == .ok || (reply.status == .cancelled && outcome.stoppedByPlugin) { return }
        throw PluginError(reply.status, reply.message)
    }

    /// Calls a server-streaming method and turns each message into an element with
    /// `transform`, decoding and transforming it on another thread while the host produces
    /// the next: for bulk reads whose decoding costs more than their producing. The
    /// elements come back in the stream's order; errors as `stream` throws them.
    public func collect<Request: Message, Response: Message, Element: Sendable>(
        _ method: String, _ request: Request, as response: Response.Type = Response.self,
        onBehalfOf caller: PluginCall?, timeout: Duration? = nil,
        transform: @escaping @Sendable (Response) throws -> Element
    ) async throws -> [Element] {
        let pending = Mutex<[Task<Element, any Error>]>([])
        let reply = try await stream(method, payload: try request.serializedBytes(), onBehalfOf: caller, timeout: timeout) { bytes in
            let task = Task.detached { try transform(try Self.decode(Response.self, bytes, from: method)) }
            pending.withLock { $0.append(task) }
            return true
        }
        let tasks = pending.withLock { $0 }
        guard reply.status == .ok else {
            tasks.forEach { $0.cancel() }
            throw PluginError(reply.status, reply.message)
        }
        var elements: [Element] = []
        elements.reserveCapacity(tasks.count)
        for task in tasks { elements.append(try await task.value) }
        return elements
    }

    /// Calls a method with serialized bytes, taking a stream's messages through
    /// `onMessage` (see the typed `stream`). A unary method may be called this way too:
    /// its response is then the reply's payload. Returning false from `onMessage` stops
    /// the stream, which then ends with CANCELLED.
    public func stream(
        _ method: String, payload: [UInt8], onBehalfOf caller: PluginCall?, timeout: Duration? = nil,
        onMessage: @escaping @Sendable ([UInt8]) -> Bool
    ) async throws -> HostReply {
        try await start(method, payload, caller, timeout) { onMessage(Array($0)) }.reply
    }

    private static func decode<Response: Message>(_ type: Response.Type, _ bytes: [UInt8], from method: String) throws -> Response {
        do {
            return try Response(serializedBytes: bytes)
        } catch {
            throw PluginError(.internal, "\(method) answered with something that is not a valid \(Response.protoMessageName): \(error)")
        }
    }

    // MARK: - The bridge to host->call()

    private func start(
        _ method: String, _ payload: [UInt8], _ caller: PluginCall?, _ timeout: Duration?,
        receiver: (@Sendable (UnsafeRawBufferPointer) -> Bool)?
    ) async throws -> PendingHostCall.Outcome {
        let pending = PendingHostCall(receiver: receiver)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                pending.continuation = continuation
                let context = Unmanaged.passRetained(pending).toOpaque()
                let result: Int32?
                if let caller {
                    // The host copies the caller's identity during call(), so the call only
                    // has to be live until it returns.
                    result = caller.withLiveCall { invoke(method, payload, on: $0, timeout, receiver != nil, context) }
                } else {
                    result = invoke(method, payload, on: nil, timeout, receiver != nil, context)
                }
                guard let result, result == 0 else {
                    // No on_reply will come: the continuation and the context are ours to end.
                    Unmanaged<PendingHostCall>.fromOpaque(context).release()
                    continuation.resume(throwing: result.map { HostError(function: "call", errno: -$0) }
                        ?? PluginError(.failedPrecondition, "\(method) cannot be called on behalf of a call that was already answered"))
                    return
                }
            }
        } onCancel: {
            pending.stop()
        }
    }

    private func invoke(
        _ method: String, _ payload: [UInt8], on caller: UnsafePointer<ecoprod_call>?, _ timeout: Duration?,
        _ streaming: Bool, _ context: UnsafeMutableRawPointer
    ) -> Int32 {
        guard let call = api.pointee.call else { return -ENOSYS }
        return method.withCString { method in
            payload.withUnsafeBufferPointer { bytes in
                call(
                    self.context, caller, method, ecoprod_buf(data: bytes.baseAddress, len: bytes.count),
                    Self.nanoseconds(timeout), 0, streaming ? PendingHostCall.onMessage : nil, PendingHostCall.onReply, context
                )
            }
        }
    }

    /// The ABI's relative timeout: 0 is none, so a duration that is up already must not
    /// round to it.
    static func nanoseconds(_ timeout: Duration?) -> Int64 {
        guard let timeout else { return 0 }
        guard timeout > .zero else { return -1 }
        let (seconds, attoseconds) = timeout.components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return .max }
        let (total, overflowAgain) = whole.addingReportingOverflow(attoseconds / 1_000_000_000)
        return overflowAgain ? .max : max(total, 1)
    }
}

/// One call made through host->call(), from call() until its on_reply. It is the
/// reply_ctx: retained for the host until on_reply, which the host sends exactly once
/// for an accepted call, never before call() returned.
final class PendingHostCall: @unchecked Sendable {
    struct Outcome {
        var reply: HostReply
        /// The plugin stopped the stream (on_message returned non-zero), so its
        /// CANCELLED is the expected end rather than an error.
        var stoppedByPlugin: Bool
    }

    // Written before host->call() and read only in on_reply, which the host orders
    // after call() returned.
    var continuation: CheckedContinuation<Outcome, any Error>?
    // Called serially by the host, one message at a time.
    private let receiver: (@Sendable (UnsafeRawBufferPointer) -> Bool)?
    private let stopped = Atomic<Bool>(false)
    private let stoppedByReceiver = Atomic<Bool>(false)

    init(receiver: (@Sendable (UnsafeRawBufferPointer) -> Bool)?) {
        self.receiver = receiver
    }

    /// The awaiting task was cancelled: a stream stops at its next message. (A unary
    /// call has no way to be cancelled; its deadline bounds it.)
    func stop() {
        stopped.store(true, ordering: .relaxed)
    }

    static let onMessage: ecoprod_message_fn = { context, message in
        let pending = Unmanaged<PendingHostCall>.fromOpaque(context!).takeUnretainedValue()
        guard !pending.stopped.load(ordering: .relaxed), let receiver = pending.receiver else { return 1 }
        let keepGoing = receiver(UnsafeRawBufferPointer(start: message.data, count: message.data == nil ? 0 : message.len))
        if !keepGoing { pending.stoppedByReceiver.store(true, ordering: .relaxed) }
        return keepGoing ? 0 : 1
    }

    static let onReply: ecoprod_reply_fn = { context, status, message, payload in
        let pending = Unmanaged<PendingHostCall>.fromOpaque(context!).takeRetainedValue()
        let reply = HostReply(
            status: PluginStatus(code: status),
            message: message.map { String(cString: $0) } ?? "",
            payload: Array(UnsafeBufferPointer(start: payload.data, count: payload.data == nil ? 0 : payload.len))
        )
        pending.continuation!.resume(returning: Outcome(reply: reply, stoppedByPlugin: pending.stoppedByReceiver.load(ordering: .relaxed)))
    }
}
