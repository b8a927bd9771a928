import CPluginABI
import EcoprodPluginKit
import Glibc
import SwiftProtobuf
import Testing

/// The host table as the SDK uses it: calls into the router bridged to async, and
/// configuration, events and logging.
@Suite("Host table", .timeLimit(.minutes(1)))
struct HostTests {
    @Test func aCallOnBehalfOfTheCallerGetsTheTypedAnswerThatCameAfterCallReturned() async throws {
        let harness = try Harness()
        harness.host.answerCalls { method, request in
            let text = (try? Google_Protobuf_StringValue(serializedBytes: request))?.value ?? "?"
            return TestHost.Answer(payload: try! Google_Protobuf_StringValue("\(method) got \(text)").serializedBytes())
        }
        let call = try harness.handle(.relay, Google_Protobuf_StringValue("ecoprod.other.v1.Other/Get"))
        let reply = await call.reply()
        #expect(reply.status == 0, "\(reply)")
        #expect(try Google_Protobuf_StringValue(serializedBytes: reply.payload).value == "ecoprod.other.v1.Other/Get got ping")
        let made = try #require(harness.host.calls.first)
        #expect(made.method == "ecoprod.other.v1.Other/Get")
        #expect(made.onBehalfOf == call.address, "the nested call names the live call it is made for")
        #expect(made.timeoutNanoseconds == 2_000_000_000)
        #expect(made.flags == 0)
        #expect(!made.takesMessages)
    }

    @Test func anErrorOfTheNestedCallPassesToTheCallerUnchanged() async throws {
        let harness = try Harness()
        harness.host.answerCalls { _, _ in TestHost.Answer(status: 7, message: "needs role admin (via plugin test)") }
        let call = try harness.handle(.relay, Google_Protobuf_StringValue("ecoprod.daemon.v1.Daemon/Reload"))
        #expect(await call.reply() == TestCall.Reply(status: 7, message: "needs role admin (via plugin test)", payload: []))
    }

    @Test func aCallTheHostRefusesThrows() async throws {
        let harness = try Harness()
        harness.host.refuseCalls(with: ESHUTDOWN)
        await #expect(throws: HostError(function: "call", errno: ESHUTDOWN)) {
            try await harness.plugin.host.call(
                "ecoprod.daemon.v1.Daemon/Info", Google_Protobuf_Empty(), as: Google_Protobuf_Empty.self, onBehalfOf: nil)
        }
        // Let through a handler, the refusal tells its caller the daemon is going away.
        let call = try harness.handle(.relay, Google_Protobuf_StringValue("ecoprod.daemon.v1.Daemon/Info"))
        let reply = await call.reply()
        #expect(reply.status == PluginStatus.unavailable.rawValue)
        #expect(reply.message?.contains("refused") == true)

        harness.host.refuseCalls(with: EMSGSIZE)
        let tooLarge = try harness.handle(.relay, Google_Protobuf_StringValue("ecoprod.daemon.v1.Daemon/Info"))
        #expect(await tooLarge.reply().status == PluginStatus.internal.rawValue)
    }

    @Test func backgroundCallsAreOnNobodysBehalfAndTimeoutsFollowTheABI() async throws {
        let harness = try Harness()
        harness.host.answerCalls { _, _ in TestHost.Answer(status: 0, payload: [0x0A, 0x01, 0x78]) }
        let host = harness.plugin.host
        let reply = try await host.call("/ecoprod.daemon.v1.Daemon/Info", payload: [1, 2], onBehalfOf: nil)
        #expect(reply == HostReply(status: .ok, message: "", payload: [0x0A, 0x01, 0x78]))
        _ = try await host.call("a.B/C", payload: [], onBehalfOf: nil, timeout: .zero)
        _ = try await host.call("a.B/C", payload: [], onBehalfOf: nil, timeout: .nanoseconds(1) / 2)
        _ = try await host.call("a.B/C", payload: [], onBehalfOf: nil, timeout: .milliseconds(1500))
        let made = harness.host.calls
        #expect(made.map(\.onBehalfOf) == [nil, nil, nil, nil])
        #expect(made.first?.request == [1, 2])
        // 0 would mean "no timeout": a timeout that is up already is sent as expired.
        #expect(made.map(\.timeoutNanoseconds) == [0, -1, 1, 1_500_000_000])
    }

    @Test func aCallCannotBeMadeForACallThatWasAlreadyAnswered() async throws {
        let harness = try Harness()
        let escaped = Recorded<PluginCall?>(nil)
        let plugin = Plugin(id: "escape", version: "1", descriptorSet: [1], methods: [
            .inline("ecoprod.test.v1.Test/Echo", role: .reader) { (request: Google_Protobuf_StringValue, call) in
                escaped.update { $0 = call }
                return request
            },
        ])
        let descriptor = plugin.entry(hostMajor: 1, hostMinor: 0)!.pointee
        #expect(descriptor.`init`!(descriptor.plugin_ctx, harness.host.table) == 0)
        let call = TestCall(methodIndex: 0, method: "ecoprod.test.v1.Test/Echo")
        descriptor.handle!(descriptor.plugin_ctx, call.pointer, ecoprod_buf(data: nil, len: 0))
        let kept = try #require(escaped.value)
        #expect(!kept.isActive)
        #expect(kept.status == .cancelled)
        await #expect(throws: PluginError.self) {
            try await kept.host.call("a.B/C", payload: [], onBehalfOf: kept)
        }
        #expect(harness.host.calls.isEmpty, "the host never saw the dead call")
        kept.log(.info, "after the answer")
        #expect(harness.host.logs.last == TestHost.Log(priority: 6, message: "after the answer", call: nil))
    }

    @Test func aStreamIsTakenOneMessageAtATime() async throws {
        let harness = try Harness()
        harness.host.answerCalls { _, _ in
            TestHost.Answer(messages: try! [1, 2, 3].map { try Google_Protobuf_UInt32Value($0).serializedBytes() })
        }
        let received = Recorded<[UInt32]>([])
        try await harness.plugin.host.stream(
            "ecoprod.test.v1.Test/Count", Google_Protobuf_UInt32Value(3), as: Google_Protobuf_UInt32Value.self, onBehalfOf: nil
        ) { message in
            received.update { $0.append(message.value) }
            return true
        }
        #expect(received.value == [1, 2, 3])
        #expect(harness.host.calls.first?.takesMessages == true)
        #expect(harness.host.messageResults == [0, 0, 0])
    }

    @Test func aStreamThePluginStopsEndsWithoutAnError() async throws {
        let harness = try Harness()
        harness.host.answerCalls { _, _ in TestHost.Answer(messages: [[8, 1], [8, 2], [8, 3]]) }
        let received = Recorded<[UInt32]>([])
        try await harness.plugin.host.stream(
            "ecoprod.test.v1.Test/Count", Google_Protobuf_Empty(), as: Google_Protobuf_UInt32Value.self, onBehalfOf: nil
        ) { message in
            received.update { $0.append(message.value) }
            return message.value < 2
        }
        #expect(received.value == [1, 2])
        #expect(harness.host.messageResults == [0, 1])

        // Raw, the same stop is visible as the CANCELLED it ends with.
        let raw = try await harness.plugin.host.stream("ecoprod.test.v1.Test/Count", payload: [], onBehalfOf: nil) { _ in false }
        #expect(raw.status == .cancelled)
    }

    @Test func anErrorThrownWhileTakingAStreamStopsItAndIsRethrown() async throws {
        let harness = try Harness()
        harness.host.answerCalls { _, _ in TestHost.Answer(messages: [[8, 1], [0xFF], [8, 3]]) }
        await #expect(throws: PluginError.self) {
            try await harness.plugin.host.stream(
                "ecoprod.test.v1.Test/Count", Google_Protobuf_Empty(), as: Google_Protobuf_UInt32Value.self, onBehalfOf: nil
            ) { _ in true }
        }
        #expect(harness.host.messageResults == [0, 1], "the undecodable message stopped the stream")
    }

    @Test func configurationIsReadWholeWhateverItsLength() throws {
        let long = String(repeating: "x", count: 5000)
        let harness = try Harness(configuration: ["Greeting": "bonjour", "Empty": "", "Long": long])
        let host = harness.plugin.host
        #expect(host.config("Greeting") == "bonjour")
        #expect(host.config("Empty") == "")
        #expect(host.config("Long") == long)
        #expect(host.config("Missing") == nil)
    }

    @Test func eventsCarryTheirDetailAsAnAnyAndForgedTopicsThrow() throws {
        let harness = try Harness()
        let host = harness.plugin.host
        try host.emit(topic: "test.happened", summary: "it happened", detail: Google_Protobuf_StringValue("why"))
        try host.emit(topic: "test.plain")
        #expect(harness.host.events == [
            TestHost.Event(topic: "test.happened", summary: "it happened", typeURL: "type.googleapis.com/google.protobuf.StringValue",
                           detail: try Google_Protobuf_StringValue("why").serializedBytes()),
            TestHost.Event(topic: "test.plain", summary: "", typeURL: nil, detail: []),
        ])
        #expect(throws: HostError(function: "emit_event", errno: EINVAL)) { try host.emit(topic: "daemon.stopping") }
    }

    @Test func logLinesWithoutACallCarryNone() throws {
        let harness = try Harness()
        harness.plugin.host.log(.warning, "plain")
        #expect(harness.host.logs == [TestHost.Log(priority: 4, message: "plain", call: nil)])
    }
}
