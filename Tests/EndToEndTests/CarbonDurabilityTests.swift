import EcoprodAPI
import EcoprodClient
import Foundation
import Glibc
import Synchronization
import Testing

/// An acknowledged footprint line survives the daemon being killed at any instant, and
/// no write is ever half there: a footprint always holds exactly the lines its history
/// added, and its running total is theirs.
@Suite(.serialized) struct CarbonDurabilityTests {
    static let carbon = "ecoprod.carbon.v1.Carbon"
    static let writers = 4
    static let rounds = 3
    static let acknowledgedBeforeKill = 40

    struct Acknowledged: Sendable {
        var footprint: String
        var lineID: UInt64
        var description: String
    }

    @Test func everyAcknowledgedLineSurvivesSIGKILL() throws {
        let scratch = try Scratch()
        let acknowledged = Mutex<[Acknowledged]>([])
        let created = Mutex<Set<String>>([])

        for round in 1...Self.rounds {
            let daemon = try DaemonHarness(mode: .boundSocket, scratch: scratch)
            _ = try daemon.waitUntilReady()
            let connection = try daemon.connect()
            let production: Ecoprod_Label_V1_Production = try connection.call("ecoprod.label.v1.Label", "CreateProduction", Ecoprod_Label_V1_CreateProductionRequest.with {
                $0.frameworkID = "ecoprod-label"
                $0.details.title = "round \(round)"
                $0.details.kind = .featureFilm
            })
            let footprints = try (0..<Self.writers).map { _ in
                let footprint: Ecoprod_Carbon_V1_Footprint = try connection.call(Self.carbon, "CreateFootprint", Ecoprod_Carbon_V1_CreateFootprintRequest.with {
                    $0.productionID = production.id
                    $0.details.kind = .forecast
                    $0.factorSetID = "ecoprod-reference"
                })
                created.withLock { _ = $0.insert(footprint.id) }
                return footprint
            }
            let killed = Mutex(false)
            let (socketPath, pid) = (daemon.socketPath, daemon.child.pid)

            DispatchQueue.concurrentPerform(iterations: Self.writers) { writer in
                guard let connection = try? Connection(socketPath: socketPath, timeout: .seconds(10)) else { return }
                var revision = footprints[writer].revision
                for n in 0... {
                    let description = "round \(round) writer \(writer) line \(n)"
                    let request = Ecoprod_Carbon_V1_AddLinesRequest.with {
                        $0.footprintID = footprints[writer].id
                        $0.expectedRevision = revision
                        $0.lines = [.with {
                            $0.category = .transport
                            $0.factorID = "diesel_b7_litre"
                            $0.quantity = Double(n + 1)
                            $0.description_p = description
                        }]
                    }
                    guard let response = try? connection.call(Self.carbon, "AddLines", request, as: Ecoprod_Carbon_V1_AddLinesResponse.self) else { return }
                    revision = response.footprint.revision
                    let count = acknowledged.withLock {
                        $0.append(Acknowledged(footprint: footprints[writer].id, lineID: response.lineIds[0], description: description))
                        return $0.count
                    }
                    if count >= round * Self.acknowledgedBeforeKill, killed.withLock({ let first = !$0; $0 = true; return first }) {
                        kill(pid, SIGKILL)
                    }
                }
            }
            #expect(daemon.child.waitForExit() == SIGKILL)
        }

        let daemon = try DaemonHarness(mode: .boundSocket, scratch: scratch)
        _ = try daemon.waitUntilReady()
        let connection = try daemon.connect()
        let all = acknowledged.withLock { $0 }
        #expect(all.count >= Self.rounds * Self.acknowledgedBeforeKill)
        for id in created.withLock({ $0 }) {
            let footprint: Ecoprod_Carbon_V1_Footprint = try connection.call(Self.carbon, "GetFootprint", Ecoprod_Carbon_V1_GetFootprintRequest.with { $0.id = id })
            var lines: [UInt64: Ecoprod_Carbon_V1_ActivityLine] = [:]
            try connection.stream(Self.carbon, "ListLines", Ecoprod_Carbon_V1_ListLinesRequest.with { $0.footprintID = id }) {
                (line: Ecoprod_Carbon_V1_ActivityLine) in
                lines[line.id] = line
                return true
            }
            for write in all where write.footprint == id {
                #expect(lines[write.lineID]?.description_p == write.description, "\(id) lost acknowledged line \(write.lineID)")
            }
            #expect(UInt64(lines.count) == footprint.lines && footprint.lines == footprint.revision - 1, "one line per write after the creation")
            let total = lines.values.reduce(0) { $0 + $1.kgCo2E } / 1000
            #expect(abs(footprint.totalTCo2E - total) <= 1e-9 * max(1, total), "the running total is the lines'")
        }
        daemon.child.signal(SIGTERM)
        #expect(daemon.child.waitForExit() == 0)

        let check = try run("/usr/bin/sqlite3", ["\(scratch.file("state"))/carbon.sqlite", "PRAGMA integrity_check;"])
        #expect(check.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) == "ok")
    }
}
