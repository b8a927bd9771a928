import EcoprodAPI
import EcoprodClient
import EcoprodProtocol
import Foundation
import Glibc
import Testing

/// Every change to a production reaches Daemon/Watch subscribers, with its history event.
struct LabelEventsTests {
    static let label = "ecoprod.label.v1.Label"

    @Test func changesArePublishedWithWhoMadeThem() throws {
        let daemon = try DaemonHarness(mode: .boundSocket)
        _ = try daemon.waitUntilReady()
        let watcher = try EventWatcher(socketPath: daemon.socketPath)
        let connection = try daemon.connect()

        let production: Ecoprod_Label_V1_Production = try connection.call(Self.label, "CreateProduction", Ecoprod_Label_V1_CreateProductionRequest.with {
            $0.frameworkID = "ecoprod-label"
            $0.details.title = "La Traversée"
            $0.details.kind = .documentary
        })
        let created = try #require(watcher.next { $0.topic == "label.production.created" })
        #expect(created.summary.hasPrefix("\(production.id) (La Traversée) revision 1: production.created by uid \(getuid())"), "\(created.summary)")
        let history = try Ecoprod_Label_V1_HistoryEvent(unpackingAny: created.detail)
        #expect(history.productionID == production.id && history.actor.uid == getuid() && history.actor.pid == UInt32(getpid()))

        let _: Ecoprod_Label_V1_UpdateCriterionResponse = try connection.call(Self.label, "UpdateCriterion", Ecoprod_Label_V1_UpdateCriterionRequest.with {
            $0.productionID = production.id
            $0.criterionID = "A01"
            $0.expectedRevision = production.revision
            $0.criterion.status = .inProgress
            $0.updateMask.paths = ["status"]
        })
        let updated = try #require(watcher.next { $0.topic == "label.criterion.updated" })
        let change = try Ecoprod_Label_V1_HistoryEvent(unpackingAny: updated.detail)
        #expect(change.revision == 2 && change.criterionID == "A01")
        #expect(change.changes.map { "\($0.field): \($0.oldValue) -> \($0.newValue)" } == ["status: to do -> in progress"])
    }
}
