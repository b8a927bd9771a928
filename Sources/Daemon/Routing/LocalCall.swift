import EcoprodProtocol
import Logging
import NIOCore
import Synchronization

/// Who a call made inside the daemon is for: a plugin acting for the caller it serves.
public struct LocalCaller: Sendable {
    public var identity: PeerIdentity
    public var role: Role
    public var deadline: NIODeadline?
    /// The plugin (or the domain) making the call, named in refusals, logs and the callee's context.
    public var viaPlugin: String
    public var logger: Logger
}

/// What the maker of a local call hears back.
public struct LocalCallObserver: Sendable {
    /// One message of a server stream, delivered one at a time in order; false stops
    /// the stream, which then ends with CANCELLED. nil when the caller takes no stream.
    public var message: (@Sendable (ByteBuffer) -> Bool)?
    /// The end of the call, exactly once, never before `call` returned.
    public var end: @Sendable (Result<ByteBuffer, RPCError>) -> Void
}

/// A call made from inside the daemon — by a plugin, through the host table. It goes
/// through the same lookup, role check, deadline and handler kinds as a socket call,
/// so a plugin gets exactly what its caller would, and never more.
extension Router {
    public func call(_ fullName: String, payload: ByteBuffer, as caller: LocalCaller, observer: LocalCallObserver) {
        let local = LocalCall(observer: observer)
        Task { run(fullName, payload: payload, caller: caller, call: local) }
    }

    private func run(_ fullName: String, payload: ByteBuffer, caller: LocalCaller, call local: LocalCall) {
        let name = fullName.hasPrefix("/") ? fullName.dropFirst() : fullName[...]
        guard let slash = name.lastIndex(of: "/"), slash != name.startIndex, name.index(after: slash) != name.endIndex else {
            return local.finish(.failure(RPCError(.invalidArgument, "method \"\(fullName)\" is not of the form package.Service/Method")))
        }
        let route: Route
        switch lookUp(service: String(name[..<slash]), method: String(name[name.index(after: slash)...])) {
        case .found(let found): route = found
        case .unknownService: return local.finish(.failure(RPCError(.unimplemented, "service \(name[..<slash])")))
        case .unknownMethod: return local.finish(.failure(RPCError(.unimplemented, "method \(name[name.index(after: slash)...])")))
        }
        let method = route.descriptor
        guard caller.role >= method.role else {
            let refusal = "\(method.fullName) needs role \(method.role); uid \(caller.identity.uid) has role \(caller.role) (via plugin \(caller.viaPlugin))"
            caller.logger.notice("refused: \(refusal)", metadata: ["method": "\(method.fullName)"])
            return local.finish(.failure(RPCError(.permissionDenied, refusal)))
        }
        if method.kind == .serverStreaming, local.observer.message == nil {
            return local.finish(.failure(RPCError(.invalidArgument, "\(method.fullName) is server-streaming: the call needs a message callback")))
        }
        if let deadline = caller.deadline {
            guard deadline > .now() else {
                return local.finish(.failure(RPCError(.deadlineExceeded, "deadline expired before the call started")))
            }
            local.expire(at: deadline)
        }
        let context = CallContext(
            method: method, caller: caller.identity, role: caller.role, deadline: caller.deadline,
            viaPlugin: caller.viaPlugin, logger: caller.logger
        )
        if method.mutating {
            context.logger.notice("call \(method.fullName) by uid \(caller.identity.uid) pid \(caller.identity.pid) via plugin \(caller.viaPlugin)")
        }
        switch route.handler {
        case .inline(let handler):
            local.finish(Result { try handler(context, payload) }.mapError(context.failure))
        case .unary(let handler):
            local.start(context) { try await handler(context, payload) }
        case .serverStreaming(let handler):
            local.start(context) {
                try await handler(context, payload, LocalStreamWriter(call: local))
                return ByteBuffer()
            }
        case .clientStreaming:
            local.finish(.failure(RPCError(.unimplemented, "\(method.fullName) is client-streaming, which calls from plugins cannot use")))
        case .callback(_, let handler):
            let responder = CallResponder(destination: .init(
                answer: { local.finish($0.mapError(context.failure)) },
                send: { message, _ in local.deliver(message) ? .sent : .ended(.cancelled) }
            ))
            local.onEnd { responder.end($0) }
            handler(context, payload, responder)
            if let answer = responder.handlerReturned() { local.finish(answer.mapError(context.failure)) }
        }
    }
}

/// One local call's life: it ends exactly once — answer, deadline or a stopped
/// stream, whichever comes first — and what comes after is dropped.
private final class LocalCall: Sendable {
    let observer: LocalCallObserver
    private struct State {
        var ended = false
        var work: Task<Void, Never>?
        var timer: Task<Void, Never>?
        var onEnd: (@Sendable (StatusCode) -> Void)?
    }
    private let state = Mutex(State())

    init(observer: LocalCallObserver) {
        self.observer = observer
    }

    func start(_ context: CallContext, _ body: @escaping @Sendable () async throws -> ByteBuffer) {
        let work = Task { finish(await Result(catchingAsync: body).mapError(context.failure)) }
        state.withLock { $0.work = work }
    }

    func expire(at deadline: NIODeadline) {
        let timer = Task {
            try? await Task.sleep(for: .nanoseconds((deadline - .now()).nanoseconds))
            if !Task.isCancelled { finish(.failure(RPCError(.deadlineExceeded, "deadline exceeded"))) }
        }
        state.withLock { $0.timer = timer }
    }

    /// Runs `body` with the status if the call ends before its handler answered.
    func onEnd(_ body: @escaping @Sendable (StatusCode) -> Void) {
        state.withLock { $0.onEnd = body }
    }

    /// Hands one stream message to the observer; false once the call is over.
    func deliver(_ message: ByteBuffer) -> Bool {
        guard !state.withLock({ $0.ended }) else { return false }
        guard observer.message?(message) ?? false else {
            finish(.failure(RPCError(.cancelled, "the caller stopped the stream")))
            return false
        }
        return true
    }

    func finish(_ result: Result<ByteBuffer, RPCError>) {
        let previous = state.withLock { state -> State? in
            guard !state.ended else { return nil }
            defer { state = State(ended: true) }
            return state
        }
        guard let previous else { return }
        previous.timer?.cancel()
        previous.work?.cancel()
        if case .failure(let error) = result { previous.onEnd?(error.code) }
        observer.end(result)
    }
}

/// A built-in server stream's messages, handed to the local caller as they come.
private struct LocalStreamWriter: ResponseStreamWriter {
    let call: LocalCall

    func send(_ message: ByteBuffer) async throws {
        guard call.deliver(message) else { throw CancellationError() }
    }
}
