import EcoprodClient
import EcoprodProtocol
import Foundation
import Glibc
import Testing

/// The real ecoprodd under systemd-socket-activate, speaking sd_notify as to systemd.
@Suite(.serialized)
struct LifecycleTests {
    @Test func socketActivationReadyReloadAndDrain() throws {
        let daemon = try DaemonHarness(mode: .socketActivated)
        let ready = try daemon.waitUntilReady()
        #expect(ready["STATUS"]?.contains("serving") == true)

        let connection = try daemon.connect()
        let health: Ecoprod_Daemon_V1_HealthResponse = try connection.call("ecoprod.daemon.v1.Daemon", "Health", Ecoprod_Daemon_V1_HealthRequest())
        #expect(health.status == .serving)
        let info: Ecoprod_Daemon_V1_InfoResponse = try connection.call("ecoprod.daemon.v1.Daemon", "Info", Ecoprod_Daemon_V1_InfoRequest())
        #expect(info.socketActivated)
        #expect(info.pid == daemon.child.pid, "systemd-socket-activate execs the daemon in place")

        daemon.child.signal(SIGHUP)
        let reloading = try #require(daemon.notify.waitFor("RELOADING"))
        #expect(UInt64(reloading["MONOTONIC_USEC"] ?? "") != nil, "RELOADING=1 carries MONOTONIC_USEC")
        let readyAgain = try #require(daemon.notify.waitFor("READY"))
        #expect(readyAgain["STATUS"]?.contains("reloaded (generation 1)") == true)

        // A Watch in flight at SIGTERM hears "stopping" and then ends cleanly.
        let watching = DispatchSemaphore(value: 0)
        let topics = LockedTopics()
        let socketPath = daemon.socketPath
        let watcher = Thread {
            defer { watching.signal() }
            guard let stream = try? Connection(socketPath: socketPath, timeout: nil) else { return }
            do {
                try stream.stream("ecoprod.daemon.v1.Daemon", "Watch", Ecoprod_Daemon_V1_WatchRequest(), as: Ecoprod_Daemon_V1_Event.self) { event in
                    topics.append(event.topic)
                    if event.topic == "daemon.watch.started" { watching.signal() }
                    return true
                }
                topics.append("<clean end>")
            } catch {
                topics.append("<error: \(error)>")
            }
        }
        watcher.start()
        #expect(watching.wait(timeout: .now() + 10) == .success)

        daemon.child.signal(SIGTERM)
        #expect(daemon.notify.waitFor("STOPPING") != nil)
        #expect(daemon.child.waitForExit() == 0)
        #expect(watching.wait(timeout: .now() + 10) == .success)
        #expect(topics.values == ["daemon.watch.started", "daemon.stopping", "<clean end>"])
        var status = stat()
        #expect(lstat(daemon.socketPath, &status) == 0, "an activated socket is never unlinked by the daemon")
    }

    @Test func watchdogIsPingedWhileTheDaemonAnswers() throws {
        // systemd sets WATCHDOG_USEC; the daemon pings at half that interval.
        let daemon = try DaemonHarness(mode: .socketActivated, environment: ["WATCHDOG_USEC": "200000"])
        _ = try daemon.waitUntilReady()
        for _ in 0..<3 {
            #expect(daemon.notify.waitFor("WATCHDOG", timeout: .seconds(2))?["WATCHDOG"] == "1")
        }
        daemon.child.signal(SIGTERM)
        #expect(daemon.child.waitForExit() == 0)
    }

    @Test func bindingRefusesALiveSocketAndReplacesAStaleOne() throws {
        let scratch = try Scratch()
        let socket = scratch.file("shared.sock")
        let first = try DaemonHarness(mode: .boundSocket, extraArguments: ["--state-dir", scratch.file("first")], socketPath: socket)
        _ = try first.waitUntilReady()

        let second = try run(Binaries.daemon, ["--socket", socket, "--state-dir", scratch.file("second"), "--config", "/dev/null", "--log-target", "stderr"])
        #expect(second.status != 0)
        #expect(second.standardError.contains("another daemon is serving on \(socket)"))

        let sameState = try run(Binaries.daemon, ["--socket", scratch.file("other.sock"), "--state-dir", scratch.file("first"), "--config", "/dev/null", "--log-target", "stderr"])
        #expect(sameState.status != 0)
        #expect(sameState.standardError.contains("is in use by another ecoprodd (pid \(first.child.pid))"))

        first.child.signal(SIGKILL)
        _ = first.child.waitForExit()
        var status = stat()
        #expect(lstat(socket, &status) == 0, "a killed daemon leaves its socket behind")

        let third = try DaemonHarness(mode: .boundSocket, extraArguments: ["--state-dir", scratch.file("third")], scratch: scratch, socketPath: socket)
        _ = try third.waitUntilReady()
        let health: Ecoprod_Daemon_V1_HealthResponse = try third.connect().call("ecoprod.daemon.v1.Daemon", "Health", Ecoprod_Daemon_V1_HealthRequest())
        #expect(health.status == .serving)
        #expect(lstat(socket, &status) == 0 && status.st_mode & 0o777 == 0o660)
        third.child.signal(SIGTERM)
        #expect(third.child.waitForExit() == 0)
        #expect(lstat(socket, &status) != 0, "a socket the daemon bound itself is removed on exit")

        #expect(FileManager.default.createFile(atPath: socket, contents: Data("not a socket".utf8)))
        let refused = try run(Binaries.daemon, ["--socket", socket, "--state-dir", scratch.file("fourth"), "--config", "/dev/null", "--log-target", "stderr"])
        #expect(refused.status != 0)
        #expect(refused.standardError.contains("\(socket) exists and is not a socket"))
    }

    @Test func checkConfigExplainsErrorsWithFileAndLine() throws {
        let scratch = try Scratch()
        let bad = scratch.file("bad.conf")
        try "[Daemon]\nLogLevel=loud\n\n[Daemon]\nColour=blue\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let result = try run(Binaries.daemon, ["--check-config", "--config", bad])
        #expect(result.status == 78)
        #expect(result.standardError.contains("\(bad):2: LogLevel: \"loud\" is not one of debug, info, notice, warning, error"))
        #expect(result.standardError.contains("\(bad):5: unknown key Colour in [Daemon]"))

        let good = scratch.file("good.conf")
        try "[Daemon]\nLogLevel=debug\n[Roles]\nAdminGroup=wheel\n".write(toFile: good, atomically: true, encoding: .utf8)
        let ok = try run(Binaries.daemon, ["--check-config", "--config", good, "--socket", "/run/x.sock"])
        #expect(ok.status == 0)
        #expect(ok.standardOutput.contains("Daemon.LogLevel=debug"))
        #expect(ok.standardOutput.contains("Roles.AdminGroup=wheel"))
        #expect(ok.standardOutput.contains("Daemon.Socket=/run/x.sock"))
    }

    @Test func reloadAppliesWhatChangedAndKeepsServingOnABadFile() throws {
        let scratch = try Scratch()
        let config = scratch.file("ecoprodd.conf")
        try "[Daemon]\nLogLevel=info\n".write(toFile: config, atomically: true, encoding: .utf8)
        let daemon = try DaemonHarness(mode: .boundSocket, extraArguments: ["--config", config], scratch: scratch)
        _ = try daemon.waitUntilReady()

        try "[Daemon]\nLogLevel=debug\nDrainTimeoutSec=3\n".write(toFile: config, atomically: true, encoding: .utf8)
        let reload = try daemon.ctl("reload", "--wait")
        #expect(reload.status == 0)
        #expect(reload.standardOutput.contains("reloaded (generation 1)"))
        #expect(reload.standardOutput.contains("Daemon.LogLevel: info -> debug"))
        #expect(reload.standardOutput.contains("Daemon.DrainTimeoutSec: 10.0 -> 3.0"))

        try "[Daemon]\nLogLevel=debug\nDrainTimeoutSec=soon\n".write(toFile: config, atomically: true, encoding: .utf8)
        let broken = try daemon.ctl("reload", "--wait")
        #expect(broken.status == 1)
        #expect(broken.standardError.contains("FAILED_PRECONDITION"))
        #expect(broken.standardError.contains("\(config):3: DrainTimeoutSec"))
        let health = try daemon.ctl("health")
        #expect(health.status == 0 && health.standardOutput == "serving\n")
        let info = try daemon.ctl("info", "--output", "json")
        #expect(info.standardOutput.contains("\"configGeneration\" : \"1\""))
        daemon.child.signal(SIGTERM)
        #expect(daemon.child.waitForExit() == 0)
    }
}

final class LockedTopics: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String] = []
    func append(_ topic: String) { lock.withLock { storage.append(topic) } }
    var values: [String] { lock.withLock { storage } }
}
