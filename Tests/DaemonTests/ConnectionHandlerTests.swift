@testable import EcoprodDaemon
import EcoprodProtocol
import NIOCore
import Glibc
import SwiftProtobuf
import Testing

private let service = Fixtures.service

@Suite("ConnectionHandler", .timeLimit(.minutes(1)))
struct ConnectionHandlerTests {
    /// A connection to a router whose one method, of `service`, answers an empty response at once.
    private func openServingAnEmptyAnswer(method: String) async throws -> TestConnection {
        let router = Router()
        try router.registerInline(service: service, method: method, role: .reader) { (_: TestRequest, _) in TestResponse() }
        return try await TestConnection.open(router: router)
    }

    // MARK: - Unary

    @Test func inlineUnaryIsAnsweredWhileReading() async throws {
        let router = Router()
        try router.registerInline(service: service, method: "Echo", role: .reader) { (request: TestRequest, _) in
            Fixtures.response(request.topics.reversed())
        }
        let connection = try await TestConnection.open(router: router)
        try await connection.request(1, method: "Echo", Fixtures.request("a", "b"))
        // No task involved: answered while reading.
        let response = try await connection.nextResponse(1)
        #expect(try response.decode(TestResponse.self) == Fixtures.response(["b", "a"]))
        #expect(connection.server.callsInFlight == 0)
        #expect(connection.server.requestsTotal == 1)
        try await connection.expectNothingMore()
    }

    @Test func workedHealthExampleByteForByte() async throws {
        let router = Router()
        try router.registerInline(service: "ecoprod.daemon.v1.Daemon", method: "Health", role: .reader) {
            (_: Ecoprod_Daemon_V1_HealthRequest, _) in Ecoprod_Daemon_V1_HealthResponse.with { $0.status = .serving }
        }
        let connection = try await TestConnection.open(router: router, peer: Fixtures.user(groups: [Fixtures.readerGID]))
        try await connection.send(bytes: hex(
            "00 00 00 22 00 00 00 01 01 00 0a 18 65 63 6f 70 72 6f 64 2e 64 61 65 6d 6f 6e 2e 76 31 2e 44 61 65 6d 6f 6e 12 06 48 65 61 6c 74 68"
        ))
        let frame = try await connection.next()
        var written = ByteBuffer()
        written.writeFrame(streamID: frame.header.streamID, type: try #require(frame.header.type), flags: frame.header.flags, payload: frame.payload)
        #expect(Array(written.readableBytesView) == hex("00 00 00 06 00 00 00 01 02 00 0a 00 12 02 08 01"))
    }

    @Test func pipelinedRequestsInOneChunkAreAllAnsweredInOrder() async throws {
        let router = Router()
        try router.registerInline(service: service, method: "Echo", role: .reader) { (request: TestRequest, _) in
            Fixtures.response(request.topics)
        }
        let connection = try await TestConnection.open(router: router)
        var bytes = ByteBuffer()
        for id: UInt32 in [1, 3, 5] {
            bytes.writeFrame(
                streamID: id, type: .request,
                payload: TestConnection.requestPayload(method: "Echo", message: try ByteBuffer(message: Fixtures.request("\(id)")))
            )
        }
        try await connection.send(bytes)
        let frames = [try await connection.next(), try await connection.next(), try await connection.next()]
        #expect(frames.map(\.header.streamID) == [1, 3, 5])
        for frame in frames {
            let response = try TestConnection.response(frame, frame.header.streamID)
            #expect(try response.decode(TestResponse.self).changes == ["\(frame.header.streamID)"])
        }
    }

    @Test func asyncUnaryAnswersArriveInCompletionOrder() async throws {
        let router = Router()
        let slowStarted = Signals<Void>()
        let gate = Gate()
        try router.registerUnary(service: service, method: "Slow", role: .reader, mutating: false) { (request: TestRequest, _) in
            slowStarted.send(())
            await gate.wait()
            return Fixtures.response(["slow"] + request.topics)
        }
        try router.registerUnary(service: service, method: "Fast", role: .reader, mutating: false) { (request: TestRequest, _) in
            Fixtures.response(["fast"] + request.topics)
        }
        let connection = try await TestConnection.open(router: router)
        try await connection.request(1, method: "Slow", Fixtures.request("1"))
        try await slowStarted.next("Slow to start")
        try await connection.request(3, method: "Fast", Fixtures.request("3"))

        // The later, faster call answers first; the slow one is still in flight.
        #expect(try await connection.nextResponse(3).decode(TestResponse.self).changes == ["fast", "3"])
        #expect(connection.server.callsInFlight == 1)

        gate.open()
        #expect(try await connection.nextResponse(1).decode(TestResponse.self).changes == ["slow", "1"])
        #expect(connection.server.callsInFlight == 0)
        try await connection.expectNothingMore()
    }

    @Test func callContextCarriesPeerRoleMetadataAndNoDeadline() async throws {
        let router = Router()
        let seen = Shared<CallContext?>(nil)
        try router.registerInline(service: service, method: "Context", role: .reader) { (_: TestRequest, call) in
            seen.update { $0 = call }
            return TestResponse()
        }
        let peer = Fixtures.user(groups: [Fixtures.editorGID])
        let connection = try await TestConnection.open(router: router, peer: peer)
        try await connection.request(1, method: "Context", metadata: [("a", "1"), ("b", "x"), ("a", "2")])
        #expect(try await connection.nextResponse(1).code == .ok)
        let call = try #require(seen.value)
        #expect(call.caller == peer)
        #expect(call.role == .editor)
        #expect(call.deadline == nil)
        #expect(call.metadata == ["a": ["1", "2"], "b": ["x"]])
        #expect(call.metadataPairs.map(\.key) == ["a", "b", "a"])
        #expect(call.metadataPairs.map(\.value) == ["1", "x", "2"])
        #expect(call.method.fullName == "/test.v1.Things/Context")
    }

    @Test func theHandlerGetsExactlyThePayloadWhateverFieldsSurroundIt() async throws {
        let router = Router()
        try router.register(
            MethodDescriptor(service: service, method: "Raw", requestType: TestRequest.protoMessageName,
                             responseType: TestResponse.protoMessageName, role: .reader),
            handler: .inline { _, payload in payload }
        )
        let connection = try await TestConnection.open(router: router)
        let payload: [UInt8] = [0x0a, 0x03, 0x61, 0x62, 0x63]
        // Our client writes timeout and metadata after the payload; the handler must see none of them.
        try await connection.request(1, method: "Raw", rawMessage: ByteBuffer(bytes: payload), timeoutNano: 60_000_000_000, metadata: [("k", "v")])
        try await connection.request(3, method: "Raw", rawMessage: ByteBuffer(bytes: payload))
        for id: UInt32 in [1, 3] {
            #expect(Array(try await connection.nextResponse(id).payload.readableBytesView) == payload)
        }
    }

    @Test func plainCallsShareAContextThatNeverCarriesAnotherCallsDeadlineMetadataOrRole() async throws {
        let router = Router()
        let seen = Shared<[CallContext]>([])
        try router.registerInline(service: service, method: "Context", role: .reader) { (_: TestRequest, call) in
            seen.update { $0.append(call) }
            return TestResponse()
        }
        let connection = try await TestConnection.open(router: router, peer: Fixtures.user(groups: [Fixtures.editorGID]))
        try await connection.request(1, method: "Context")
        try await connection.request(3, method: "Context", timeoutNano: 60_000_000_000, metadata: [("k", "v")])
        try await connection.request(5, method: "Context")
        for id: UInt32 in [1, 3, 5] { #expect(try await connection.nextResponse(id).code == .ok) }
        var policy = Fixtures.policy
        policy.reader.gid = Fixtures.editorGID
        policy.editor.gid = 6001
        connection.server.policy = policy
        try await connection.request(7, method: "Context")
        #expect(try await connection.nextResponse(7).code == .ok)

        let calls = seen.value
        try #require(calls.count == 4)
        #expect(calls.map { $0.deadline != nil } == [false, true, false, false])
        #expect(calls.map(\.metadataPairs.count) == [0, 1, 0, 0])
        #expect(calls.map(\.role) == [.editor, .editor, .editor, .reader])
        // The two plain calls under one policy shared their context; the one after the reload did not.
        #expect(calls[0] === calls[2])
        #expect(calls[2] !== calls[3])
    }

    @Test func handlerErrorsBecomeStatuses() async throws {
        struct Oops: Error {}
        let router = Router()
        try router.registerUnary(service: service, method: "NotFound", role: .reader, mutating: false) { (_: TestRequest, _) -> TestResponse in
            throw RPCError(.notFound, "no such thing")
        }
        try router.registerUnary(service: service, method: "Crash", role: .reader, mutating: false) { (_: TestRequest, _) -> TestResponse in
            throw Oops()
        }
        try router.registerUnary(service: service, method: "Cancel", role: .reader, mutating: false) { (_: TestRequest, _) -> TestResponse in
            throw CancellationError()
        }
        try router.registerInline(service: service, method: "InlineFails", role: .reader) { (_: TestRequest, _) -> TestResponse in
            throw RPCError(.failedPrecondition, "not now")
        }
        let connection = try await TestConnection.open(router: router)

        try await connection.request(1, method: "NotFound")
        var response = try await connection.nextResponse(1)
        #expect(response.code == .notFound && response.message == "no such thing")
        #expect(response.payload.readableBytes == 0)

        try await connection.request(3, method: "Crash")
        response = try await connection.nextResponse(3)
        #expect(response.code == .internal)

        try await connection.request(5, method: "Cancel")
        response = try await connection.nextResponse(5)
        #expect(response.code == .cancelled)

        try await connection.request(7, method: "InlineFails")
        response = try await connection.nextResponse(7)
        #expect(response.code == .failedPrecondition && response.message == "not now")
    }

    @Test func undecodableMethodPayloadIsInvalidArgumentNamingTheType() async throws {
        let router = Router()
        let ran = Shared(0)
        try router.registerInline(service: service, method: "Inline", role: .reader) { (_: TestRequest, _) in
            ran.update { $0 += 1 }
            return TestResponse()
        }
        try router.registerUnary(service: service, method: "Async", role: .reader, mutating: false) { (_: TestRequest, _) in
            ran.update { $0 += 1 }
            return TestResponse()
        }
        let connection = try await TestConnection.open(router: router)
        let garbage = ByteBuffer(bytes: [0x0A, 0x05, 0x61])  // a string field running past the end

        try await connection.request(1, method: "Inline", rawMessage: garbage)
        var response = try await connection.nextResponse(1)
        #expect(response.code == .invalidArgument)
        #expect(response.message.contains("ecoprod.daemon.v1.WatchRequest"))

        try await connection.request(3, method: "Async", rawMessage: garbage)
        response = try await connection.nextResponse(3)
        #expect(response.code == .invalidArgument)
        #expect(response.message.contains("ecoprod.daemon.v1.WatchRequest"))
        #expect(ran.value == 0)
    }

    @Test func undecodableEnvelopeIsInvalidArgument() async throws {
        let connection = try await TestConnection.open(router: Router())
        try await connection.send(1, type: .request, payload: ByteBuffer(bytes: [0x08, 0x01]))
        let response = try await connection.nextResponse(1)
        #expect(response.code == .invalidArgument)
        #expect(response.message.hasPrefix("unmarshal request error"))
    }

    @Test func responseOverFourMiBIsResourceExhausted() async throws {
        let router = Router()
        try router.registerInline(service: service, method: "Huge", role: .reader) { (_: TestRequest, _) in
            Fixtures.response([String(repeating: "x", count: FrameHeader.maximumPayloadLength)])
        }
        let connection = try await TestConnection.open(router: router)
        try await connection.request(1, method: "Huge")
        let frame = try await connection.next()
        #expect(frame.header.payloadLength < 1024)
        let response = try TestConnection.response(frame, 1)
        #expect(response.code == .resourceExhausted)
        #expect(response.message.contains("4194304"))
    }

    // MARK: - Server streaming

    @Test(arguments: [[String](), ["a"], ["a", "b", "c"]])
    func serverStreamSendsDataFramesThenRemoteClosedNoData(topics: [String]) async throws {
        let router = Router()
        try router.registerServerStreaming(service: service, method: "Events", role: .reader) {
            (request: TestRequest, _, stream: TypedResponseStream<TestEvent>) in
            for (index, topic) in request.topics.enumerated() {
                try await stream.send(.with {
                    $0.sequence = UInt64(index + 1)
                    $0.topic = topic
                })
            }
        }
        let connection = try await TestConnection.open(router: router)
        try await connection.request(1, method: "Events", TestRequest.with { $0.topics = topics }, flags: .remoteClosed)
        for (index, topic) in topics.enumerated() {
            let frame = try await connection.next("event \(index)")
            #expect(frame.header.streamID == 1)
            #expect(frame.header.type == .data)
            #expect(frame.header.flags == [])
            let event = try frame.payload.decodeMessage(TestEvent.self)
            #expect(event.topic == topic)
            #expect(event.sequence == UInt64(index + 1))
        }
        let end = try await connection.next("the end of the stream")
        #expect(end.header.streamID == 1)
        #expect(end.header.type == .data)
        #expect(end.header.flags == [.remoteClosed, .noData])
        #expect(end.header.payloadLength == 0)
        // No Response frame follows a successful stream.
        try await connection.expectNothingMore()
        #expect(connection.server.callsInFlight == 0)
    }

    @Test func serverStreamErrorEndsWithAResponseFrame() async throws {
        let router = Router()
        try router.registerServerStreaming(service: service, method: "Failing", role: .reader) {
            (_: TestRequest, _, stream: TypedResponseStream<TestEvent>) in
            try await stream.send(.with { $0.topic = "first" })
            throw RPCError(.failedPrecondition, "no more")
        }
        let connection = try await TestConnection.open(router: router)
        try await connection.request(1, method: "Failing", flags: .remoteClosed)
        let data = try await connection.next("the data frame")
        #expect(data.header.type == .data && data.header.flags == [])
        #expect(try data.payload.decodeMessage(TestEvent.self).topic == "first")
        let response = try await connection.nextResponse(1)
        #expect(response.code == .failedPrecondition)
        #expect(response.message == "no more")
        #expect(response.payload.readableBytes == 0)
        try await connection.expectNothingMore()
    }

    @Test func aStreamMessageOverTheFrameLimitEndsTheCallWithResourceExhausted() async throws {
        let router = Router()
        try router.registerServerStreaming(service: service, method: "Huge", role: .reader) {
            (_: TestRequest, _, stream: TypedResponseStream<TestEvent>) in
            try await stream.send(.with { $0.topic = "small" })
            try await stream.send(.with { $0.topic = String(repeating: "x", count: FrameHeader.maximumPayloadLength) })
        }
        let connection = try await TestConnection.open(router: router)
        try await connection.request(1, method: "Huge", flags: .remoteClosed)
        #expect(try await connection.next("the small message").payload.decodeMessage(TestEvent.self).topic == "small")
        let response = try await connection.nextResponse(1)
        #expect(response.code == .resourceExhausted)
        #expect(response.message.contains("4194304-byte frame limit"))
        try await connection.expectNothingMore()
    }

    // MARK: - Client streaming

    private func countingRouter() throws -> Router {
        let router = Router()
        try router.registerClientStreaming(service: service, method: "Count", role: .reader, mutating: false) {
            (messages: AsyncThrowingMapSequence<RequestStream, TestRequest>, _) in
            var count: UInt64 = 0
            var topics: [String] = []
            for try await message in messages {
                count += 1
                topics += message.topics
            }
            return Fixtures.response(topics, generation: count)
        }
        return router
    }

    @Test func clientStreamCountsDataFramesUntilRemoteClosed() async throws {
        let connection = try await TestConnection.open(router: try countingRouter())
        try await connection.request(1, method: "Count", rawMessage: ByteBuffer(), flags: .remoteOpen)
        try await connection.data(1, Fixtures.request("a"))
        try await connection.data(1, Fixtures.request("b"))
        // An empty payload without no-data is an empty message, and counts.
        try await connection.data(1, TestRequest())
        try await connection.data(1, Fixtures.request("c"))
        try await connection.close(1)
        let response = try await connection.nextResponse(1)
        #expect(try response.decode(TestResponse.self) == Fixtures.response(["a", "b", "c"], generation: 4))
        #expect(connection.server.callsInFlight == 0)
    }

    @Test func clientStreamFirstMessageInRequestAndLastWithRemoteClosedPayload() async throws {
        let connection = try await TestConnection.open(router: try countingRouter())
        try await connection.request(1, method: "Count", Fixtures.request("first"), flags: .remoteOpen)
        try await connection.data(1, Fixtures.request("middle"))
        try await connection.data(1, Fixtures.request("last"), flags: .remoteClosed)
        let response = try await connection.nextResponse(1)
        #expect(try response.decode(TestResponse.self) == Fixtures.response(["first", "middle", "last"], generation: 3))
    }

    @Test func dataFrameOnAStreamThatIsNotOpenIsRefused() async throws {
        let connection = try await TestConnection.open(router: try countingRouter())
        // Never opened.
        try await connection.data(99, Fixtures.request("x"))
        var response = try await connection.nextResponse(99)
        #expect(response.code == .invalidArgument)
        #expect(response.message == "StreamID is no longer active")

        // Already remote-closed by the client: refused, while the call itself still answers.
        try await connection.request(101, method: "Count", rawMessage: ByteBuffer(), flags: .remoteOpen)
        try await connection.data(101, Fixtures.request("a"))
        try await connection.close(101)
        try await connection.data(101, Fixtures.request("late"))
        let answers = [try await connection.nextResponse(101), try await connection.nextResponse(101)]
        let refused = try #require(answers.first { $0.code == .invalidArgument })
        #expect(refused.message == "StreamID is no longer active")
        let result = try #require(answers.first { $0.code == .ok })
        #expect(try result.decode(TestResponse.self) == Fixtures.response(["a"], generation: 1))

        // Finished.
        try await connection.data(101, Fixtures.request("later"))
        response = try await connection.nextResponse(101)
        #expect(response.message == "StreamID is no longer active")
    }

    @Test func undecodableClientStreamMessageIsInvalidArgument() async throws {
        let connection = try await TestConnection.open(router: try countingRouter())
        try await connection.request(1, method: "Count", rawMessage: ByteBuffer(), flags: .remoteOpen)
        try await connection.send(1, type: .data, payload: ByteBuffer(bytes: [0x0A, 0x05]))
        let response = try await connection.nextResponse(1)
        #expect(response.code == .invalidArgument)
        #expect(response.message.contains("ecoprod.daemon.v1.WatchRequest"))
    }

    @Test func clientStreamThatFallsBehindPausesAndResumesReading() async throws {
        let router = Router()
        let gate = Gate()
        try router.registerClientStreaming(service: service, method: "SlowCount", role: .reader, mutating: false) {
            (messages: AsyncThrowingMapSequence<RequestStream, TestRequest>, _) in
            await gate.wait()
            var count: UInt64 = 0
            for try await _ in messages { count += 1 }
            return Fixtures.response([], generation: count)
        }
        try router.registerInline(service: service, method: "Echo", role: .reader) { (request: TestRequest, _) in
            Fixtures.response(request.topics)
        }
        let connection = try await TestConnection.open(router: router)
        try await connection.request(1, method: "SlowCount", rawMessage: ByteBuffer(), flags: .remoteOpen)
        // 40 messages of 1 KiB in one write: the server stops reading after 16 of them,
        // within its first four reads (2 + 4 + 8 + 16 KiB), until the handler catches up.
        // The last ~10 messages, the end of the stream and a request behind it are only
        // read once reading resumes. (All in one write, well within the socket's buffer.)
        let topic = String(repeating: "t", count: 1024)
        var bytes = ByteBuffer()
        for _ in 0..<40 {
            bytes.writeFrame(streamID: 1, type: .data, payload: try ByteBuffer(message: Fixtures.request(topic)))
        }
        bytes.writeFrame(streamID: 1, type: .data, flags: [.remoteClosed, .noData], payload: ByteBuffer())
        bytes.writeFrame(
            streamID: 3, type: .request,
            payload: TestConnection.requestPayload(method: "Echo", message: try ByteBuffer(message: Fixtures.request("behind the stream")))
        )
        try await connection.send(bytes)
        gate.open()
        var answers: [UInt32: ResponseEnvelope] = [:]
        for _ in 0..<2 {
            let frame = try await connection.next()
            answers[frame.header.streamID] = try TestConnection.response(frame, frame.header.streamID)
        }
        #expect(try answers[1]?.decode(TestResponse.self).generation == 40)
        #expect(try answers[3]?.decode(TestResponse.self).changes == ["behind the stream"])
    }

    @Test func closingTheConnectionCancelsAClientStreamWhileReadingIsPaused() async throws {
        let router = Router()
        let started = Signals<Void>()
        let outcome = Signals<String>()
        let release = Gate()
        try router.registerClientStreaming(service: service, method: "Stalled", role: .reader, mutating: false) {
            (messages: AsyncThrowingMapSequence<RequestStream, TestRequest>, _) -> TestResponse in
            started.send(())
            // Consumes nothing until released: the connection pauses reading once the stream's buffer is full.
            if await release.waitUnlessCancelled() {
                outcome.send("cancelled")
                throw CancellationError()
            }
            do {
                for try await _ in messages {}
                outcome.send("released, stream finished")
            } catch {
                outcome.send("released, stream failed")
            }
            return TestResponse()
        }
        let connection = try await TestConnection.open(router: router)
        try await connection.request(1, method: "Stalled", rawMessage: ByteBuffer(), flags: .remoteOpen)
        try await started.next()
        // 40 KiB in 1 KiB messages: the server pauses after 16 messages, within its first
        // four reads (2 + 4 + 8 + 16 KiB), so at least 10 messages and the EOF stay unread.
        let topic = String(repeating: "t", count: 1024)
        var bytes = ByteBuffer()
        for _ in 0..<40 {
            bytes.writeFrame(streamID: 1, type: .data, payload: try ByteBuffer(message: Fixtures.request(topic)))
        }
        try await connection.send(bytes)
        connection.disconnect()
        // The peer is gone, so the call is cancelled even though reading is paused.
        let first = try await outcome.next("the stalled handler to be cancelled", timeout: .seconds(2))
        #expect(first == "cancelled")
        release.open()
    }

    // MARK: - Authorization

    private func rolesRouter(calls: Shared<[String]>) throws -> Router {
        let router = Router()
        for (method, role) in [("Read", Role.reader), ("Edit", .editor), ("Administer", .admin)] {
            try router.registerInline(service: service, method: method, role: role) { (_: TestRequest, _) in
                calls.update { $0.append(method) }
                return TestResponse()
            }
        }
        return router
    }

    @Test func readerIsDeniedAnAdminMethodAndTheHandlerDoesNotRun() async throws {
        let calls = Shared<[String]>([])
        let connection = try await TestConnection.open(
            router: try rolesRouter(calls: calls), peer: Fixtures.user(groups: [Fixtures.readerGID])
        )
        try await connection.request(1, method: "Administer")
        let denied = try await connection.nextResponse(1)
        #expect(denied.code == .permissionDenied)
        #expect(denied.message == "/test.v1.Things/Administer needs role admin (group ecoprod-test-admins); uid 1000 has role reader")
        try await connection.request(3, method: "Edit")
        #expect(try await connection.nextResponse(3).code == .permissionDenied)
        try await connection.request(5, method: "Read")
        #expect(try await connection.nextResponse(5).code == .ok)
        #expect(calls.value == ["Read"])
    }

    @Test func peerWithoutAnyRoleIsDeniedEverything() async throws {
        let calls = Shared<[String]>([])
        let connection = try await TestConnection.open(
            router: try rolesRouter(calls: calls), peer: Fixtures.user(gid: 100, groups: [4, 27])
        )
        try await connection.request(1, method: "Read")
        let denied = try await connection.nextResponse(1)
        #expect(denied.code == .permissionDenied)
        #expect(denied.message == "/test.v1.Things/Read needs role reader (group ecoprod-test-readers); uid 1000 has role none")
        #expect(calls.value.isEmpty)
    }

    @Test(arguments: [
        ("root", Fixtures.root),
        ("daemon's own user", Fixtures.user(uid: Fixtures.daemonUID)),
        ("admin by supplementary group", Fixtures.user(groups: [Fixtures.readerGID, Fixtures.adminGID])),
        ("admin by primary group", Fixtures.user(gid: Fixtures.adminGID)),
    ])
    func adminsMayCallEverything(_ name: String, peer: PeerIdentity) async throws {
        let calls = Shared<[String]>([])
        let connection = try await TestConnection.open(router: try rolesRouter(calls: calls), peer: peer)
        for (index, method) in ["Read", "Edit", "Administer"].enumerated() {
            let id = UInt32(2 * index + 1)
            try await connection.request(id, method: method)
            #expect(try await connection.nextResponse(id).code == .ok, "\(name): \(method)")
        }
        #expect(calls.value == ["Read", "Edit", "Administer"])
    }

    @Test func policyChangesApplyToTheNextCallOnAnOpenConnection() async throws {
        let calls = Shared<[String]>([])
        let connection = try await TestConnection.open(router: try rolesRouter(calls: calls), peer: Fixtures.user(groups: [6000]))
        try await connection.request(1, method: "Read")
        #expect(try await connection.nextResponse(1).code == .permissionDenied)
        var policy = Fixtures.policy
        policy.reader.gid = 6000
        connection.server.policy = policy
        try await connection.request(3, method: "Read")
        #expect(try await connection.nextResponse(3).code == .ok)
    }

    // MARK: - Protocol errors

    @Test func namesThatAreNotUTF8AreInvalidArgumentEvenAfterTheServiceWasCached() async throws {
        let connection = try await openServingAnEmptyAnswer(method: "Known")
        try await connection.request(1, method: "Known")
        #expect(try await connection.nextResponse(1).code == .ok)
        func envelope(service: [UInt8], method: [UInt8]) -> ByteBuffer {
            ByteBuffer(bytes: [0x0A, UInt8(service.count)] + service + [0x12, UInt8(method.count)] + method)
        }
        // The route of stream 1 is cached; its service with a method that is not UTF-8 must not reach the router.
        try await connection.send(3, type: .request, payload: envelope(service: Array(service.utf8), method: [0xC3]))
        try await connection.send(5, type: .request, payload: envelope(service: [0xFF, 0xFE], method: Array("Known".utf8)))
        try await connection.send(7, type: .request, payload: envelope(service: Array(service.utf8), method: Array("Known".utf8)))
        var response = try await connection.nextResponse(3)
        #expect(response.code == .invalidArgument)
        #expect(response.message == "unmarshal request error: method is not valid UTF-8")
        response = try await connection.nextResponse(5)
        #expect(response.code == .invalidArgument)
        #expect(response.message == "unmarshal request error: service is not valid UTF-8")
        #expect(try await connection.nextResponse(7).code == .ok)
    }

    @Test func unknownServiceAndMethodAreUnimplemented() async throws {
        let connection = try await openServingAnEmptyAnswer(method: "Known")
        try await connection.request(1, service: "nope.v1.Missing", method: "Known")
        var response = try await connection.nextResponse(1)
        #expect(response.code == .unimplemented)
        #expect(response.message == "service nope.v1.Missing")
        try await connection.request(3, method: "Missing")
        response = try await connection.nextResponse(3)
        #expect(response.code == .unimplemented)
        #expect(response.message == "method Missing")
        // Names are case-sensitive.
        try await connection.request(5, method: "known")
        #expect(try await connection.nextResponse(5).code == .unimplemented)
    }

    @Test(arguments: [UInt32(0), 2, 0xFFFF_FFFE])
    func evenStreamIDIsInvalidArgument(id: UInt32) async throws {
        let connection = try await openServingAnEmptyAnswer(method: "Echo")
        try await connection.request(id, method: "Echo")
        let response = try await connection.nextResponse(id)
        #expect(response.code == .invalidArgument)
        #expect(response.message == "StreamID must be odd for client initiated streams")
        // The connection carries on.
        try await connection.request(1, method: "Echo")
        #expect(try await connection.nextResponse(1).code == .ok)
    }

    @Test func reusedOrDecreasingStreamIDIsInvalidArgument() async throws {
        let connection = try await openServingAnEmptyAnswer(method: "Echo")
        func expect(_ id: UInt32, _ code: StatusCode, _ message: String? = nil, method: String = "Echo") async throws {
            try await connection.request(id, method: method)
            let response = try await connection.nextResponse(id)
            #expect(response.code == code, "stream \(id)")
            if let message { #expect(response.message == message, "stream \(id)") }
        }
        let reused = "StreamID cannot be re-used and must increment"
        try await expect(5, .ok)
        try await expect(5, .invalidArgument, reused)
        try await expect(3, .invalidArgument, reused)
        try await expect(7, .ok)
        // A rejected request still uses its id.
        try await expect(9, .unimplemented, method: "Missing")
        try await expect(9, .invalidArgument, reused)
        try await expect(11, .ok)
    }

    @Test(arguments: [UInt8(0), 2, 4, 255])
    func unsupportedFrameTypeIsInvalidArgument(type: UInt8) async throws {
        let connection = try await openServingAnEmptyAnswer(method: "Echo")
        var frame = ByteBuffer()
        frame.writeFrameHeader(FrameHeader(payloadLength: 3, streamID: 1, rawType: type, flags: []))
        frame.writeBytes([1, 2, 3])
        try await connection.send(frame)
        let response = try await connection.nextResponse(1)
        #expect(response.code == .invalidArgument)
        #expect(response.message == "unsupported frame type \(type)")
        try await connection.request(3, method: "Echo")
        #expect(try await connection.nextResponse(3).code == .ok)
    }

    @Test func oversizedFrameIsResourceExhaustedAndSkipped() async throws {
        let router = Router()
        try router.registerInline(service: service, method: "Echo", role: .reader) { (request: TestRequest, _) in
            Fixtures.response(request.topics)
        }
        let connection = try await TestConnection.open(router: router)
        let announced = 5 << 20
        var header = ByteBuffer()
        header.writeFrameHeader(FrameHeader(payloadLength: UInt32(announced), streamID: 1, rawType: 1, flags: []))
        try await connection.send(header)
        let response = try await connection.nextResponse(1)
        #expect(response.code == .resourceExhausted)
        #expect(response.message == "message length 5242880 exceeds maximum message size of 4194304")

        let chunk = ByteBuffer(repeating: 0x01, count: 64 << 10)
        for _ in 0..<(announced / chunk.readableBytes) {
            try await connection.send(chunk)
        }
        try await connection.request(3, method: "Echo", Fixtures.request("after"))
        let after = try await connection.nextResponse(3)
        #expect(try after.decode(TestResponse.self).changes == ["after"])
    }

    @Test func reservedFirstByteClosesTheConnectionWithoutAnswer() async throws {
        let connection = try await openServingAnEmptyAnswer(method: "Echo")
        try await connection.request(1, method: "Echo")
        #expect(try await connection.nextResponse(1).code == .ok)
        try await connection.send(bytes: [0x01, 0, 0, 0, 0, 0, 0, 3, 1, 0])
        #expect(try await connection.framesUntilClosed().isEmpty)
    }

    @Test func partialFrameAtEOFIsDroppedSilently() async throws {
        let router = Router()
        let ran = Shared(0)
        try router.registerInline(service: service, method: "Echo", role: .reader) { (_: TestRequest, _) in
            ran.update { $0 += 1 }
            return TestResponse()
        }
        let connection = try await TestConnection.open(router: router)
        var frame = ByteBuffer()
        frame.writeFrame(streamID: 1, type: .request, payload: TestConnection.requestPayload(method: "Echo", message: ByteBuffer()))
        // Everything but the last byte of the request, then the client stops sending.
        try await connection.send(frame.getSlice(at: 0, length: frame.readableBytes - 1)!)
        connection.shutdownWriting()
        #expect(try await connection.framesUntilClosed().isEmpty)
        #expect(ran.value == 0)
    }

    // MARK: - Deadlines

    @Test func deadlineExceededWhileTheHandlerRunsAndItsLateAnswerIsDropped() async throws {
        let router = Router()
        let started = Signals<NIODeadline?>()
        let returning = Signals<Bool>()
        let gate = Gate()
        try router.registerUnary(service: service, method: "Stuck", role: .reader, mutating: false) { (_: TestRequest, call) in
            started.send(call.deadline)
            await gate.wait()
            returning.send(Task.isCancelled)
            return Fixtures.response(["late"])
        }
        try router.registerUnary(service: service, method: "Quick", role: .reader, mutating: false) { (_: TestRequest, _) in
            Fixtures.response(["quick"])
        }
        let connection = try await TestConnection.open(router: router)
        let before = NIODeadline.now()
        try await connection.request(1, method: "Stuck", timeoutNano: 50_000_000)
        let deadline = try #require(try await started.next("Stuck to start"))
        #expect(deadline >= before + .milliseconds(50))
        #expect(deadline <= NIODeadline.now() + .milliseconds(50))

        // The deadline runs on the reactor's real clock: read until the answer arrives.
        let response = try await connection.nextResponse(1)
        let answered = NIODeadline.now()
        #expect(response.code == .deadlineExceeded)
        #expect(response.message == "deadline exceeded")
        #expect(answered >= deadline, "answered \((deadline - answered).nanoseconds) ns before the deadline")
        #expect(connection.server.callsInFlight == 0)

        // The handler was cancelled; when it finally returns, its answer goes nowhere.
        gate.open()
        #expect(try await returning.next("Stuck to return") == true)
        try await connection.request(3, method: "Quick")
        #expect(try await connection.nextResponse(3).decode(TestResponse.self).changes == ["quick"])
        try await connection.expectNothingMore()
    }

    @Test func deadlineEndsAServerStreamAfterTheDataAlreadySent() async throws {
        let router = Router()
        let cancelled = Signals<Bool>()
        try router.registerServerStreaming(service: service, method: "Endless", role: .reader) {
            (_: TestRequest, _, stream: TypedResponseStream<TestEvent>) in
            try await stream.send(.with { $0.topic = "one" })
            await waitUntilCancelled()
            cancelled.send(Task.isCancelled)
        }
        let connection = try await TestConnection.open(router: router)
        let before = NIODeadline.now()
        // Long enough for the first event to get out first even while the whole suite
        // shares two cores' worth of cooperative threads (3 s once proved too short in CI:
        // the handler's task had not run by then).
        try await connection.request(1, method: "Endless", flags: .remoteClosed, timeoutNano: 8_000_000_000)
        let data = try await connection.next("the first event")
        #expect(data.header.type == .data)
        #expect(try data.payload.decodeMessage(TestEvent.self).topic == "one")
        let response = try await connection.nextResponse(1)
        #expect(response.code == .deadlineExceeded)
        #expect(NIODeadline.now() >= before + .seconds(8))
        #expect(try await cancelled.next("the stream to be cancelled") == true)
        try await connection.expectNothingMore()
    }

    @Test(arguments: [Int64(-1), -50_000_000, .min])
    func negativeTimeoutIsDeadlineExceededAtOnce(timeout: Int64) async throws {
        let router = Router()
        let ran = Shared(0)
        try router.registerUnary(service: service, method: "Never", role: .reader, mutating: false) { (_: TestRequest, _) in
            ran.update { $0 += 1 }
            return TestResponse()
        }
        let connection = try await TestConnection.open(router: router)
        try await connection.request(1, method: "Never", timeoutNano: timeout)
        let response = try await connection.nextResponse(1)
        #expect(response.code == .deadlineExceeded)
        #expect(connection.server.callsInFlight == 0)
        #expect(ran.value == 0)
    }

    // MARK: - Connection lifetime

    @Test func closingTheConnectionCancelsRunningHandlers() async throws {
        let router = Router()
        let started = Signals<String>()
        let ended = Signals<String>()
        try router.registerUnary(service: service, method: "Hang", role: .reader, mutating: false) { (_: TestRequest, _) -> TestResponse in
            started.send("unary")
            await waitUntilCancelled()
            ended.send("unary cancelled: \(Task.isCancelled)")
            throw CancellationError()
        }
        try router.registerClientStreaming(service: service, method: "Upload", role: .reader, mutating: false) {
            (messages: AsyncThrowingMapSequence<RequestStream, TestRequest>, _) -> TestResponse in
            started.send("client stream")
            do {
                for try await _ in messages {}
                ended.send("client stream finished normally")
            } catch {
                ended.send("client stream failed")
            }
            return TestResponse()
        }
        let connection = try await TestConnection.open(router: router)
        try await connection.request(1, method: "Hang")
        try await connection.request(3, method: "Upload", rawMessage: ByteBuffer(), flags: .remoteOpen)
        let starts = [try await started.next(), try await started.next()]
        #expect(Set(starts) == ["unary", "client stream"])
        #expect(connection.server.callsInFlight == 2)
        #expect(connection.server.connectionsOpen == 1)

        connection.disconnect()
        let ends = [try await ended.next("a handler to end"), try await ended.next("the other handler to end")]
        #expect(Set(ends) == ["unary cancelled: true", "client stream failed"])
        let server = connection.server
        #expect(try await withTimeout { await server.waitUntilDrained(within: .seconds(10)) })
        #expect(connection.server.callsInFlight == 0)
        #expect(connection.server.connectionsOpen == 0)
        #expect(connection.server.connectionsTotal == 1)
    }

    @Test func drainingRefusesNewCallsButLetsRunningOnesFinish() async throws {
        let router = Router()
        let started = Signals<Void>()
        let gate = Gate()
        try router.registerUnary(service: service, method: "Slow", role: .reader, mutating: false) { (_: TestRequest, _) in
            started.send(())
            await gate.wait()
            return Fixtures.response(["done"])
        }
        try router.registerInline(service: service, method: "Echo", role: .reader) { (_: TestRequest, _) in TestResponse() }
        let connection = try await TestConnection.open(router: router)
        try await connection.request(1, method: "Slow")
        try await started.next()
        connection.server.beginDraining()
        #expect(connection.server.isDraining)
        for (id, method) in [(UInt32(3), "Slow"), (5, "Echo")] {
            try await connection.request(id, method: method)
            let response = try await connection.nextResponse(id)
            #expect(response.code == .unavailable)
            #expect(response.message == "ecoprodd is shutting down")
        }
        gate.open()
        #expect(try await connection.nextResponse(1).decode(TestResponse.self).changes == ["done"])
    }

    @Test func streamsBeyondTheLimitAreResourceExhausted() async throws {
        let router = Router()
        let started = Signals<String>()
        let gates = (0..<5).map { _ in Gate() }
        try router.registerUnary(service: service, method: "Held", role: .reader, mutating: false) { (request: TestRequest, _) in
            let index = Int(request.topics[0])!
            started.send(request.topics[0])
            await gates[index].wait()
            return Fixtures.response(request.topics)
        }
        try router.registerInline(service: service, method: "Echo", role: .reader) { (_: TestRequest, _) in TestResponse() }
        let connection = try await TestConnection.open(router: router, maximumStreams: 4)
        for index in 0..<4 {
            try await connection.request(UInt32(2 * index + 1), method: "Held", Fixtures.request("\(index)"))
            #expect(try await started.next() == "\(index)")
        }
        #expect(connection.server.callsInFlight == 4)

        for (id, method) in [(UInt32(9), "Held"), (11, "Echo")] {
            try await connection.request(id, method: method, Fixtures.request("4"))
            let refused = try await connection.nextResponse(id)
            #expect(refused.code == .resourceExhausted)
            #expect(refused.message == "more than 4 calls in flight on one connection")
        }

        // Once one ends, there is room again.
        gates[2].open()
        #expect(try await connection.nextResponse(5).decode(TestResponse.self).changes == ["2"])
        try await connection.request(13, method: "Held", Fixtures.request("4"))
        #expect(try await started.next() == "4")
        #expect(connection.server.callsInFlight == 4)

        gates.forEach { $0.open() }
        var answered: Set<UInt32> = []
        for _ in 0..<4 {
            let frame = try await connection.next()
            #expect(try TestConnection.response(frame, frame.header.streamID).code == .ok)
            answered.insert(frame.header.streamID)
        }
        #expect(answered == [1, 3, 7, 13])
        #expect(connection.server.callsInFlight == 0)
    }
}

@Suite("SocketServer", .timeLimit(.minutes(1)))
struct SocketServerTests {
    @Test func acceptedConnectionTakesItsIdentityFromTheKernel() async throws {
        let router = Router()
        try router.registerInline(service: service, method: "WhoAmI", role: .reader) { (_: TestRequest, call) in
            Fixtures.response(["uid=\(call.caller.uid)", "gid=\(call.caller.gid)", "pid=\(call.caller.pid)", "role=\(call.role)"])
        }
        var policy = Fixtures.policy
        policy.daemonUID = getuid()
        let server = try TestServer(router: router, policy: policy, keepSocketFile: true)
        defer { unlink(server.socketPath) }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        let connected = UnixSocketAddress(path: server.socketPath)?.withSockAddr { Glibc.connect(fd, $0, $1) }
        try #require(connected == 0, "connect: \(String(cString: strerror(errno)))")
        let connection = TestConnection(fd: fd, server: server.state)
        try await connection.request(1, method: "WhoAmI")
        let response = try await connection.nextResponse(1)
        #expect(try response.decode(TestResponse.self).changes == ["uid=\(getuid())", "gid=\(getgid())", "pid=\(getpid())", "role=admin"])
    }

    @Test func peerIdentityIsReadFromASocket() throws {
        var fds: [CInt] = [0, 0]
        try #require(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds) == 0)
        defer { fds.forEach { _ = Glibc.close($0) } }
        let peer = try PeerIdentity.read(fromSocket: fds[0])
        #expect(peer.uid == getuid())
        #expect(peer.gid == getgid())
        #expect(peer.pid == getpid())
        let count = getgroups(0, nil)
        var groups = [gid_t](repeating: 0, count: Int(count))
        _ = getgroups(count, &groups)
        #expect(Set(peer.groups) == Set(groups))
    }

    @Test func peerIdentityOfSomethingElseThanASocketFails() throws {
        var fds: [CInt] = [0, 0]
        try #require(pipe(&fds) == 0)
        defer { fds.forEach { _ = Glibc.close($0) } }
        let error = #expect(throws: PeerIdentityError.self) { try PeerIdentity.read(fromSocket: fds[0]) }
        #expect(error?.description.hasPrefix("getsockopt(SO_PEERCRED)") == true)
    }

    @Test func serverStreamLargerThanTheSendBufferArrivesWhole() async throws {
        // 300 events of 32 KiB: far over the socket's buffer and the connection's high
        // watermark, so the handler has to wait for the client to read.
        let router = Router()
        let payload = String(repeating: "e", count: 32 << 10)
        try router.registerServerStreaming(service: service, method: "Flood", role: .reader) {
            (_: TestRequest, _, stream: TypedResponseStream<TestEvent>) in
            for index in 1...300 {
                try await stream.send(.with {
                    $0.sequence = UInt64(index)
                    $0.summary = payload
                })
            }
        }
        let connection = try await TestConnection.open(router: router)
        try await connection.request(1, method: "Flood", flags: .remoteClosed)
        for index in 1...300 {
            let frame = try await connection.next("event \(index)")
            #expect(frame.header.type == .data && frame.header.flags == [])
            let event = try frame.payload.decodeMessage(TestEvent.self)
            #expect(event.sequence == UInt64(index))
            #expect(event.summary.utf8.count == payload.utf8.count)
        }
        let end = try await connection.next("the end of the stream")
        #expect(end.header.type == .data && end.header.flags == [.remoteClosed, .noData])
    }
}
