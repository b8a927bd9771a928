import ArgumentParser
import EcoprodAPI
import EcoprodClient
import EcoprodProtocol
import SwiftProtobuf

let labelService = "ecoprod.label.v1.Label"
let scoringService = "ecoprod.scoring.v1.Scoring"

/// The label reads several commands start from.
extension Connection {
    func production(_ id: String) throws -> Ecoprod_Label_V1_Production {
        try call(labelService, "GetProduction", Ecoprod_Label_V1_GetProductionRequest.with { $0.id = id })
    }

    func framework(id: String, version: String = "") throws -> Ecoprod_Label_V1_Framework {
        try call(labelService, "GetFramework", Ecoprod_Label_V1_GetFrameworkRequest.with {
            $0.id = id
            $0.version = version
        })
    }

    func evidence(_ sha256: String) throws -> Ecoprod_Label_V1_Evidence {
        try call(labelService, "GetEvidence", Ecoprod_Label_V1_GetEvidenceRequest.with { $0.sha256 = sha256 })
    }

    /// Streams and file transfers last as long as their data takes, as `watch` and
    /// streaming `call`s do: no deadline and no limit on each wait.
    func withoutTimeout<Result>(_ body: () throws -> Result) rethrows -> Result {
        let saved = timeout
        timeout = nil
        defer { timeout = saved }
        return try body()
    }
}

/// The revision a write is based on: by default the record's current one, read just
/// before; a script that read the record earlier passes the one it saw.
struct ExpectedRevisionOption: ParsableArguments {
    @Option(name: .customLong("expected-revision"), help: "Refuse the change if the record is no longer at this revision (default: its current one).")
    var expected: UInt64?

    /// Calls the Label write `method` on a production.
    func write<Request: SwiftProtobuf.Message, Response: SwiftProtobuf.Message>(
        _ method: String, to productionID: String, over connection: Connection, _ build: (UInt64) throws -> Request
    ) throws -> Response {
        try write(labelService, method, current: { try connection.production(productionID).revision },
                  check: "ecoprodctl production show \(productionID)", over: connection, build)
    }

    /// Calls the write `method` with the request `build` makes for the expected revision
    /// (`current` when none is given). ABORTED means someone else changed the record since
    /// that revision, which deserves more than the status name.
    func write<Request: SwiftProtobuf.Message, Response: SwiftProtobuf.Message>(
        _ service: String, _ method: String, current: () throws -> UInt64, check command: String, over connection: Connection,
        _ build: (UInt64) throws -> Request
    ) throws -> Response {
        do {
            let request = try build(try expected ?? current())
            return try connection.call(service, method, request)
        } catch let ClientError.rpc(error) where error.code == .aborted {
            printError("\(ClientError.rpc(error)) — it changed concurrently: check it with `\(command)` and run the command again")
            throw ExitCode(1)
        }
    }
}
