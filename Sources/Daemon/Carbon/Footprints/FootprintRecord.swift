import EcoprodAPI
import EcoprodProtocol
import Foundation
import GRDB

/// A footprint's row as a write transaction sees it, and the one way a change is
/// recorded: a new revision and a history event, in the transaction of the change.
struct FootprintRecord {
    static let history = HistoryTable(table: "footprint_history", ownerColumn: "footprint_seq")
    typealias Footprint = Ecoprod_Carbon_V1_Footprint

    static let columns = """
        seq, id, revision, production_id, details, factor_set_id, factor_set_version, factor_set_draft,
        line_count, next_line_id, total_kg, archived, created_at, updated_at, history_length
        """

    var seq: Int64
    var footprint: Footprint
    var nextLineID: Int64
    /// The running total, in kg; `footprint.totalTCo2E` is derived from it.
    var totalKg: Double {
        didSet { footprint.totalTCo2E = totalKg / 1000 }
    }
    var historyLength: Int64

    init(row: Row) throws {
        seq = row[0]
        nextLineID = row[9]
        totalKg = row[10]
        historyLength = row[14]
        let details: Data = row[4]
        let (created, updated): (Double, Double) = (row[12], row[13])
        footprint = try .with {
            $0.id = row[1]
            $0.revision = row[2]
            $0.productionID = row[3]
            $0.details = try Ecoprod_Carbon_V1_FootprintDetails(serializedBytes: details)
            $0.factorSetID = row[5]
            $0.factorSetVersion = row[6]
            $0.factorSetDraft = row[7]
            $0.lines = row[8]
            $0.totalTCo2E = (row[10] as Double) / 1000
            $0.archived = row[11]
            $0.createdAt = .init(unixSeconds: created)
            $0.updatedAt = .init(unixSeconds: updated)
        }
    }

    /// `field` is the request's name for the id, for the refusal of an empty one.
    static func find(_ db: Database, id: String, field: String = "footprint_id") throws -> FootprintRecord {
        guard !id.isEmpty else { throw RPCError(.invalidArgument, "\(field): required") }
        guard let row = try Row.fetchOne(db, sql: "SELECT \(columns) FROM footprints WHERE id = ?", arguments: [id]) else {
            throw RPCError(.notFound, "footprint \(id) does not exist")
        }
        return try FootprintRecord(row: row)
    }

    /// The footprint as a writer may change it: at the revision the writer read, not archived.
    static func forWriting(_ db: Database, id: String, field: String = "footprint_id", expectedRevision: UInt64) throws -> FootprintRecord {
        try OptimisticConcurrency.requireExpectedRevision(expectedRevision)
        let record = try find(db, id: id, field: field)
        try OptimisticConcurrency.checkWritable(
            "footprint", id: id, revision: record.footprint.revision, archived: record.footprint.archived, expectedRevision: expectedRevision
        )
        return record
    }

    /// Writes the footprint's new state with the next revision, and its history event.
    mutating func commit(
        _ db: Database, action: String, changes: [Ecoprod_Label_V1_FieldChange], actor: Ecoprod_Label_V1_Actor
    ) throws -> Ecoprod_Carbon_V1_FootprintEvent {
        let now = Date()
        footprint.revision += 1
        footprint.updatedAt = .init(unixSeconds: now.timeIntervalSince1970)
        historyLength += 1
        try db.execute(
            sql: """
                UPDATE footprints SET revision = ?, details = ?, factor_set_id = ?, factor_set_version = ?, factor_set_draft = ?,
                    line_count = ?, next_line_id = ?, total_kg = ?, archived = ?, updated_at = ?, history_length = ? WHERE seq = ?
                """,
            arguments: [
                footprint.revision, try footprint.details.serializedData(), footprint.factorSetID, footprint.factorSetVersion,
                footprint.factorSetDraft, footprint.lines, nextLineID, totalKg, footprint.archived, now.timeIntervalSince1970,
                historyLength, seq,
            ]
        )
        let event = Ecoprod_Carbon_V1_FootprintEvent.with {
            $0.sequence = UInt64(historyLength)
            $0.footprintID = footprint.id
            $0.productionID = footprint.productionID
            $0.revision = footprint.revision
            $0.at = .init(date: now)
            $0.actor = actor
            $0.action = action
            $0.changes = changes
        }
        try Self.history.append(db, owner: seq, sequence: historyLength, event)
        return event
    }
}
