import EcoprodAPI
import EcoprodProtocol
import Foundation
import GRDB

/// Charter enrolments as stored: the charter plugin decides transitions; storing keeps
/// the data whole (organisation there and not archived, revision, a withdrawn enrolment
/// never changing), and time lapses what is past its validity.
extension DirectoryStore {
    typealias Enrolment = Ecoprod_Directory_V1_Enrolment
    typealias EnrolmentEvent = Ecoprod_Directory_V1_EnrolmentEvent

    func storeEnrolment(_ request: Ecoprod_Directory_V1_StoreEnrolmentRequest, by actor: Actor) async throws -> (Enrolment, EnrolmentEvent) {
        let request = request
        let given = request.enrolment
        guard DataFileRules.isIdentifier(request.action) else { throw RPCError(.invalidArgument, "action: required, a word like \"activated\"") }
        guard given.state != .unspecified, DirectoryNames.enrolmentStates.pairs.contains(where: { $0.value == given.state }) else {
            throw RPCError(.invalidArgument, "enrolment.state: PENDING, ACTIVE, LAPSED or WITHDRAWN")
        }
        guard reference.charters.contains(where: { $0.id == given.charterID && $0.version == given.charterVersion }) else {
            throw RPCError(.invalidArgument, "enrolment.charter_version: charter \(given.charterID) \(given.charterVersion) is not shipped")
        }
        if !given.signedOn.isEmpty, CalendarDate(given.signedOn) == nil {
            throw RPCError(.invalidArgument, "enrolment.signed_on: \"\(given.signedOn)\" is not a date like 2026-03-01")
        }
        // What storing keeps whole whoever calls: text bounded, commitments of the charter.
        for (field, value) in [("signatory.name", given.signatory.name), ("signatory.role", given.signatory.role),
                               ("signatory.email", given.signatory.email), ("note", given.note)]
        where value.utf8.count > OrganisationRules.maximumFieldLength {
            throw RPCError(.invalidArgument, "enrolment.\(field): at most \(OrganisationRules.maximumFieldLength) bytes")
        }
        let commitments = Set(reference.charters.first { $0.id == given.charterID && $0.version == given.charterVersion }!.commitments.map(\.id))
        for (index, commitment) in given.commitments.enumerated() where !commitments.contains(commitment) {
            throw RPCError(.invalidArgument, "enrolment.commitments[\(index)]: \"\(commitment)\" is not a commitment of \(given.charterID) \(given.charterVersion)")
        }
        return try await pool.write { db in
            var given = given
            let organisation = try OrganisationRecord.find(db, id: given.organisationID, field: "enrolment.organisation_id")
            var record: EnrolmentRecord
            let old: Enrolment
            if given.id.isEmpty {
                guard request.expectedRevision == 0 else { throw RPCError(.invalidArgument, "expected_revision: 0 for a new enrolment") }
                let id = try RecordIdentifier.new(prefix: "enr-", in: "enrolments", db)
                try db.execute(
                    sql: "INSERT INTO enrolments (id, revision, organisation_seq, state, content) VALUES (?, 0, ?, 0, x'')",
                    arguments: [id, organisation.seq]
                )
                given.id = id
                given.createdAt = .init(date: Date())
                old = Enrolment()
                record = EnrolmentRecord(seq: db.lastInsertedRowID, organisationSeq: organisation.seq, enrolment: given)
            } else {
                try OptimisticConcurrency.requireExpectedRevision(request.expectedRevision)
                record = try EnrolmentRecord.find(db, id: given.id, field: "enrolment.id")
                old = record.enrolment
                guard old.revision == request.expectedRevision else {
                    throw RPCError(.aborted, "enrolment \(old.id) is at revision \(old.revision); the request was based on revision \(request.expectedRevision)")
                }
                guard old.state != .withdrawn else { throw RPCError(.failedPrecondition, "enrolment \(old.id) is withdrawn; a withdrawn enrolment never changes") }
                guard record.organisationSeq == organisation.seq else {
                    throw RPCError(.invalidArgument, "enrolment.organisation_id: enrolment \(old.id) is \(old.organisationID)'s")
                }
                given.createdAt = old.createdAt
                given.revision = old.revision
                record.enrolment = given
            }
            guard !organisation.organisation.archived || given.state == .withdrawn else {
                throw RPCError(.failedPrecondition, "organisation \(given.organisationID) is archived: its enrolments can only be withdrawn")
            }
            let event = try record.commit(db, action: request.action, from: old, actor: actor)
            return (record.enrolment, event)
        }
    }

    func enrolment(id: String) async throws -> Enrolment {
        try await pool.read { db in try EnrolmentRecord.find(db, id: id, field: "id").enrolment }
    }

    func enrolments(_ request: Ecoprod_Directory_V1_ListEnrolmentsRequest) async throws -> [Enrolment] {
        try await pool.read { db in
            var conditions = ["1"]
            var arguments: StatementArguments = []
            if !request.organisationID.isEmpty {
                conditions.append("organisation_seq = ?")
                arguments += [try OrganisationRecord.find(db, id: request.organisationID).seq]
            }
            if !request.states.isEmpty {
                conditions.append("state IN (\(request.states.map { _ in "?" }.joined(separator: ", ")))")
                arguments += StatementArguments(request.states.map(\.rawValue))
            }
            return try Data.fetchAll(db, sql: "SELECT content FROM enrolments WHERE \(conditions.joined(separator: " AND ")) ORDER BY seq", arguments: arguments)
                .map { try Enrolment(serializedBytes: $0) }
        }
    }

    func enrolmentHistory(id: String, afterSequence: UInt64) async throws -> [EnrolmentEvent] {
        try await pool.read { db in
            let record = try EnrolmentRecord.find(db, id: id)
            return try EnrolmentRecord.history.events(db, owner: record.seq, after: afterSequence)
        }
    }

    /// Lapses the active enrolments whose validity ended by `now`, and marks as reminded
    /// those whose reminder is due; both in one transaction.
    func lapseAndRemind(now: Date, by actor: Actor) async throws -> (lapsed: [EnrolmentEvent], due: [Enrolment]) {
        let active = Ecoprod_Directory_V1_EnrolmentState.active.rawValue
        return try await pool.write { db in
            var lapsed: [EnrolmentEvent] = []
            let rows = try Row.fetchAll(
                db, sql: "SELECT \(EnrolmentRecord.columns) FROM enrolments WHERE state = ? AND valid_until <= ?",
                arguments: [active, now.timeIntervalSince1970]
            )
            for row in rows {
                var record = try EnrolmentRecord(row: row)
                let old = record.enrolment
                record.enrolment.state = .lapsed
                lapsed.append(try record.commit(db, action: "lapsed", from: old, actor: actor))
            }
            let due = try Data.fetchAll(
                db, sql: "SELECT content FROM enrolments WHERE state = ? AND reminded = 0 AND remind_at <= ?",
                arguments: [active, now.timeIntervalSince1970]
            ).map { try Enrolment(serializedBytes: $0) }
            try db.execute(sql: "UPDATE enrolments SET reminded = 1 WHERE state = ? AND reminded = 0 AND remind_at <= ?", arguments: [active, now.timeIntervalSince1970])
            return (lapsed, due)
        }
    }

    /// When lapseAndRemind next has something to do.
    func nextEnrolmentDeadline() async throws -> Date? {
        let active = Ecoprod_Directory_V1_EnrolmentState.active.rawValue
        return try await pool.read { db in
            try Double.fetchOne(db, sql: """
                SELECT min(t) FROM (SELECT min(valid_until) AS t FROM enrolments WHERE state = ?
                    UNION ALL SELECT min(remind_at) FROM enrolments WHERE state = ? AND reminded = 0)
                """, arguments: [active, active]).map(Date.init(timeIntervalSince1970:))
        }
    }
}
