import ArgumentParser
import EcoprodClient
import EcoprodProtocol
import Foundation

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table
    case json
}

/// Options every command takes: where the daemon is, how long to wait, how to print.
struct GlobalOptions: ParsableArguments {
    @Option(help: "Daemon socket (env: ECOPROD_SOCKET).")
    var socket: String = ProcessInfo.processInfo.environment["ECOPROD_SOCKET"] ?? Connection.defaultSocketPath

    @Option(help: "Seconds to wait for an answer; also sent as the call's deadline.")
    var timeout: Double = 30

    @Option(help: "table for people, json for scripts.")
    var output: OutputFormat = .table

    func connect(timeout override: Duration?? = nil) throws -> Connection {
        try Connection(socketPath: socket, timeout: override ?? .milliseconds(Int64(timeout * 1000)))
    }
}

/// The documented exit status for a failure (see `ecoprodctl --help`).
func exitCode(for error: ClientError) -> ExitCode {
    switch error {
    case .cannotConnect(_, EACCES), .cannotConnect(_, EPERM): ExitCode(77)
    case .cannotConnect: ExitCode(69)
    case .rpc(let rpc) where rpc.code == .permissionDenied: ExitCode(77)
    case .rpc: ExitCode(1)
    case .timedOut: ExitCode(75)
    case .connectionLost: ExitCode(76)
    }
}

/// Runs a command body, turning client failures into a message on stderr and the right exit status.
func reportingFailures(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as ClientError {
        printError(error.description)
        throw exitCode(for: error)
    }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data("ecoprodctl: \(message)\n".utf8))
}
