import CPluginABI
import EcoprodPluginKit
import Glibc
import SwiftProtobuf
import Testing

/// Calls handed to handle() as the daemon hands them, answered through the call's reply().
@Suite("Serving calls", .timeLimit(.minutes(1)))
struct HandleTests {
    @Test func anInlineMethodRepliesBeforeHandleReturns() throws {
        let harness = try Harness()
        let call = try harness.handle(.echo, Google_Protobuf_StringValue("hello"))
        let replies = call.replies
        #expect(replies.count == 1)
        #expect(replies.first?.status == 0)
        #expect(try Google_Protobuf_StringValue(serializedBytes: replies.first?.payload ?? []) == Google_Protobuf_StringValue("hello"))
        // The handler logged about the call it served, with that call attached.
        #expect(harness.host.logs == [TestHost.Log(priority: 7, message: "echo hello", call: call.address)])
    }

    @Test func anEmptyRequestIsTheDefaultMessage() throws {
        let harness = try Harness()
        let call = harness.handle(.echo, bytes: [])
        #expect(call.replies.map(\.status) == [0])
        #expect(call.replies.first?.payload == [])
    }

    @Test func anUndecodableRequestIsAnInvalidArgumentNamingTheType() throws {
        let harness = try Harness()
        let call = harness.handle(.echo, bytes: [0x0A, 0x05, 0x41])
        #expect(call.replies.count == 1)
        #expect(call.replies.first?.status == PluginStatus.invalidArgument.rawValue)
        #expect(call.replies.first?.message?.contains("not a valid google.protobuf.StringValue") == true, "\(call.replies)")
    }

    @Test func aPluginErrorEndsTheCallWithItsCodeAndAnyOtherErrorWithInternal() throws {
        let harness = try Harness()
        let denied = try harness.handle(.fail, Google_Protobuf_Int32Value(PluginStatus.permissionDenied.rawValue))
        #expect(denied.replies == [TestCall.Reply(status: 7, message: "failed as asked", payload: [])])
        let broken = try harness.handle(.fail, Google_Protobuf_Int32Value(-1))
        #expect(broken.replies == [TestCall.Reply(status: 13, message: "something broke", payload: [])])
    }

    @Test func anAsyncMethodRepliesOnceWhenItsHandlerIsDone() async throws {
        let harness = try Harness()
        let call = try harness.handle(.later, Google_Protobuf_StringValue("quiet"))
        // handle() returned; the handler waits at the gate, so nothing is answered yet.
        #expect(call.replies.isEmpty)
        harness.gate.open()
        let reply = await call.reply()
        #expect(reply.status == 0)
        #expect(try Google_Protobuf_StringValue(serializedBytes: reply.payload) == Google_Protobuf_StringValue("QUIET"))
        // Shutting down answers only what is still open: not this call again.
        harness.shutdown()
        #expect(call.replies.count == 1)
    }

    @Test func theCallContextIsReadFromTheHostsCall() throws {
        let harness = try Harness()
        let call = TestCall(
            methodIndex: TestMethod.facts.rawValue, method: TestMethod.facts.name, uid: 1001, gid: 27, pid: 99,
            role: UInt32(ECOPROD_ROLE_EDITOR.rawValue), viaPlugin: "other", deadline: 123_456_789
        )
        try harness.handle(.facts, Google_Protobuf_Empty(), call)
        let facts = try Google_Protobuf_StringValue(serializedBytes: call.replies.first?.payload ?? []).value
        #expect(facts == "ecoprod.test.v1.Test/Facts uid=1001 gid=27 pid=99 role=editor via=other deadline=123456789 status=OK")

        let ended = TestCall(methodIndex: TestMethod.facts.rawValue, method: TestMethod.facts.name)
        ended.setStatus(PluginStatus.deadlineExceeded.rawValue)
        try harness.handle(.facts, Google_Protobuf_Empty(), ended)
        #expect(try Google_Protobuf_StringValue(serializedBytes: ended.replies.first?.payload ?? []).value.hasSuffix(
            "role=reader via=- deadline=- status=DEADLINE_EXCEEDED"))
    }

    @Test func aServerStreamSendsEachMessageThenEndsWithOK() async throws {
        let harness = try Harness()
        let call = try harness.handle(.count, Google_Protobuf_UInt32Value(3))
        let reply = await call.reply()
        #expect(reply == TestCall.Reply(status: 0, message: nil, payload: []))
        let sent = try call.sends.map { try Google_Protobuf_UInt32Value(serializedBytes: $0.message).value }
        #expect(sent == [1, 2, 3])
        // Offered without waiting first: a task never holds a pool thread for a slow client.
        #expect(call.sends.allSatisfy { $0.flags == ECOPROD_SEND_NONBLOCK })
        #expect(call.replies.count == 1)
    }

    @Test func aClientThatIsBehindIsWaitedForOnAThreadOfItsOwn() async throws {
        let harness = try Harness()
        let call = TestCall(methodIndex: TestMethod.count.rawValue, method: TestMethod.count.name)
        call.setSendResults([0, -EAGAIN, 0, 0])
        try harness.handle(.count, Google_Protobuf_UInt32Value(3), call)
        #expect(await call.reply().status == 0)
        let attempts = call.sends.map { ($0.flags, try? Google_Protobuf_UInt32Value(serializedBytes: $0.message).value) }
        #expect(attempts.map(\.0) == [ECOPROD_SEND_NONBLOCK, ECOPROD_SEND_NONBLOCK, 0, ECOPROD_SEND_NONBLOCK])
        #expect(attempts.map(\.1) == [1, 2, 2, 3])
    }

    @Test func aStreamTheClientLeftStopsAndStillReleasesItsCall() async throws {
        let harness = try Harness()
        let call = TestCall(methodIndex: TestMethod.count.rawValue, method: TestMethod.count.name)
        call.setSendResults([0, -ECANCELED])
        try harness.handle(.count, Google_Protobuf_UInt32Value(100), call)
        let reply = await call.reply()
        #expect(reply.status == PluginStatus.cancelled.rawValue)
        #expect(call.sends.count == 2, "the handler stopped at the first failed send")
        #expect(call.replies.count == 1)
    }

    @Test func shutdownAnswersCallsStillOpenAndDropsTheirLateAnswers() async throws {
        let harness = try Harness()
        let call = try harness.handle(.hold, Google_Protobuf_Empty())
        #expect(call.replies.isEmpty)
        harness.shutdown()
        #expect(call.replies.map(\.status) == [PluginStatus.unavailable.rawValue])
        harness.gate.open()
        await harness.held.wait()
        #expect(harness.heldWasActive.value == false, "the handler sees its call answered")
        #expect(call.replies.count == 1)
    }

    @Test func aMethodIndexOutsideTheDescriptorIsUnimplemented() throws {
        let harness = try Harness()
        let call = TestCall(methodIndex: 99, method: "ecoprod.test.v1.Test/Nothing")
        harness.handle(.echo, bytes: [], call)
        #expect(call.replies.first?.status == PluginStatus.unimplemented.rawValue)
    }
}
