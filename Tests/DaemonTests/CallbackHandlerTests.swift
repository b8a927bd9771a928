@testable import EcoprodDaemon
import Dispatch
import EcoprodProtocol
import NIOCore
import SwiftProtobuf
import Testing

private let service = Fixtures.service

/// `.callback` handlers — how plugins answer: at once or later, from any thread.
@Suite("Callback handlers", .timeLimit(.minutes(1)))
struct CallbackHandlerTests {
    private func register(_ router: Router, _ method: String, kind: MethodKind = .unary, role: Role = .reader,
                          _ handler: @escaping @Sendable (CallContext, ByteBuffer, CallResponder) -> Void) throws {
        try router.register(
            MethodDescriptor(service: service, method: method, requestType: TestRequest.protoMessageName,
                             responseType: TestResponse.protoMessageName, kind: kind, role: role, provider: "test-plugin"),
            handler: .callback(kind, handler)
        )
    }

    @Test func anAnswerGivenDuringTheHandlerIsSentWithoutRegisteringACall() async throws {
        let router = Router()
        try register(router, "Now") { _, payload, responder in
            let request = try! payload.decodeMessage(TestRequest.self)
            responder.answer(.success(try! ByteBuffer(message: Fixtures.response(request.topics))))
        }
        let connection = try await TestConnection.open(router: router)
        try await connection.request(1, method: "Now", Fixtures.request("x"))
        let response = try await connection.nextResponse(1)
        #expect(try response.decode(TestResponse.self) == Fixtures.response(["x"]))
        #expect(connection.server.callsInFlight == 0)
    }

    @Test func anAnswerFromAnotherThreadLaterReachesTheCaller() async throws {
        let router = Router()
        let held = Signals<CallResponder>()
        try register(router, "Later") { _, _, responder in held.send(responder) }
        let connection = try await TestConnection.open(router: router)
        try await connection.request(1, method: "Later", Fixtures.request())
        let responder = try await held.next("the handler to run")
        #expect(connection.server.callsInFlight == 1)
        #expect(responder.endedStatus == nil)
        try await blocking { responder.answer(.failure(RPCError(.notFound, "no such thing"))) }
        let response = try await connection.nextResponse(1)
        #expect(response.code == .notFound)
        #expect(response.message == "no such thing")
        #expect(connection.server.callsInFlight == 0)
    }

    @Test func aHandlerThatNeverAnswersIsCutOffAtTheDeadlineAndItsLateAnswerDropped() async throws {
        let router = Router()
        let held = Signals<CallResponder>()
        try register(router, "Never") { _, _, responder in held.send(responder) }
        try router.registerInline(service: service, method: "Quick", role: .reader) { (_: TestRequest, _) in Fixtures.response(["quick"]) }
        let connection = try await TestConnection.open(router: router)
        try await connection.request(1, method: "Never", timeoutNano: 30_000_000)
        let responder = try await held.next("the handler to run")
        let response = try await connection.nextResponse(1)
        #expect(response.code == .deadlineExceeded)
        #expect(responder.endedStatus == .deadlineExceeded)
        #expect(responder.send(ByteBuffer(), mayWait: false) == .notStreaming)

        responder.answer(.success(try ByteBuffer(message: Fixtures.response(["late"]))))
        try await connection.request(3, method: "Quick")
        let quick = try await connection.nextResponse(3)
        #expect(try quick.decode(TestResponse.self) == Fixtures.response(["quick"]))
        try await connection.expectNothingMore()
    }

    @Test func streamMessagesSentDuringTheHandlerPrecedeItsEnd() async throws {
        let router = Router()
        try register(router, "Stream", kind: .serverStreaming) { _, _, responder in
            for topic in ["a", "b"] {
                #expect(responder.send(try! ByteBuffer(message: Fixtures.response([topic])), mayWait: false) == .sent)
            }
            responder.answer(.success(ByteBuffer()))
        }
        let connection = try await TestConnection.open(router: router)
        try await connection.request(1, method: "Stream")
        let frames = [try await connection.next(), try await connection.next(), try await connection.next()]
        #expect(frames.map(\.header.type) == [.data, .data, .data])
        #expect(try frames[0].payload.decodeMessage(TestResponse.self) == Fixtures.response(["a"]))
        #expect(try frames[1].payload.decodeMessage(TestResponse.self) == Fixtures.response(["b"]))
        #expect(frames[2].header.flags == [.remoteClosed, .noData])
        #expect(connection.server.callsInFlight == 0)
    }

    /// How a plugin that works on its own threads answers: its messages and its end both
    /// come from elsewhere before handle() has returned on the I/O thread.
    @Test func streamMessagesSentFromAnotherThreadDuringTheHandlerPrecedeItsEnd() async throws {
        let router = Router()
        try register(router, "Elsewhere", kind: .serverStreaming) { _, _, responder in
            let done = DispatchSemaphore(value: 0)
            DispatchQueue.global().async {
                #expect(responder.send(try! ByteBuffer(message: Fixtures.response(["a"])), mayWait: false) == .sent)
                responder.answer(.success(ByteBuffer()))
                done.signal()
            }
            done.wait()
        }
        let connection = try await TestConnection.open(router: router)
        try await connection.request(1, method: "Elsewhere")
        let frames = [try await connection.next(), try await connection.next()]
        #expect(frames.map(\.header.type) == [.data, .data])
        #expect(try frames[0].payload.decodeMessage(TestResponse.self) == Fixtures.response(["a"]))
        #expect(frames[1].header.flags == [.remoteClosed, .noData])
    }

    @Test func aStreamMessageAfterTheClientLeftReportsTheCallCancelled() async throws {
        let router = Router()
        let held = Signals<CallResponder>()
        try register(router, "Endless", kind: .serverStreaming) { _, _, responder in held.send(responder) }
        let connection = try await TestConnection.open(router: router)
        try await connection.request(1, method: "Endless")
        let responder = try await held.next("the handler to run")
        connection.disconnect()
        try await waitUntil { responder.endedStatus == .cancelled }
        #expect(responder.send(ByteBuffer(), mayWait: true) == .ended(.cancelled))
        responder.answer(.success(ByteBuffer()))
    }
}

/// Polls a condition that another thread makes true, for state with no signal of its own.
private func waitUntil(_ condition: @escaping @Sendable () -> Bool) async throws {
    let giveUp = ContinuousClock.now + .seconds(10)
    while !condition() {
        guard ContinuousClock.now < giveUp else { throw TimedOut(what: "the condition") }
        await Task.yield()
    }
}
