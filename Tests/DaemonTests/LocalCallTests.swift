@testable import EcoprodDaemon
import EcoprodProtocol
import NIOCore
import SwiftProtobuf
import Testing

private let service = Fixtures.service

/// Calls a plugin makes through the host table: the socket's rules, in-process.
@Suite("Local calls", .timeLimit(.minutes(1)))
struct LocalCallTests {
    private func caller(_ role: Role, deadline: NIODeadline? = nil) -> LocalCaller {
        LocalCaller(identity: Fixtures.user(), role: role, deadline: deadline, viaPlugin: "probe", logger: Fixtures.logger)
    }

    /// Makes the call and collects what comes back.
    private func call(_ router: Router, _ method: String, as caller: LocalCaller, stopAfter: Int = .max)
        async throws -> (messages: [ByteBuffer], end: Result<ByteBuffer, RPCError>)
    {
        let messages = Shared<[ByteBuffer]>([])
        let ended = Signals<Result<ByteBuffer, RPCError>>()
        router.call(
            method, payload: try ByteBuffer(message: Fixtures.request("in")), as: caller,
            observer: LocalCallObserver(
                message: { message in
                    messages.update { $0.append(message) }
                    return messages.value.count < stopAfter
                },
                end: { ended.send($0) }
            )
        )
        let end = try await ended.next("the call to end")
        return (messages.value, end)
    }

    @Test func aMethodAboveTheCallersRoleIsRefusedNamingThePlugin() async throws {
        let router = Router()
        try router.registerInline(service: service, method: "Admin", role: .admin) { (_: TestRequest, _) in TestResponse() }
        let result = try await call(router, "/\(service)/Admin", as: caller(.reader))
        #expect(throws: RPCError(.permissionDenied, "/test.v1.Things/Admin needs role admin; uid 1000 has role reader (via plugin probe)")) {
            try result.end.get()
        }
    }

    @Test func theCalleeSeesTheCallerAndThePlugin() async throws {
        let router = Router()
        try router.registerInline(service: service, method: "Who", role: .reader) { (_: TestRequest, call) in
            Fixtures.response(["\(call.caller.uid)", call.role.description, call.viaPlugin ?? "-"])
        }
        let result = try await call(router, "\(service)/Who", as: caller(.editor))
        #expect(try result.end.get().decodeMessage(TestResponse.self) == Fixtures.response(["1000", "editor", "probe"]))
    }

    @Test func unknownAndMalformedNamesAreAnsweredNotThrown() async throws {
        let router = Router()
        let unknown = try await call(router, "no.such.Service/M", as: caller(.admin))
        #expect(throws: RPCError(.unimplemented, "service no.such.Service")) { try unknown.end.get() }
        let malformed = try await call(router, "nothing", as: caller(.admin))
        #expect(throws: RPCError.self) { try malformed.end.get() }
        if case .failure(let error) = malformed.end { #expect(error.code == .invalidArgument) }
    }

    @Test func aServerStreamArrivesInOrderAndStopsWhenTheCallerSaysSo() async throws {
        let router = Router()
        try router.registerServerStreaming(service: service, method: "Count", role: .reader) {
            (_: TestRequest, _, stream: TypedResponseStream<TestResponse>) in
            for n in 1...5 { try await stream.send(Fixtures.response(["\(n)"])) }
        }
        let all = try await call(router, "\(service)/Count", as: caller(.reader))
        #expect(try all.messages.map { try $0.decodeMessage(TestResponse.self).changes } == [["1"], ["2"], ["3"], ["4"], ["5"]])
        #expect((try? all.end.get()) == ByteBuffer())
        let stopped = try await call(router, "\(service)/Count", as: caller(.reader), stopAfter: 2)
        #expect(stopped.messages.count == 2)
        #expect(throws: RPCError(.cancelled, "the caller stopped the stream")) { try stopped.end.get() }
    }

    @Test func aCallbackThatNeverAnswersEndsAtTheInheritedDeadline() async throws {
        let router = Router()
        let held = Signals<CallResponder>()
        try router.register(
            MethodDescriptor(service: service, method: "Never", requestType: TestRequest.protoMessageName,
                             responseType: TestResponse.protoMessageName, role: .reader, provider: "other"),
            handler: .callback(.unary) { _, _, responder in held.send(responder) }
        )
        // Long enough that a loaded machine still starts the call before it expires.
        let result = try await call(router, "\(service)/Never", as: caller(.reader, deadline: .now() + .seconds(3)))
        #expect(throws: RPCError(.deadlineExceeded, "deadline exceeded")) { try result.end.get() }
        let responder = try await held.next("the handler to run")
        #expect(responder.endedStatus == .deadlineExceeded)
    }
}
