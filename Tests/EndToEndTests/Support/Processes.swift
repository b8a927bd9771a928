import EcoprodProtocol
import Foundation
import Glibc

/// A child process with a bounded wait, so no test can hang on it.
final class Child {
    let process = Process()
    private let exited = DispatchSemaphore(value: 0)
    private let stderrPipe = Pipe()
    private let stdoutPipe = Pipe()

    init(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardError = stderrPipe
        process.standardOutput = stdoutPipe
        process.terminationHandler = { [exited] _ in exited.signal() }
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }

    func signal(_ number: Int32) { kill(pid, number) }

    /// The exit status, or nil if the process is still running after `timeout` (it is then killed).
    func waitForExit(timeout: Duration = .seconds(20)) -> Int32? {
        if exited.wait(timeout: .now() + .milliseconds(Int(timeout.wholeMilliseconds))) == .timedOut {
            kill(pid, SIGKILL)
            exited.wait()
            return nil
        }
        return process.terminationStatus
    }

    /// Everything written to stderr; call after exit.
    var standardError: String { String(decoding: stderrPipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) }
    var standardOutput: String { String(decoding: stdoutPipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) }

    deinit {
        if process.isRunning {
            kill(pid, SIGKILL)
            exited.wait()
        }
    }
}

struct CommandResult {
    var status: Int32
    var standardOutput: String
    var standardError: String
}

/// Runs a command to completion (at most 30 s), optionally as another user through setpriv.
func run(_ executable: String, _ arguments: [String], asUser user: (uid: UInt32, groups: [UInt32])? = nil) throws -> CommandResult {
    var command = (executable, arguments)
    if let user {
        let groups = user.groups.isEmpty ? ["--clear-groups"] : ["--groups", user.groups.map(String.init).joined(separator: ",")]
        command = ("/usr/bin/setpriv", ["--reuid", "\(user.uid)", "--regid", "\(user.uid)"] + groups + ["--", executable] + arguments)
    }
    let child = try Child(command.0, command.1)
    let output = child.standardOutput
    let error = child.standardError
    guard let status = child.waitForExit(timeout: .seconds(30)) else {
        return CommandResult(status: -1, standardOutput: output, standardError: error + "\n(timed out)")
    }
    return CommandResult(status: status, standardOutput: output, standardError: error)
}
