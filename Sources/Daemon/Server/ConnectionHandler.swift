import Dispatch
import Glibc
import EcoprodProtocol
import Logging
import NIOConcurrencyHelpers
import NIOCore

/// The ttrpc protocol on one connection: turns frames into calls, authorizes and
/// dispatches each, and writes answers as they complete. It runs on its connection's
/// reactor and never waits on a handler: calls that are not `.inline` run as tasks,
/// and their answers hop back to the reactor.
final class ConnectionHandler {
    /// A call that has started and not yet answered.
    private final class ActiveStream {
        var task: Task<Void, Never>?
        var deadlineTimer: UInt64?
        var requestSource: RequestStreamSource?
        var responder: CallResponder?
    }

    private let server: ServerState
    private let peer: PeerIdentity
    private let logger: Logger
    /// nil once the connection has closed; calls still running then answer nobody.
    /// Unretained: the reactor owns the connection from `opened(on:)` until it calls
    /// `closed()`, and the connection owns this handler, so they need no cycle to stay
    /// alive, and each answer is written without counting a reference.
    private var connection: Unmanaged<ServerConnection>?
    private let reactor: Reactor
    private var streams: [UInt32: ActiveStream] = [:]
    private var lastStreamID: UInt32 = 0
    private var reader = FrameReader()
    /// Client streams whose consumers asked us to stop reading.
    private var pausedStreams: Set<UInt32> = []
    /// The last route looked up, so that a client calling the same method again skips
    /// decoding the names and the router's lock. Held as one counted reference that
    /// only `lookUpAndCache` replaces, before any call borrows it, so that a call uses
    /// the entry, its route and its context without counting references of its own.
    private var cachedRoute: Unmanaged<CachedRoute>?
    /// Who this peer is to its calls, rebuilt only after a reload changed the policy;
    /// the role is kept apart too, so that checking it costs no retain.
    private var origin: CallOrigin
    private var role: Role
    private var policyGeneration: UInt64

    /// A route, the raw names it answered, and the context its plain calls share;
    /// replaced when the router or the role policy changes.
    private final class CachedRoute {
        /// The service's bytes, then the method's, in memory of their own: compared on
        /// every call, they are read without an array's bookkeeping.
        private let names: UnsafeMutableRawPointer
        private let serviceCount: Int
        private let methodCount: Int
        let routerGeneration: UInt64
        let policyGeneration: UInt64
        let route: Router.Route
        /// The context of this method's calls that carry no deadline and no metadata:
        /// the same for each.
        let plainCall: CallContext

        init(
            service: UnsafeRawBufferPointer, method: UnsafeRawBufferPointer, routerGeneration: UInt64,
            policyGeneration: UInt64, route: Router.Route, origin: CallOrigin
        ) {
            names = .allocate(byteCount: max(service.count + method.count, 1), alignment: 1)
            serviceCount = service.count
            methodCount = method.count
            if let bytes = service.baseAddress { names.copyMemory(from: bytes, byteCount: serviceCount) }
            if let bytes = method.baseAddress { (names + serviceCount).copyMemory(from: bytes, byteCount: methodCount) }
            self.routerGeneration = routerGeneration
            self.policyGeneration = policyGeneration
            self.route = route
            plainCall = CallContext(method: route.descriptor, origin: origin, deadline: nil, metadata: [])
        }

        deinit { names.deallocate() }

        @inline(__always)
        func answers(service: UnsafeRawBufferPointer, method: UnsafeRawBufferPointer) -> Bool {
            service.count == serviceCount && method.count == methodCount
                && Self.same(names, service) && Self.same(names + serviceCount, method)
        }

        @inline(__always)
        private static func same(_ stored: UnsafeRawPointer, _ bytes: UnsafeRawBufferPointer) -> Bool {
            bytes.isEmpty || memcmp(stored, bytes.baseAddress!, bytes.count) == 0
        }
    }

    private enum RouteLookup {
        /// `cachedRoute` holds the route.
        case cached
        case unknownService
        case unknownMethod
        case malformedName(WireFormatError)
    }

    init(reactor: Reactor, peer: PeerIdentity, server: ServerState) {
        self.reactor = reactor
        self.peer = peer
        self.server = server
        var logger = server.logger
        logger[metadataKey: "peer_uid"] = "\(peer.uid)"
        logger[metadataKey: "peer_pid"] = "\(peer.pid)"
        self.logger = logger
        (policyGeneration, role, origin) = Self.standing(of: peer, under: server, logger: logger)
    }

    deinit {
        cachedRoute?.release()
    }

    /// Starts serving `connection`, which holds this handler; `closed` lets go of it.
    func opened(on connection: ServerConnection) {
        self.connection = Unmanaged.passUnretained(connection)
        server.openConnections.wrappingAdd(1, ordering: .relaxed)
        server.totalConnections.wrappingAdd(1, ordering: .relaxed)
    }

    func closed() {
        server.openConnections.subtract(1, ordering: .relaxed)
        connection = nil
        for (id, stream) in streams {
            stream.task?.cancel()
            stream.responder?.end(.cancelled)
            stream.requestSource?.finish(throwing: RPCError(.cancelled, "the connection closed"))
            end(id)
        }
    }

    /// Reads from the socket into the frame reader's buffer.
    func read(atMost capacity: Int, _ read: (UnsafeMutableRawBufferPointer) -> Int) -> Int {
        reader.read(atMost: capacity, read)
    }

    /// Handles every complete frame read so far.
    func processFrames() {
        do {
            try reader.forEachFrame { inbound in
                handle(inbound)
                return connection != nil
            }
        } catch {
            logger.warning("closing connection: \(error)")
            // Answers to the valid frames before the garbage still go out.
            withConnection { connection in
                connection.flush()
                connection.close()
            }
        }
    }

    // MARK: - Frames

    private func handle(_ inbound: consuming InboundFrame) {
        let header = inbound.header
        let id = header.streamID
        guard !inbound.isOversized else {
            return respond(id, error: RPCError(
                .resourceExhausted,
                "message length \(header.payloadLength) exceeds maximum message size of \(FrameHeader.maximumPayloadLength)"
            ))
        }
        guard id % 2 == 1 else {
            return respond(id, error: RPCError(.invalidArgument, "StreamID must be odd for client initiated streams"))
        }
        switch header.type {
        case .request:
            handleRequest(id, payload: inbound.payload)
        case .data:
            handleData(id, flags: header.flags, payload: inbound.payload)
        case .response, nil:
            respond(id, error: RPCError(.invalidArgument, "unsupported frame type \(header.rawType)"))
        }
    }

    private func handleRequest(_ id: UInt32, payload frame: consuming ByteBuffer) {
        guard id > lastStreamID else {
            return respond(id, error: RPCError(.invalidArgument, "StreamID cannot be re-used and must increment"))
        }
        lastStreamID = id
        server.totalRequests.wrappingAdd(1, ordering: .relaxed)
        // The request is read in place, and the names are compared with the last route's
        // without building strings.
        let request: RequestLayout
        let metadata: [(key: String, value: String)]
        do {
            request = try RequestLayout(of: frame)
            metadata = try request.metadata(in: frame)
        } catch {
            return respond(id, error: RPCError(.invalidArgument, "unmarshal request error: \(error)"))
        }
        guard !server.isDraining else {
            return respond(id, error: RPCError(.unavailable, "ecoprodd is shutting down"))
        }
        guard streams.count < server.maximumStreamsPerConnection else {
            return respond(id, error: RPCError(
                .resourceExhausted, "more than \(server.maximumStreamsPerConnection) calls in flight on one connection"
            ))
        }
        refreshOrigin()
        switch lookUp(request, in: frame) {
        case .cached: break
        case .unknownService: return respond(id, error: RPCError(.unimplemented, "service \(frame.string(request.service))"))
        case .unknownMethod: return respond(id, error: RPCError(.unimplemented, "method \(frame.string(request.method))"))
        case .malformedName(let error): return respond(id, error: RPCError(.invalidArgument, "unmarshal request error: \(error)"))
        }
        // The frame becomes the payload it carries: narrowed, not sliced, so no new reference.
        let start = frame.readerIndex
        frame.moveWriterIndex(to: start + request.payload.upperBound)
        frame.moveReaderIndex(to: start + request.payload.lowerBound)
        cachedRoute.unsafelyUnwrapped._withUnsafeGuaranteedRef { entry in
            serve(id, entry, timeoutNano: request.timeoutNano, metadata: metadata, payload: frame)
        }
    }

    /// Checks the caller may call the route and calls it.
    @inline(__always)
    private func serve(
        _ id: UInt32, _ entry: CachedRoute, timeoutNano: Int64, metadata: [(key: String, value: String)], payload: ByteBuffer
    ) {
        guard role >= entry.route.descriptor.role else {
            let method = entry.route.descriptor
            let group = server.policy.groupName(for: method.role).map { " (group \($0))" } ?? ""
            let refusal = "\(method.fullName) needs role \(method.role)\(group); uid \(peer.uid) has role \(role)"
            logger.notice("refused: \(refusal)", metadata: ["method": "\(method.fullName)"])
            return respond(id, error: RPCError(.permissionDenied, refusal))
        }
        var deadline: NIODeadline?
        if timeoutNano != 0 {
            let due = NIODeadline.now() + .nanoseconds(timeoutNano)
            guard timeoutNano > 0, NIODeadline.now() < due else {
                return respond(id, error: RPCError(.deadlineExceeded, "deadline expired before the call started"))
            }
            deadline = due
        }
        if entry.route.descriptor.mutating {
            let method = entry.route.descriptor.fullName
            logger.notice("call \(method) by uid \(peer.uid) pid \(peer.pid)", metadata: ["method": "\(method)"])
        }
        guard deadline == nil, metadata.isEmpty else {
            let call = CallContext(method: entry.route.descriptor, origin: origin, deadline: deadline, metadata: metadata)
            return dispatch(id, entry, call, payload: payload)
        }
        // Passed as the entry holds it, so the plain calls' context costs no reference.
        dispatch(id, entry, entry.plainCall, payload: payload)
    }

    /// Looks the request's method up, first in the cache, which is inlined: most calls
    /// end there.
    @inline(__always)
    private func lookUp(_ request: RequestLayout, in frame: borrowing ByteBuffer) -> RouteLookup {
        let generation = server.router.generation
        return frame.withUnsafeReadableBytes { raw in
            let service = UnsafeRawBufferPointer(rebasing: raw[request.service])
            let method = UnsafeRawBufferPointer(rebasing: raw[request.method])
            if let cached = cachedRoute, cached._withUnsafeGuaranteedRef({
                $0.routerGeneration == generation && $0.policyGeneration == policyGeneration
                    && $0.answers(service: service, method: method)
            }) {
                return .cached
            }
            return lookUpAndCache(request, in: raw, generation: generation)
        }
    }

    /// Asks the router for a method missing from the cache, and caches it.
    private func lookUpAndCache(_ request: RequestLayout, in raw: UnsafeRawBufferPointer, generation: UInt64) -> RouteLookup {
        // The cached names were checked when they were cached; only new ones need it.
        do throws(WireFormatError) {
            try request.checkNames(in: raw)
        } catch {
            return .malformedName(error)
        }
        let service = UnsafeRawBufferPointer(rebasing: raw[request.service])
        let method = UnsafeRawBufferPointer(rebasing: raw[request.method])
        switch server.router.lookUp(
            service: String(decoding: service, as: UTF8.self), method: String(decoding: method, as: UTF8.self)
        ) {
        case .found(let route):
            cachedRoute?.release()
            cachedRoute = .passRetained(CachedRoute(
                service: service, method: method, routerGeneration: generation, policyGeneration: policyGeneration,
                route: route, origin: origin
            ))
            return .cached
        case .unknownService: return .unknownService
        case .unknownMethod: return .unknownMethod
        }
    }

    /// Rebuilds the peer's role and origin after a reload changed the policy.
    private func refreshOrigin() {
        guard server.policyGeneration != policyGeneration else { return }
        (policyGeneration, role, origin) = Self.standing(of: peer, under: server, logger: logger)
    }

    /// The peer's role and origin under the current policy. The generation is read
    /// first: a policy newer than it only means one more rebuild.
    private static func standing(
        of peer: PeerIdentity, under server: ServerState, logger: Logger
    ) -> (generation: UInt64, role: Role, origin: CallOrigin) {
        let generation = server.policyGeneration
        let role = server.policy.role(of: peer)
        return (generation, role, CallOrigin(caller: peer, role: role, logger: logger))
    }

    private func handleData(_ id: UInt32, flags: FrameFlags, payload: ByteBuffer) {
        guard let stream = streams[id], let source = stream.requestSource else {
            return respond(id, error: RPCError(.invalidArgument, "StreamID is no longer active"))
        }
        if !flags.contains(.noData), !source.yield(payload) {
            pause(id)
        }
        if flags.contains(.remoteClosed) {
            source.finish()
            stream.requestSource = nil
        }
    }

    // MARK: - Dispatch

    private func dispatch(_ id: UInt32, _ entry: CachedRoute, _ call: CallContext, payload: ByteBuffer) {
        if entry.route.isInline {
            // Not through `answer`: wrapping the outcome in a Result would copy the closure and the answer.
            do {
                respond(id, payload: try entry.route.answerInline(call, payload), flush: false)
            } catch {
                respond(id, error: call.failure(error))
            }
            return
        }
        let handler = entry.route.handler
        switch handler {
        case .inline:
            preconditionFailure("answered above")
        case .callback(let kind, let run):
            return dispatchCallback(id, kind, run, call, payload: payload)
        case .unary, .serverStreaming, .clientStreaming:
            break
        }
        let stream = startStream(id, call)
        let this = ReactorBound(self, reactor: reactor)
        let kind = handler.kind
        let run: @Sendable () async throws -> ByteBuffer
        switch handler {
        case .inline, .callback:
            preconditionFailure("answered above")
        case .unary(let unary):
            run = { try await unary(call, payload) }
        case .serverStreaming(let serverStreaming):
            let writer = StreamWriter(connection: this, writability: withConnection(\.writability)!, streamID: id)
            run = {
                try await serverStreaming(call, payload, writer)
                return ByteBuffer()
            }
        case .clientStreaming(let clientStreaming):
            let (messages, source) = RequestStreamSource.make(onProduceMore: { this.execute { $0.resume(id) } })
            if payload.readableBytes > 0 { _ = source.yield(payload) }
            stream.requestSource = source
            run = { try await clientStreaming(call, messages) }
        }
        stream.task = Task {
            let result = await Result(catchingAsync: run)
            this.execute { $0.complete(id, result, kind: kind, call: call) }
        }
    }

    /// Registers a call that answers later, and cuts it off at its deadline.
    @discardableResult
    private func startStream(_ id: UInt32, _ call: CallContext) -> ActiveStream {
        let stream = ActiveStream()
        streams[id] = stream
        server.callStarted()
        if let deadline = call.deadline {
            stream.deadlineTimer = reactor.schedule(at: deadline) { [weak self] in self?.expire(id) }
        }
        return stream
    }

    /// A unary callback that answers while it runs is answered like an inline call,
    /// without registering anything; one that answers later becomes an active stream.
    /// A streaming one is registered first, since its messages may come at once.
    private func dispatchCallback(
        _ id: UInt32, _ kind: MethodKind, _ run: @Sendable (CallContext, ByteBuffer, CallResponder) -> Void,
        _ call: CallContext, payload: ByteBuffer
    ) {
        let this = ReactorBound(self, reactor: reactor)
        let streaming = kind == .serverStreaming
        let responder = CallResponder(destination: .init(
            answer: { result in this.execute { $0.complete(id, result, kind: kind, call: call) } },
            send: streaming ? streamSender(id, this) : nil
        ))
        if streaming { startStream(id, call).responder = responder }
        run(call, payload, responder)
        guard let result = responder.handlerReturned() else {
            if !streaming { startStream(id, call).responder = responder }
            return
        }
        if streaming {
            // Messages sent from other threads while the handler ran are still queued as
            // hops; the end of the stream must leave after them.
            this.execute { $0.complete(id, result, kind: kind, call: call) }
        } else {
            answer(id, result, kind: kind, call: call, flush: false)
        }
    }

    /// Sends a callback's stream messages. On the I/O thread a message is written at
    /// once, keeping it ahead of an answer given in the same handler; elsewhere it hops
    /// here. Writability alone cannot hold a sender on another thread back: the buffer
    /// grows only when the hops run. So the bytes handed over but not yet written count
    /// too, and past `maximumHandedOverBytes` the sender waits (or hears `wouldBlock`)
    /// until the I/O thread has caught up and the client has drained.
    private func streamSender(_ id: UInt32, _ this: ReactorBound<ConnectionHandler>) -> @Sendable (ByteBuffer, Bool) -> CallResponder.SendOutcome {
        let writability = withConnection(\.writability)!
        let handedOver = NIOLockedValueBox(0)
        return { message, mayWait in
            if this.reactor.isCurrent { return this.value.sendStreamData(id, CollectionOfOne(message)) }
            if !writability.isWritable || handedOver.withLockedValue({ $0 }) > Self.maximumHandedOverBytes {
                guard mayWait else { return .wouldBlock }
                let drained = DispatchSemaphore(value: 0)
                // Runs after every hop queued before it, so the hand-over is empty by then.
                this.execute { $0.whenDrained(id) { _ in drained.signal() } }
                drained.wait()
            }
            let size = message.readableBytes
            handedOver.withLockedValue { $0 += size }
            this.execute {
                handedOver.withLockedValue { $0 -= size }
                _ = $0.sendStreamData(id, CollectionOfOne(message))
            }
            return .sent
        }
    }

    static let maximumHandedOverBytes = 1 << 20

    /// Answers a call that ran as a task, unless its deadline or the connection ended it first.
    private func complete(_ id: UInt32, _ result: Result<ByteBuffer, Error>, kind: MethodKind, call: CallContext) {
        guard streams[id] != nil else { return }
        end(id)
        answer(id, result, kind: kind, call: call, flush: true)
    }

    private func answer(_ id: UInt32, _ result: Result<ByteBuffer, Error>, kind: MethodKind, call: CallContext, flush: Bool) {
        switch result {
        case .success where kind == .serverStreaming:
            write(flush: flush) { buffer in
                buffer.writeFrameHeader(FrameHeader(payloadLength: 0, streamID: id, type: .data, flags: [.remoteClosed, .noData]))
            }
        case .success(let payload):
            respond(id, payload: payload, flush: flush)
        case .failure(let error):
            respond(id, error: call.failure(error), flush: flush)
        }
    }

    private func expire(_ id: UInt32) {
        guard let stream = streams[id] else { return }
        stream.deadlineTimer = nil
        stream.task?.cancel()
        stream.responder?.end(.deadlineExceeded)
        stream.requestSource?.finish(throwing: RPCError(.deadlineExceeded, "deadline exceeded"))
        end(id)
        respond(id, error: RPCError(.deadlineExceeded, "deadline exceeded"), flush: true)
    }

    /// Forgets a call that has answered or been cut off.
    private func end(_ id: UInt32) {
        guard let stream = streams.removeValue(forKey: id) else { return }
        if let timer = stream.deadlineTimer { reactor.cancelTimer(timer) }
        server.callEnded()
        resume(id)
    }

    // MARK: - Writing

    /// Answers given while reading, protocol errors among them, are sent together once
    /// the read is handled.
    private func respond(_ id: UInt32, error: RPCError, flush: Bool = false) {
        write(flush: flush) { ResponseEnvelope(error: error).encodeFrame(streamID: id, into: &$0) }
    }

    private func respond(_ id: UInt32, payload: borrowing ByteBuffer, flush: Bool) {
        guard ResponseEnvelope.encodedSize(payloadBytes: payload.readableBytes) <= FrameHeader.maximumPayloadLength else {
            return respond(id, error: RPCError(
                .resourceExhausted,
                "response of \(payload.readableBytes) bytes exceeds the \(FrameHeader.maximumPayloadLength)-byte frame limit"
            ), flush: flush)
        }
        write(flush: flush) { $0.writeResponseFrame(streamID: id, payload: payload) }
    }

    private func write(flush: Bool, _ body: (inout ByteBuffer) -> Void) {
        withConnection { connection in
            connection.appendOutbound(body)
            if flush { connection.flush() }
        }
    }

    /// Messages of a server stream, unless the call already ended.
    fileprivate func sendStreamData(_ id: UInt32, _ messages: some Collection<ByteBuffer>) -> CallResponder.SendOutcome {
        guard streams[id] != nil, connection != nil else { return .ended(.cancelled) }
        guard messages.allSatisfy({ $0.readableBytes <= FrameHeader.maximumPayloadLength }) else { return .tooLarge }
        withConnection { connection in
            connection.appendOutbound { buffer in
                for message in messages { buffer.writeFrame(streamID: id, type: .data, payload: message) }
            }
            connection.flush()
        }
        return .sent
    }

    /// Calls `waiter` once the connection can take more of stream `id`, or the call is over.
    fileprivate func whenDrained(_ id: UInt32, _ waiter: @escaping (RPCError?) -> Void) {
        guard streams[id] != nil, connection != nil else { return waiter(RPCError(.cancelled, "the call already ended")) }
        withConnection { $0.whenDrained(waiter) }
    }

    /// Runs `body` with the connection unless it has closed, without retaining it.
    @inline(__always)
    private func withConnection<Result>(_ body: (ServerConnection) -> Result) -> Result? {
        connection?._withUnsafeGuaranteedRef(body)
    }

    // MARK: - Client-stream backpressure

    private func pause(_ id: UInt32) {
        if pausedStreams.isEmpty { withConnection { $0.setReading(false) } }
        pausedStreams.insert(id)
    }

    private func resume(_ id: UInt32) {
        guard pausedStreams.remove(id) != nil, pausedStreams.isEmpty else { return }
        withConnection { $0.setReading(true) }
    }
}

/// Sends a server-streaming handler's messages. While the connection's send buffer
/// is over its high watermark each send waits, so a fast producer cannot pile up memory.
/// Messages sent while the reactor has not yet written the previous ones go with them,
/// in one job and one write: a search's hundred hits cost a few system calls, not a hundred.
private struct StreamWriter: ResponseStreamWriter {
    let connection: ReactorBound<ConnectionHandler>
    let writability: Writability
    let streamID: UInt32
    let unsent = NIOLockedValueBox<[ByteBuffer]>([])

    func send(_ message: ByteBuffer) async throws {
        try Task.checkCancellation()
        guard message.readableBytes <= FrameHeader.maximumPayloadLength else {
            throw RPCError(.resourceExhausted, "a response message of \(message.readableBytes) bytes exceeds the \(FrameHeader.maximumPayloadLength)-byte frame limit")
        }
        let streamID = streamID
        if !writability.isWritable {
            try await withCheckedThrowingContinuation { (drained: CheckedContinuation<Void, Error>) in
                connection.execute { $0.whenDrained(streamID) { error in drained.resume(with: error.map { .failure($0) } ?? .success(())) } }
            }
        }
        let firstUnsent = unsent.withLockedValue { unsent in
            unsent.append(message)
            return unsent.count == 1
        }
        guard firstUnsent else { return }
        let unsent = unsent
        connection.execute { handler in
            _ = handler.sendStreamData(streamID, unsent.withLockedValue { unsent in
                defer { unsent.removeAll() }
                return unsent
            })
        }
    }
}

extension Result where Failure == Error {
    init(catchingAsync body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
