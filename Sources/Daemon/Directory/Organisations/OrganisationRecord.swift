import EcoprodAPI
import EcoprodProtocol
import Foundation
import GRDB
import SwiftProtobuf

/// An organisation's row as a write transaction sees it, and the one way a change is
/// recorded: the row and its search indexes rewritten, a new revision, a history event.
struct OrganisationRecord {
    static let history = HistoryTable(table: "organisation_history", ownerColumn: "organisation_seq")
    typealias Organisation = Ecoprod_Directory_V1_Organisation

    var seq: Int64
    var organisation: Organisation
    var historyLength: Int64

    static func find(_ db: Database, id: String, field: String = "organisation_id") throws -> OrganisationRecord {
        guard !id.isEmpty else { throw RPCError(.invalidArgument, "\(field): required") }
        guard let row = try Row.fetchOne(db, sql: "SELECT seq, content, history_length FROM organisations WHERE id = ?", arguments: [id]) else {
            throw RPCError(.notFound, "organisation \(id) does not exist")
        }
        return OrganisationRecord(seq: row[0], organisation: try Organisation(serializedBytes: row[1] as Data), historyLength: row[2])
    }

    static func forWriting(_ db: Database, id: String, expectedRevision: UInt64) throws -> OrganisationRecord {
        try OptimisticConcurrency.requireExpectedRevision(expectedRevision)
        let record = try find(db, id: id, field: "id")
        try OptimisticConcurrency.checkWritable(
            "organisation", id: id, revision: record.organisation.revision, archived: record.organisation.archived, expectedRevision: expectedRevision
        )
        return record
    }

    /// A new organisation's row, at revision 0 until its creation is committed.
    static func insert(_ db: Database, details: Ecoprod_Directory_V1_OrganisationDetails) throws -> OrganisationRecord {
        let id = try RecordIdentifier.new(prefix: "org-", in: "organisations", db)
        let now = Google_Protobuf_Timestamp(date: Date())
        let organisation = Organisation.with {
            $0.id = id
            $0.details = details
            $0.createdAt = now
        }
        try db.execute(
            sql: "INSERT INTO organisations (id, revision, kind, sort_name, siret, region, department, content) VALUES (?, 0, 0, '', '', '', '', x'')",
            arguments: [id]
        )
        return OrganisationRecord(seq: db.lastInsertedRowID, organisation: organisation, historyLength: 0)
    }

    /// The organisation as ORGANISATION_VIEW_BASIC shows it.
    static func basicView(of organisation: Organisation) -> Organisation {
        let (details, place) = (organisation.details, organisation.place)
        return .with {
            $0.id = organisation.id
            $0.revision = organisation.revision
            $0.archived = organisation.archived
            $0.details = .with {
                $0.kind = details.kind
                $0.name = details.name
                $0.categories = details.categories
                $0.postcode = details.postcode
                $0.city = details.city
                $0.country = details.country
                $0.website = details.website
            }
            if organisation.hasLocation { $0.location = organisation.location }
            $0.geocoding = organisation.geocoding
            if organisation.hasPlace {
                $0.place = .with {
                    $0.commune = place.commune
                    $0.department = place.department
                    $0.departmentName = place.departmentName
                    $0.region = place.region
                    $0.regionName = place.regionName
                }
            }
        }
    }

    /// Writes the organisation's new state with the next revision, its indexes and its history event.
    mutating func commit(
        _ db: Database, action: String, changes: [Ecoprod_Label_V1_FieldChange], actor: Ecoprod_Label_V1_Actor
    ) throws -> Ecoprod_Directory_V1_OrganisationEvent {
        let now = Date()
        organisation.revision += 1
        organisation.updatedAt = .init(date: now)
        historyLength += 1
        let details = organisation.details
        let point = organisation.hasLocation ? organisation.location : nil
        do {
            try db.execute(
                sql: """
                    UPDATE organisations SET revision = ?, kind = ?, sort_name = ?, siret = ?, region = ?, department = ?,
                        latitude = ?, longitude = ?, archived = ?, content = ?, basic = ?, history_length = ? WHERE seq = ?
                    """,
                arguments: [
                    organisation.revision, details.kind.rawValue, TextFolding.folded(details.name), details.siret,
                    organisation.place.region, organisation.place.department, point?.latitude, point?.longitude,
                    organisation.archived, try organisation.serializedData(), try Self.basicView(of: organisation).serializedData(), historyLength, seq,
                ]
            )
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
            let holder = try String.fetchOne(db, sql: "SELECT id FROM organisations WHERE siret = ? AND archived = 0 AND seq != ?", arguments: [details.siret, seq])
            throw RPCError(.alreadyExists, "details.siret: \(details.siret) is already organisation \(holder ?? "?")'s")
        }
        try db.execute(sql: "DELETE FROM organisation_categories WHERE organisation_seq = ?", arguments: [seq])
        for category in Set(details.categories) {
            try db.execute(sql: "INSERT INTO organisation_categories (category, organisation_seq) VALUES (?, ?)", arguments: [category, seq])
        }
        try db.execute(sql: "DELETE FROM organisation_text WHERE rowid = ?", arguments: [seq])
        try db.execute(sql: "DELETE FROM organisation_names WHERE rowid = ?", arguments: [seq])
        try db.execute(sql: "INSERT INTO organisation_names (rowid, name) VALUES (?, ?)", arguments: [seq, details.name])
        try db.execute(
            sql: "INSERT INTO organisation_text (rowid, name, description, tags) VALUES (?, ?, ?, ?)",
            arguments: [seq, details.name, details.description_p, details.tags.joined(separator: " ")]
        )
        try db.execute(sql: "DELETE FROM organisation_points WHERE seq = ?", arguments: [seq])
        try db.execute(sql: "DELETE FROM archived_points WHERE seq = ?", arguments: [seq])
        if let point {
            try db.execute(
                sql: """
                    INSERT INTO \(organisation.archived ? "archived_points" : "organisation_points")
                        (seq, min_latitude, max_latitude, min_longitude, max_longitude) VALUES (?, ?, ?, ?, ?)
                    """,
                arguments: [seq, point.latitude, point.latitude, point.longitude, point.longitude]
            )
        }
        let event = Ecoprod_Directory_V1_OrganisationEvent.with {
            $0.sequence = UInt64(historyLength)
            $0.organisationID = organisation.id
            $0.revision = organisation.revision
            $0.at = .init(date: now)
            $0.actor = actor
            $0.action = action
            $0.changes = changes
        }
        try Self.history.append(db, owner: seq, sequence: historyLength, event)
        return event
    }
}
