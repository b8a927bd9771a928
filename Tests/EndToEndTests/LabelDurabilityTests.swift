import EcoprodAPI
import EcoprodClient
import Foundation
import Glibc
import Synchronization
import Testing

/// An acknowledged write survives the daemon being killed at any instant.
@Suite(.serialized) struct LabelDurabilityTests {
    static let service = "ecoprod.label.v1.Label"
    static let writers = 4
    static let rounds = 5
    /// Writes acknowledged in a round before the kill; the kill lands while the
    /// writers carry on, so some writes are always in flight when it does.
    static let acknowledgedBeforeKill = 40

    /// What a writer was told had happened: the production and the revision that
    /// the change produced, with the text it wrote.
    struct Acknowledged: Sendable {
        var production: String
        var revision: UInt64
        var criterion: String
        var actions: String
    }

    @Test func everyAcknowledgedWriteSurvivesSIGKILL() throws {
        let scratch = try Scratch()
        let acknowledged = Mutex<[Acknowledged]>([])
        let created = Mutex<Set<String>>([])

        for round in 1...Self.rounds {
            let daemon = try DaemonHarness(mode: .boundSocket, scratch: scratch)
            _ = try daemon.waitUntilReady()
            // Each writer owns a production, created in this round, so revisions are its own to predict.
            let productions = try (0..<Self.writers).map { writer in
                let production: Ecoprod_Label_V1_Production = try daemon.connect().call(Self.service, "CreateProduction", Ecoprod_Label_V1_CreateProductionRequest.with {
                    $0.frameworkID = "ecoprod-label"
                    $0.details.title = "round \(round) writer \(writer)"
                    $0.details.kind = .featureFilm
                })
                created.withLock { _ = $0.insert(production.id) }
                return production
            }
            let criteria = try daemon.connect().call(Self.service, "GetAssessment", Ecoprod_Label_V1_GetAssessmentRequest.with {
                $0.productionID = productions[0].id
            }, as: Ecoprod_Label_V1_ProductionAssessment.self).criteria.map(\.criterionID)
            let killed = Mutex(false)
            let (socketPath, pid) = (daemon.socketPath, daemon.child.pid)

            DispatchQueue.concurrentPerform(iterations: Self.writers) { writer in
                guard let connection = try? Connection(socketPath: socketPath, timeout: .seconds(10)) else { return }
                var revision = productions[writer].revision
                for n in 0... {
                    let criterion = criteria[n % criteria.count]
                    let actions = "round \(round) writer \(writer) write \(n)"
                    let request = Ecoprod_Label_V1_UpdateCriterionRequest.with {
                        $0.productionID = productions[writer].id
                        $0.criterionID = criterion
                        $0.expectedRevision = revision
                        $0.criterion.actions = actions
                        $0.updateMask.paths = ["actions"]
                    }
                    // A failure is the kill: the daemon is gone for this round.
                    guard let response = try? connection.call(Self.service, "UpdateCriterion", request, as: Ecoprod_Label_V1_UpdateCriterionResponse.self) else { return }
                    revision = response.revision
                    let count = acknowledged.withLock {
                        $0.append(Acknowledged(production: productions[writer].id, revision: revision, criterion: criterion, actions: actions))
                        return $0.count
                    }
                    if count >= round * Self.acknowledgedBeforeKill, killed.withLock({ let first = !$0; $0 = true; return first }) {
                        kill(pid, SIGKILL)
                    }
                }
            }
            #expect(daemon.child.waitForExit() == SIGKILL)
            #expect(daemon.child.process.terminationReason == .uncaughtSignal)
        }

        let daemon = try DaemonHarness(mode: .boundSocket, scratch: scratch)
        _ = try daemon.waitUntilReady()
        let connection = try daemon.connect()
        let all = acknowledged.withLock { $0 }
        #expect(all.count >= Self.rounds * Self.acknowledgedBeforeKill)
        for id in created.withLock({ $0 }) {
            let production: Ecoprod_Label_V1_Production = try connection.call(Self.service, "GetProduction", Ecoprod_Label_V1_GetProductionRequest.with { $0.id = id })
            var history: [UInt64: Ecoprod_Label_V1_HistoryEvent] = [:]
            try connection.stream(Self.service, "GetHistory", Ecoprod_Label_V1_GetHistoryRequest.with { $0.productionID = id }) {
                (event: Ecoprod_Label_V1_HistoryEvent) in
                history[event.revision] = event
                return true
            }
            for write in all where write.production == id {
                #expect(production.revision >= write.revision, "\(id) lost revision \(write.revision)")
                let event = history[write.revision]
                #expect(event?.criterionID == write.criterion, "\(id) revision \(write.revision): no history of the acknowledged write")
                #expect(event?.changes.contains { $0.field == "actions" && $0.newValue == write.actions } == true)
            }
        }
        daemon.child.signal(SIGTERM)
        #expect(daemon.child.waitForExit() == 0)

        let check = try run("/usr/bin/sqlite3", ["\(scratch.file("state"))/label.sqlite", "PRAGMA integrity_check;"])
        #expect(check.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) == "ok")
    }
}
