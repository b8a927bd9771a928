import EcoprodClient
import EcoprodProtocol
import Foundation
import Glibc
import NIOCore
import SwiftProtobuf
import Testing

/// Capability plugins loaded by the real daemon from a real plugin directory: the C
/// example and fixtures built with cc, and the Swift probe built on EcoprodPluginKit.
@Suite(.serialized)
struct PluginTests {
    private let daemonService = "ecoprod.daemon.v1.Daemon"

    /// A daemon serving the plugins `names`, with `config` as its configuration file.
    private func daemon(_ names: [String], config: String = "", arguments: [String] = []) throws -> DaemonHarness {
        let scratch = try Scratch()
        let configPath = scratch.file("ecoprodd.conf")
        try config.write(toFile: configPath, atomically: true, encoding: .utf8)
        return try DaemonHarness(
            mode: .boundSocket, extraArguments: ["--plugin-dir", try TestPlugins.directory(names, in: scratch)] + arguments,
            scratch: scratch, config: configPath
        )
    }

    private func plugins(_ daemon: DaemonHarness) throws -> [String: Ecoprod_Daemon_V1_PluginInfo] {
        let list: Ecoprod_Daemon_V1_ListPluginsResponse = try daemon.connect().call(daemonService, "ListPlugins", Ecoprod_Daemon_V1_ListPluginsRequest())
        return Dictionary(list.plugins.map { (URL(fileURLWithPath: $0.file).lastPathComponent, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// `ecoprodctl call` with a JSON request: the generic client path, which works for
    /// plugin methods only because the daemon publishes their descriptors.
    private func call(
        _ daemon: DaemonHarness, _ method: String, _ json: String = "{}", asUser user: (uid: UInt32, groups: [UInt32])? = nil
    ) throws -> (status: Int32, messages: [[String: Any]], error: String) {
        let result = try daemon.ctl("call", method, "--data", json, "--output", "json", "--emit-defaults", asUser: user)
        // A unary answer is printed as one pretty JSON object, a stream as one object per line.
        let whole = try? JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        let messages = whole.map { [$0] } ?? result.standardOutput.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        return (result.status, messages, result.standardError)
    }

    @Test func swiftAndCPluginsAnswerThroughTheSocketAndCallBackIntoTheDaemon() throws {
        let daemon = try daemon(["echo.so", "probe.so"], config: "[Plugin.echo]\nPrefix=>>\n\n[Plugin.probe]\nGreeting=bonjour\n")
        _ = try daemon.waitUntilReady()
        let loaded = try plugins(daemon)
        for (file, id) in [("echo.so", "echo"), ("probe.so", "probe")] {
            let plugin = try #require(loaded[file], "\(file) is not listed")
            #expect(plugin.id == id)
            #expect(plugin.state == .running, "\(id): \(plugin.error)")
            #expect(plugin.abi == "1.0")
            #expect(plugin.requires == ["ecoprod.daemon.v1"])
            #expect(!plugin.methods.isEmpty)
        }

        // The pure-C plugin: unary with its configuration, a server stream, and a call back.
        let echo = try call(daemon, "ecoprod.echo.v1.Echo/Echo", #"{"text": "salut"}"#)
        #expect(echo.status == 0, "\(echo.error)")
        #expect(echo.messages.first?["text"] as? String == ">> salut")
        let repeated = try call(daemon, "ecoprod.echo.v1.Echo/Repeat", #"{"text": "x", "count": 3}"#)
        #expect(repeated.messages.map { $0["text"] as? String } == [">> x", ">> x", ">> x"])
        let whoami = try call(daemon, "ecoprod.echo.v1.Echo/WhoAmI")
        #expect(whoami.status == 0, "\(whoami.error)")
        #expect(whoami.messages.first?["daemonVersion"] as? String == EcoprodVersion.current)
        #expect(whoami.messages.first?["uid"] as? Int == Int(getuid()))

        // The Swift plugin: the trivial method, its configuration, and a call back for its caller.
        let ping = try call(daemon, "ecoprod.probe.v1.Probe/Ping", #"{"text": "pong?"}"#)
        #expect(ping.messages.first?["text"] as? String == "pong?")
        let greeting = try call(daemon, "ecoprod.probe.v1.Probe/Config", #"{"key": "Greeting"}"#)
        #expect(greeting.messages.first?["value"] as? String == "bonjour")
        let absent = try call(daemon, "ecoprod.probe.v1.Probe/Config", #"{"key": "Nothing"}"#)
        #expect(absent.messages.first?["found"] as? Bool == false)
        let forwarded = try call(daemon, "ecoprod.probe.v1.Probe/Forward", #"{"method": "ecoprod.daemon.v1.Daemon/Info"}"#)
        #expect(forwarded.messages.first?["code"] as? Int == 0, "\(forwarded)")
        let payload = try #require(Data(base64Encoded: forwarded.messages.first?["payload"] as? String ?? "-"))
        let info = try Ecoprod_Daemon_V1_InfoResponse(serializedBytes: payload)
        #expect(info.caller.uid == getuid(), "the nested call carries the socket caller's identity")
        #expect(info.plugins == 2)

        // The services and their descriptors are the daemon's like any other.
        let services: Ecoprod_Daemon_V1_ListServicesResponse = try daemon.connect().call(daemonService, "ListServices", Ecoprod_Daemon_V1_ListServicesRequest())
        #expect(services.services.first { $0.name == "ecoprod.echo.v1.Echo" }?.provider == "echo")
        #expect(services.services.first { $0.name == "ecoprod.probe.v1.Probe" }?.provider == "probe")

        daemon.child.signal(SIGTERM)
        #expect(daemon.child.waitForExit() == 0)
        let log = daemon.child.standardError
        #expect(log.contains("plugin probe shut down"))
        #expect(log.range(of: "plugin probe shut down")!.lowerBound < log.range(of: "plugin echo shut down")!.lowerBound,
                "shutdown runs in the reverse of init order")
    }

    @Test func pluginEventsReachWatchersAndCannotBeForged() throws {
        let daemon = try daemon(["probe.so"])
        _ = try daemon.waitUntilReady()
        let watcher = try EventWatcher(socketPath: daemon.socketPath)
        let emitted = try call(daemon, "ecoprod.probe.v1.Probe/Emit", #"{"topic": "probe.checked", "summary": "all good"}"#)
        #expect(emitted.messages.first?["result"] as? Int == 0)
        let event = try #require(watcher.next { $0.topic == "probe.checked" })
        #expect(event.source == "probe")
        #expect(event.summary == "all good")
        let forged = try call(daemon, "ecoprod.probe.v1.Probe/Emit", #"{"topic": "daemon.stopping", "summary": "lies"}"#)
        #expect(forged.messages.first?["result"] as? Int == -Int(EINVAL))
    }

    @Test func refusedPluginsAreListedWithTheirReasonAndTheRestServe() throws {
        let scratch = try Scratch()
        let directory = try TestPlugins.directory(
            ["fixture.so", "fixture2.so", "wrong-major.so", "truncated.so", "cycle-a.so", "cycle-b.so",
             "needs-missing.so", "init-fails.so", "skipped.so"],
            in: scratch
        )
        // Writable by others: anyone could have put code in it.
        try FileManager.default.copyItem(atPath: try TestPlugins.file("echo.so"), toPath: "\(directory)/writable.so")
        chmod("\(directory)/writable.so", 0o666)
        // A symlink out of the directory is not followed, even to a good plugin.
        let outside = scratch.file("outside.so")
        try FileManager.default.copyItem(atPath: try TestPlugins.file("echo.so"), toPath: outside)
        symlink(outside, "\(directory)/escape.so")

        let daemon = try DaemonHarness(mode: .boundSocket, extraArguments: ["--plugin-dir", directory], scratch: scratch)
        _ = try daemon.waitUntilReady()
        let loaded = try plugins(daemon)
        func expect(_ file: String, _ state: Ecoprod_Daemon_V1_PluginInfo.State, _ error: String, sourceLocation: SourceLocation = #_sourceLocation) {
            #expect(loaded[file]?.state == state, "\(file): \(loaded[file]?.error ?? "not listed")", sourceLocation: sourceLocation)
            #expect(loaded[file]?.error.contains(error) == true, "\(file): \(loaded[file]?.error ?? "not listed")", sourceLocation: sourceLocation)
        }
        #expect(loaded["fixture.so"]?.state == .running)
        expect("fixture2.so", .refused, "service ecoprod.fixture.v1.Fixture is already served by plugin fixture")
        expect("wrong-major.so", .refused, "built for plugin ABI 2.x")
        expect("truncated.so", .refused, "descriptor is 16 bytes")
        expect("cycle-a.so", .refused, "dependency cycle: cycle-a -> cycle-b -> cycle-a")
        expect("cycle-b.so", .refused, "dependency cycle: cycle-a -> cycle-b -> cycle-a")
        expect("needs-missing.so", .refused, "requires capability \"nothing-provides.v1\", which no running plugin provides")
        expect("init-fails.so", .failed, "init failed: Input/output error")
        #expect(loaded["skipped.so"]?.state == .skipped)
        expect("writable.so", .refused, "writable by group or others (mode 666)")
        expect("escape.so", .refused, "leads outside the plugin directory")
        #expect(loaded.count == 11)

        let health: Ecoprod_Daemon_V1_HealthResponse = try daemon.connect().call(daemonService, "Health", Ecoprod_Daemon_V1_HealthRequest())
        #expect(health.status == .serving)
        let ctlList = try daemon.ctl("plugins")
        #expect(ctlList.standardOutput.contains("refused"))
        #expect(ctlList.standardOutput.contains("dependency cycle"))
    }

    @Test func aHandlerThatNeverRepliesIsCutOffAtTheDeadlineAndItsLateReplyDropped() throws {
        let daemon = try daemon(["fixture.so"])
        _ = try daemon.waitUntilReady()
        let connection = try daemon.connect()
        connection.deadline = .milliseconds(100)
        let error = #expect(throws: ClientError.self) {
            try connection.unary(service: "ecoprod.fixture.v1.Fixture", method: "Hang", payload: ByteBuffer())
        }
        guard case .rpc(let status)? = error else {
            Issue.record("not an RPC error: \(String(describing: error))")
            return
        }
        #expect(status == RPCError(.deadlineExceeded, "deadline exceeded"))
        connection.deadline = nil
        // The connection and the daemon carry on while the plugin still holds the call.
        let health: Ecoprod_Daemon_V1_HealthResponse = try connection.call(daemonService, "Health", Ecoprod_Daemon_V1_HealthRequest())
        #expect(health.status == .serving)
        // Now the plugin replies, late: the host drops the reply and frees the call.
        let released = try call(daemon, "ecoprod.fixture.v1.Fixture/Release")
        #expect(released.messages.first?["released"] as? Int == 1)
        #expect(released.messages.first?["heldStatus"] as? [Int] == [Int(StatusCode.deadlineExceeded.rawValue)])
        let again: Ecoprod_Daemon_V1_HealthResponse = try connection.call(daemonService, "Health", Ecoprod_Daemon_V1_HealthRequest())
        #expect(again.status == .serving)
        daemon.child.signal(SIGTERM)
        #expect(daemon.child.waitForExit() == 0)
    }

    @Test(.enabled(if: getuid() == 0, "needs root to run clients as other users with setpriv"))
    func aPluginActsWithTheCallersRoleAndNoMore() throws {
        // Debian's stock groups stand in for the role groups: users (100) read, adm (4) administers.
        let daemon = try daemon(["echo.so", "probe.so"], arguments: ["--reader-group", "users", "--editor-group", "staff", "--admin-group", "adm"])
        _ = try daemon.waitUntilReady()
        let reader = (uid: UInt32(65534), groups: [UInt32(100)])
        let admin = (uid: UInt32(65534), groups: [UInt32(4), UInt32(100)])

        let forwarded = try call(daemon, "ecoprod.probe.v1.Probe/Forward", #"{"method": "ecoprod.daemon.v1.Daemon/Reload", "payload": ""}"#, asUser: reader)
        #expect(forwarded.status == 0, "\(forwarded.error)")
        #expect(forwarded.messages.first?["code"] as? Int == Int(StatusCode.permissionDenied.rawValue))
        #expect((forwarded.messages.first?["message"] as? String)?.contains("needs role admin; uid 65534 has role reader (via plugin probe)") == true)

        let viaC = try call(daemon, "ecoprod.echo.v1.Echo/Reload", asUser: reader)
        #expect(viaC.status == 77, "the plugin passes PERMISSION_DENIED on to its caller")
        #expect(viaC.error.contains("via plugin echo"))
        #expect(try call(daemon, "ecoprod.echo.v1.Echo/Reload", asUser: admin).status == 0)

        let background = try call(daemon, "ecoprod.probe.v1.Probe/Forward", #"{"method": "ecoprod.daemon.v1.Daemon/Reload", "background": true}"#, asUser: admin)
        #expect(background.messages.first?["code"] as? Int == Int(StatusCode.permissionDenied.rawValue), "work on nobody's behalf only reads")
    }

    @Test func aRequiredPluginThatDoesNotRunStopsTheDaemonFromStarting() throws {
        let daemon = try daemon(["init-fails.so", "fixture.so"], config: "[Plugin.init-fails]\nRequired=yes\n")
        #expect(daemon.child.waitForExit() == 1)
        let log = daemon.child.standardError
        #expect(log.contains("required plugins are not running: init-fails: FAILED, init failed: Input/output error"), "\(log)")
        #expect(daemon.notify.waitFor("READY", timeout: .milliseconds(1)) == nil)
    }
}
