import EcoprodClient
import Foundation
import Glibc

/// The real ecoprodd in a scratch directory, either socket-activated by
/// systemd-socket-activate (as systemd would) or binding its own socket.
final class DaemonHarness {
    let scratch: Scratch
    let socketPath: String
    let notify: NotifyListener
    let child: Child

    enum Mode {
        case socketActivated
        case boundSocket
    }

    init(
        mode: Mode, extraArguments: [String] = [], scratch: Scratch? = nil, socketPath: String? = nil,
        environment: [String: String] = [:], config: String = "/dev/null"
    ) throws {
        let scratch = try scratch ?? Scratch()
        self.scratch = scratch
        self.socketPath = socketPath ?? scratch.file("api.sock")
        notify = try NotifyListener(path: scratch.file("notify-\(UUID().uuidString.prefix(8))"))
        let daemonArguments = [
            "--state-dir", scratch.file("state"), "--data-dir", Binaries.dataDirectory, "--config", config, "--log-target", "stderr",
        ] + extraArguments
        switch mode {
        case .socketActivated:
            // systemd-socket-activate passes no environment unless told (-E).
            let passed = (["NOTIFY_SOCKET": notify.path].merging(environment) { $1 }).flatMap { ["-E", "\($0)=\($1)"] }
            child = try Child(
                "/usr/bin/systemd-socket-activate",
                ["--listen", self.socketPath, "--fdname=api"] + passed + [Binaries.daemon] + daemonArguments
            )
        case .boundSocket:
            var inherited = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            inherited["NOTIFY_SOCKET"] = notify.path
            child = try Child(Binaries.daemon, ["--socket", self.socketPath] + daemonArguments, environment: inherited)
        }
    }

    /// Waits for READY=1. Under socket activation the daemon starts on the first
    /// connection, which can only be made once systemd-socket-activate has bound the socket.
    func waitUntilReady() throws -> [String: String] {
        var firstConnection: Connection?
        let giveUp = ContinuousClock.now + .seconds(10)
        while firstConnection == nil, ContinuousClock.now < giveUp, child.process.isRunning {
            firstConnection = try? Connection(socketPath: socketPath)
            if firstConnection == nil { usleep(5000) }
        }
        defer { withExtendedLifetime(firstConnection) {} }
        guard let ready = notify.waitFor("READY") else {
            _ = child.waitForExit(timeout: .seconds(1))
            throw HarnessError("no READY=1 within 10 s; stderr: \(child.standardError)")
        }
        return ready
    }

    func connect() throws -> Connection { try Connection(socketPath: socketPath, timeout: .seconds(10)) }

    func ctl(_ arguments: String..., asUser user: (uid: UInt32, groups: [UInt32])? = nil) throws -> CommandResult {
        try ctl(arguments, asUser: user)
    }

    func ctl(_ arguments: [String], asUser user: (uid: UInt32, groups: [UInt32])? = nil) throws -> CommandResult {
        try run(Binaries.ctl, ["--socket", socketPath] + arguments, asUser: user)
    }
}

struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
