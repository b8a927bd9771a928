import EcoprodAPI
import EcoprodProtocol
import Foundation
import GRDB

/// A production's row as a write transaction sees it, and the one way a change is
/// recorded: a new revision and a history event, in the transaction of the change.
struct ProductionRecord {
    static let history = HistoryTable(table: "history", ownerColumn: "production_seq")
    static let columns = "seq, id, revision, framework_id, framework_version, framework_draft, details, archived, created_at, updated_at, history_length"

    var seq: Int64
    var production: Ecoprod_Label_V1_Production
    var historyLength: Int64

    init(row: Row) throws {
        seq = row[0]
        historyLength = row[10]
        let details: Data = row[6]
        let (created, updated): (Double, Double) = (row[8], row[9])
        production = try .with {
            $0.id = row[1]
            $0.revision = row[2]
            $0.frameworkID = row[3]
            $0.frameworkVersion = row[4]
            $0.frameworkDraft = row[5]
            $0.details = try Ecoprod_Label_V1_ProductionDetails(serializedBytes: details)
            $0.archived = row[7]
            $0.createdAt = .init(unixSeconds: created)
            $0.updatedAt = .init(unixSeconds: updated)
        }
    }

    static func find(_ db: Database, id: String) throws -> ProductionRecord {
        guard let row = try Row.fetchOne(db, sql: "SELECT \(columns) FROM productions WHERE id = ?", arguments: [id]) else {
            throw RPCError(.notFound, id.isEmpty ? "id: required" : "production \(id) does not exist")
        }
        return try ProductionRecord(row: row)
    }

    /// The production as a writer may change it: at the revision the writer read, not archived.
    static func forWriting(_ db: Database, id: String, expectedRevision: UInt64) throws -> ProductionRecord {
        try OptimisticConcurrency.requireExpectedRevision(expectedRevision)
        let record = try find(db, id: id)
        try OptimisticConcurrency.checkWritable(
            "production", id: id, revision: record.production.revision, archived: record.production.archived, expectedRevision: expectedRevision
        )
        return record
    }

    /// Writes the production's new state with the next revision, and its history event.
    mutating func commit(
        _ db: Database, action: String, criterionID: String = "", changes: [Ecoprod_Label_V1_FieldChange], actor: Ecoprod_Label_V1_Actor
    ) throws -> Ecoprod_Label_V1_HistoryEvent {
        let now = Date()
        production.revision += 1
        // As it is read back from the row, so the answer and a later read agree to the bit.
        production.updatedAt = .init(unixSeconds: now.timeIntervalSince1970)
        historyLength += 1
        let details = production.details
        try db.execute(
            sql: """
                UPDATE productions SET revision = ?, details = ?, title = ?, kind = ?, company_id = ?, archived = ?,
                    updated_at = ?, history_length = ? WHERE seq = ?
                """,
            arguments: [
                production.revision, try details.serializedData(), details.title, details.kind.rawValue, details.companyID,
                production.archived, now.timeIntervalSince1970, historyLength, seq,
            ]
        )
        let event = Ecoprod_Label_V1_HistoryEvent.with {
            $0.sequence = UInt64(historyLength)
            $0.productionID = production.id
            $0.revision = production.revision
            $0.at = .init(date: now)
            $0.actor = actor
            $0.action = action
            $0.criterionID = criterionID
            $0.changes = changes
        }
        try Self.history.append(db, owner: seq, sequence: historyLength, event)
        return event
    }
}
