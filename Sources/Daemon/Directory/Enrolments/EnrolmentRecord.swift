import EcoprodAPI
import EcoprodProtocol
import Foundation
import GRDB
import SwiftProtobuf

/// An enrolment's row as a write transaction sees it, and the one way a change is
/// recorded: a new revision and a history event naming the transition.
struct EnrolmentRecord {
    static let history = HistoryTable(table: "enrolment_history", ownerColumn: "enrolment_seq")
    typealias Enrolment = Ecoprod_Directory_V1_Enrolment

    var seq: Int64
    var organisationSeq: Int64
    var enrolment: Enrolment
    var historyLength: Int64

    static let columns = "seq, organisation_seq, content, history_length"

    init(row: Row) throws {
        (seq, organisationSeq, historyLength) = (row[0], row[1], row[3])
        enrolment = try Enrolment(serializedBytes: row[2] as Data)
    }

    init(seq: Int64, organisationSeq: Int64, enrolment: Enrolment) {
        (self.seq, self.organisationSeq, self.enrolment, historyLength) = (seq, organisationSeq, enrolment, 0)
    }

    static func find(_ db: Database, id: String, field: String = "enrolment_id") throws -> EnrolmentRecord {
        guard !id.isEmpty else { throw RPCError(.invalidArgument, "\(field): required") }
        guard let row = try Row.fetchOne(db, sql: "SELECT \(columns) FROM enrolments WHERE id = ?", arguments: [id]) else {
            throw RPCError(.notFound, "enrolment \(id) does not exist")
        }
        return try EnrolmentRecord(row: row)
    }

    /// Writes the enrolment's new state with the next revision, and its history event.
    mutating func commit(_ db: Database, action: String, from old: Enrolment, actor: Ecoprod_Label_V1_Actor) throws -> Ecoprod_Directory_V1_EnrolmentEvent {
        let now = Date()
        enrolment.revision += 1
        enrolment.updatedAt = .init(date: now)
        historyLength += 1
        let timesChanged = old.validUntil != enrolment.validUntil || old.remindAt != enrolment.remindAt
        try db.execute(
            sql: """
                UPDATE enrolments SET revision = ?, state = ?, charter_version = ?, valid_until = ?, remind_at = ?, reminded = CASE WHEN ? THEN 0 ELSE reminded END,
                    content = ?, history_length = ? WHERE seq = ?
                """,
            arguments: [
                enrolment.revision, enrolment.state.rawValue, enrolment.charterVersion, enrolment.hasValidUntil ? enrolment.validUntil.timeIntervalSince1970 : nil,
                enrolment.hasRemindAt ? enrolment.remindAt.timeIntervalSince1970 : nil, timesChanged, try enrolment.serializedData(),
                historyLength, seq,
            ]
        )
        let event = Ecoprod_Directory_V1_EnrolmentEvent.with {
            $0.sequence = UInt64(historyLength)
            $0.enrolmentID = enrolment.id
            $0.organisationID = enrolment.organisationID
            $0.revision = enrolment.revision
            $0.at = .init(date: now)
            $0.actor = actor
            $0.action = "enrolment.\(action)"
            $0.fromState = old.state
            $0.toState = enrolment.state
            $0.changes = EnrolmentRecord.changes(from: old, to: enrolment)
        }
        try Self.history.append(db, owner: seq, sequence: historyLength, event)
        return event
    }

    static func changes(from old: Enrolment, to new: Enrolment) -> [Ecoprod_Label_V1_FieldChange] {
        let time = { (stamp: Google_Protobuf_Timestamp, present: Bool) in present ? ISO8601DateFormatter().string(from: stamp.date) : "" }
        let fields: [(String, (Enrolment) -> String)] = [
            ("charter", { $0.charterID.isEmpty ? "" : "\($0.charterID) \($0.charterVersion)" }),
            ("state", { $0.state == .unspecified ? "" : DirectoryNames.enrolmentStates.name(of: $0.state) }),
            ("signatory", { [$0.signatory.name, $0.signatory.role, $0.signatory.email].filter { !$0.isEmpty }.joined(separator: ", ") }),
            ("signed_on", \.signedOn),
            ("commitments", { $0.commitments.joined(separator: "|") }),
            ("training", { $0.training == .unspecified ? "" : DirectoryNames.trainingStatuses.name(of: $0.training) }),
            ("valid_until", { time($0.validUntil, $0.hasValidUntil) }),
            ("note", \.note),
        ]
        return fields.compactMap { name, value in
            let (before, after) = (value(old), value(new))
            return before == after ? nil : .with { $0.field = name; $0.oldValue = before; $0.newValue = after }
        }
    }
}
