import EcoprodProtocol
import Logging
import NIOCore

/// Serves one client connection: reads frames, authorizes and dispatches each
/// request, and writes answers as they complete. It never waits on a handler: calls
/// that are not `.inline` run as tasks, and their answers hop back to this loop.
public final class ConnectionHandler: ChannelInboundHandler {
    public typealias InboundIn = ByteBuffer
    public typealias OutboundOut = ByteBuffer

    /// A call that has started and not yet answered.
    private final class ActiveStream {
        var task: Task<Void, Never>?
        var deadlineTimer: Scheduled<Void>?
        var requestSource: RequestStreamSource?

        func end() {
            task?.cancel()
            deadlineTimer?.cancel()
            requestSource?.finish(throwing: RPCError(.cancelled, "the call ended"))
        }
    }

    private let server: ServerState
    private var peer: PeerIdentity?
    private var logger: Logger
    private var streams: [UInt32: ActiveStream] = [:]
    private var reader = FrameReader()
    private var lastStreamID: UInt32 = 0
    private var context: ChannelHandlerContext!
    private var pendingFlush = false
    /// Client streams whose consumers asked us to stop reading.
    private var pausedStreams: Set<UInt32> = []

    public init(server: ServerState) {
        self.server = server
        self.logger = server.logger
    }

    public func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    public func channelActive(context: ChannelHandlerContext) {
        server.openConnections.add(1, ordering: .relaxed)
        server.totalConnections.add(1, ordering: .relaxed)
        server.readPeerIdentity(context.channel).assumeIsolated().whenComplete { result in
            switch result {
            case .success(let peer):
                self.peer = peer
                self.logger[metadataKey: "peer_uid"] = "\(peer.uid)"
                self.logger[metadataKey: "peer_pid"] = "\(peer.pid)"
            case .failure(let error):
                self.logger.error("closing a connection whose peer credentials cannot be read: \(error)")
                context.close(promise: nil)
            }
        }
        context.fireChannelActive()
    }

    public func channelInactive(context: ChannelHandlerContext) {
        server.openConnections.subtract(1, ordering: .relaxed)
        for (id, stream) in streams {
            stream.end()
            finishStream(id)
        }
        context.fireChannelInactive()
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        reader.append(unwrapInboundIn(data))
        do {
            while let inbound = try reader.next() {
                switch inbound {
                case .frame(let frame):
                    handle(frame)
                case .oversized(let header):
                    respond(header.streamID, error: RPCError(
                        .resourceExhausted,
                        "message length \(header.payloadLength) exceeds maximum message size of \(FrameHeader.maximumPayloadLength)"
                    ))
                }
            }
        } catch {
            logger.warning("closing connection: \(error)")
            context.close(promise: nil)
        }
    }

    public func channelReadComplete(context: ChannelHandlerContext) {
        if pendingFlush {
            pendingFlush = false
            context.flush()
        }
        context.fireChannelReadComplete()
    }

    public func errorCaught(context: ChannelHandlerContext, error: Error) {
        if !(error is IOError) {
            logger.warning("closing connection: \(error)")
        }
        context.close(promise: nil)
    }

    // MARK: - Frames

    private func handle(_ frame: Frame) {
        let id = frame.header.streamID
        guard id % 2 == 1 else {
            return respond(id, error: RPCError(.invalidArgument, "StreamID must be odd for client initiated streams"))
        }
        switch frame.header.type {
        case .request:
            handleRequest(id, payload: frame.payload)
        case .data:
            handleData(id, flags: frame.header.flags, payload: frame.payload)
        case .response, nil:
            respond(id, error: RPCError(.invalidArgument, "unsupported frame type \(frame.header.rawType)"))
        }
    }

    private func handleRequest(_ id: UInt32, payload: ByteBuffer) {
        guard id > lastStreamID else {
            return respond(id, error: RPCError(.invalidArgument, "StreamID cannot be re-used and must increment"))
        }
        lastStreamID = id
        server.totalRequests.add(1, ordering: .relaxed)
        let request: RequestEnvelope
        do {
            request = try RequestEnvelope(decoding: payload)
        } catch {
            return respond(id, error: RPCError(.invalidArgument, "unmarshal request error: \(error)"))
        }
        guard let peer else {
            return respond(id, error: RPCError(.unavailable, "peer credentials not yet known"))
        }
        guard !server.isDraining else {
            return respond(id, error: RPCError(.unavailable, "ecoprodd is shutting down"))
        }
        guard streams.count < server.maximumStreamsPerConnection else {
            return respond(id, error: RPCError(
                .resourceExhausted, "more than \(server.maximumStreamsPerConnection) calls in flight on one connection"
            ))
        }
        let route: Router.Route
        switch server.router.lookUp(service: request.service, method: request.method) {
        case .found(let found): route = found
        case .unknownService: return respond(id, error: RPCError(.unimplemented, "service \(request.service)"))
        case .unknownMethod: return respond(id, error: RPCError(.unimplemented, "method \(request.method)"))
        }
        let policy = server.policy
        let role = policy.role(of: peer)
        let method = route.descriptor
        guard role >= method.role else {
            let group = policy.groupName(for: method.role).map { " (group \($0))" } ?? ""
            return respond(id, error: RPCError(
                .permissionDenied,
                "\(method.fullName) needs role \(method.role)\(group); uid \(peer.uid) has role \(role)"
            ))
        }
        var deadline: NIODeadline?
        if request.timeoutNano != 0 {
            let due = NIODeadline.now() + .nanoseconds(request.timeoutNano)
            guard request.timeoutNano > 0, NIODeadline.now() < due else {
                return respond(id, error: RPCError(.deadlineExceeded, "deadline expired before the call started"))
            }
            deadline = due
        }
        let call = CallContext(
            method: method, caller: peer, role: role, deadline: deadline, metadata: request.metadata, logger: logger
        )
        if method.mutating {
            call.logger.notice("call \(method.fullName) by uid \(peer.uid) pid \(peer.pid)")
        }
        dispatch(id, route.handler, call, payload: request.payload)
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

    private func dispatch(_ id: UInt32, _ handler: MethodHandler, _ call: CallContext, payload: ByteBuffer) {
        if case .inline(let run) = handler {
            return answer(id, Result { try run(call, payload) }, kind: .unary, call: call, flush: false)
        }
        let stream = ActiveStream()
        streams[id] = stream
        server.callStarted()
        let loop = context.eventLoop
        let this = NIOLoopBound(self, eventLoop: loop)
        if let deadline = call.deadline {
            stream.deadlineTimer = loop.scheduleTask(deadline: deadline) { this.value.expire(id) }
        }
        let kind = handler.kind
        let run: @Sendable () async throws -> ByteBuffer
        switch handler {
        case .inline:
            preconditionFailure("answered above")
        case .unary(let unary):
            run = { try await unary(call, payload) }
        case .serverStreaming(let serverStreaming):
            let writer = StreamWriter(connection: this, channel: context.channel, streamID: id)
            run = {
                try await serverStreaming(call, payload, writer)
                return ByteBuffer()
            }
        case .clientStreaming(let clientStreaming):
            let (messages, source) = RequestStreamSource.make(onProduceMore: { loop.execute { this.value.resume(id) } })
            if payload.readableBytes > 0 { _ = source.yield(payload) }
            stream.requestSource = source
            run = { try await clientStreaming(call, messages) }
        }
        stream.task = Task {
            let result = await Result(catchingAsync: run)
            loop.execute { this.value.complete(id, result, kind: kind, call: call) }
        }
    }

    /// Answers a call that ran as a task, unless its deadline or the connection ended it first.
    private func complete(_ id: UInt32, _ result: Result<ByteBuffer, Error>, kind: MethodKind, call: CallContext) {
        guard let stream = streams[id] else { return }
        stream.deadlineTimer?.cancel()
        finishStream(id)
        answer(id, result, kind: kind, call: call, flush: true)
    }

    private func answer(_ id: UInt32, _ result: Result<ByteBuffer, Error>, kind: MethodKind, call: CallContext, flush: Bool) {
        switch result {
        case .success where kind == .serverStreaming:
            var buffer = context.channel.allocator.buffer(capacity: FrameHeader.size)
            buffer.writeFrameHeader(FrameHeader(payloadLength: 0, streamID: id, type: .data, flags: [.remoteClosed, .noData]))
            write(buffer, flush: flush)
        case .success(let payload):
            respond(id, ResponseEnvelope(payload: payload), flush: flush)
        case .failure(let error):
            respond(id, ResponseEnvelope(error: rpcError(from: error, call: call)), flush: flush)
        }
    }

    private func expire(_ id: UInt32) {
        guard let stream = streams[id] else { return }
        stream.end()
        finishStream(id)
        respond(id, ResponseEnvelope(error: RPCError(.deadlineExceeded, "deadline exceeded")), flush: true)
    }

    private func finishStream(_ id: UInt32) {
        guard streams.removeValue(forKey: id) != nil else { return }
        server.callEnded()
        resume(id)
    }

    private func rpcError(from error: Error, call: CallContext) -> RPCError {
        switch error {
        case let error as RPCError:
            return error
        case is CancellationError:
            return RPCError(.cancelled, "the call was cancelled")
        default:
            call.logger.error("\(call.method.fullName) failed: \(error)")
            return RPCError(.internal, "\(error)")
        }
    }

    // MARK: - Writing

    /// Protocol errors are answered while reading, so they are flushed with the read burst.
    private func respond(_ id: UInt32, error: RPCError) {
        respond(id, ResponseEnvelope(error: error), flush: false)
    }

    private func respond(_ id: UInt32, _ response: ResponseEnvelope, flush: Bool) {
        var response = response
        if response.encodedSize > FrameHeader.maximumPayloadLength {
            response = ResponseEnvelope(error: RPCError(
                .resourceExhausted,
                "response of \(response.payload.readableBytes) bytes exceeds the \(FrameHeader.maximumPayloadLength)-byte frame limit"
            ))
        }
        let size = response.encodedSize
        var buffer = context.channel.allocator.buffer(capacity: FrameHeader.size + size)
        buffer.writeFrameHeader(FrameHeader(payloadLength: size, streamID: id, type: .response))
        response.encode(into: &buffer)
        write(buffer, flush: flush)
    }

    /// Answers given while reading are flushed together at the end of the read burst.
    private func write(_ buffer: ByteBuffer, flush: Bool, promise: EventLoopPromise<Void>? = nil) {
        context.write(wrapOutboundOut(buffer), promise: promise)
        if flush { context.flush() } else { pendingFlush = true }
    }

    /// Called on the loop for each message a server-streaming handler sends.
    fileprivate func sendStreamData(_ id: UInt32, _ message: ByteBuffer, promise: EventLoopPromise<Void>) {
        guard streams[id] != nil else {
            return promise.fail(RPCError(.cancelled, "the call already ended"))
        }
        guard message.readableBytes <= FrameHeader.maximumPayloadLength else {
            return promise.fail(RPCError(.resourceExhausted, "stream message of \(message.readableBytes) bytes exceeds the frame limit"))
        }
        var buffer = context.channel.allocator.buffer(capacity: FrameHeader.size + message.readableBytes)
        buffer.writeFrame(streamID: id, type: .data, payload: message)
        write(buffer, flush: true, promise: promise)
    }

    // MARK: - Client-stream backpressure

    private func pause(_ id: UInt32) {
        if pausedStreams.isEmpty { try? context.channel.syncOptions?.setOption(.autoRead, value: false) }
        pausedStreams.insert(id)
    }

    private func resume(_ id: UInt32) {
        guard pausedStreams.remove(id) != nil, pausedStreams.isEmpty else { return }
        try? context.channel.syncOptions?.setOption(.autoRead, value: true)
        context.read()
    }
}

/// Sends a server-streaming handler's messages, waiting whenever the socket's send
/// buffer is full so that a fast producer cannot pile up memory.
private struct StreamWriter: ResponseStreamWriter {
    let connection: NIOLoopBound<ConnectionHandler>
    let channel: Channel
    let streamID: UInt32

    func send(_ message: ByteBuffer) async throws {
        try Task.checkCancellation()
        let promise = channel.eventLoop.makePromise(of: Void.self)
        let (connection, streamID) = (connection, streamID)
        channel.eventLoop.execute { connection.value.sendStreamData(streamID, message, promise: promise) }
        if !channel.isWritable { try await promise.futureResult.get() }
    }
}

extension Result where Failure == Error {
    init(catchingAsync body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
