import EcoprodAPI
import EcoprodProtocol
import Foundation
import GRDB

/// Organisations: created, changed, archived, read, listed, and their history.
extension DirectoryStore {
    typealias Organisation = Ecoprod_Directory_V1_Organisation
    typealias OrganisationEvent = Ecoprod_Directory_V1_OrganisationEvent
    typealias Details = Ecoprod_Directory_V1_OrganisationDetails
    typealias Actor = Ecoprod_Label_V1_Actor

    /// `details` checked and placed, ready to store.
    func prepared(_ details: Details) async throws -> (Details, OrganisationPlacement) {
        let details = try OrganisationRules.validated(details, taxonomy: reference.taxonomy)
        return (details, try OrganisationPlacement.of(details, geocoder: await reference.geocoder))
    }

    func createOrganisation(_ details: Details, by actor: Actor) async throws -> (Organisation, OrganisationEvent) {
        let (details, placement) = try await prepared(details)
        return try await pool.write { db in try Self.create(db, details: details, placement: placement, by: actor) }
    }

    /// One creation, in the caller's transaction (imports create many in one).
    static func create(_ db: Database, details: Details, placement: OrganisationPlacement, by actor: Actor) throws -> (Organisation, OrganisationEvent) {
        var record = try OrganisationRecord.insert(db, details: details)
        record.organisation.place(placement)
        let event = try record.commit(db, action: "organisation.created", changes: OrganisationRules.changes(from: .init(), to: details), actor: actor)
        return (record.organisation, event)
    }

    func updateOrganisation(_ request: Ecoprod_Directory_V1_UpdateOrganisationRequest, by actor: Actor) async throws -> (Organisation, OrganisationEvent?) {
        // Checked against the stored details, then again in the write: another change may come between.
        let current = try await organisation(id: request.id, field: "id").details
        let (details, placement) = try await prepared(OrganisationRules.applying(request.updateMask.paths, from: request.details, to: current))
        return try await pool.write { db in
            var record = try OrganisationRecord.forWriting(db, id: request.id, expectedRevision: request.expectedRevision)
            let changes = OrganisationRules.changes(from: record.organisation.details, to: details)
            guard !changes.isEmpty else { return (record.organisation, nil) }
            record.organisation.details = details
            record.organisation.place(placement)
            let event = try record.commit(db, action: "organisation.updated", changes: changes, actor: actor)
            return (record.organisation, event)
        }
    }

    func archiveOrganisation(_ request: Ecoprod_Directory_V1_ArchiveOrganisationRequest, by actor: Actor) async throws -> (Organisation, OrganisationEvent) {
        try await pool.write { db in
            var record = try OrganisationRecord.forWriting(db, id: request.id, expectedRevision: request.expectedRevision)
            record.organisation.archived = true
            let event = try record.commit(db, action: "organisation.archived", changes: [.with {
                $0.field = "archived"; $0.oldValue = "false"; $0.newValue = "true"
            }], actor: actor)
            return (record.organisation, event)
        }
    }

    func organisation(id: String, field: String = "id") async throws -> Organisation {
        try await pool.read { db in try OrganisationRecord.find(db, id: id, field: field).organisation }
    }

    /// A page of organisations in creation order after `afterID` (exclusive).
    func organisations(_ filter: OrganisationFilterSQL, afterID: String, limit: Int) async throws -> [Organisation] {
        try await storedOrganisations(filter, afterID: afterID, limit: limit).map { try Organisation(serializedBytes: $0.content) }
    }

    /// The same page as stored: each organisation's id and serialized message, whole or
    /// in its basic view.
    func storedOrganisations(
        _ filter: OrganisationFilterSQL, afterID: String, limit: Int, basic: Bool = false
    ) async throws -> [(id: String, content: Data)] {
        try await pool.read { db in
            var sql = filter.whereClause
            var arguments = filter.arguments
            if !afterID.isEmpty {
                guard let after = try Int64.fetchOne(db, sql: "SELECT seq FROM organisations WHERE id = ?", arguments: [afterID]) else {
                    throw RPCError(.invalidArgument, "after_id: organisation \(afterID) does not exist")
                }
                sql += " AND o.seq > ?"
                arguments += [after]
            }
            return try Row.fetchAll(db, sql: "SELECT o.id, \(basic ? "o.basic" : "o.content") FROM organisations AS o WHERE \(sql) ORDER BY o.seq LIMIT \(limit)", arguments: arguments)
                .map { ($0[0], $0[1]) }
        }
    }

    func organisationHistory(id: String, afterSequence: UInt64) async throws -> [OrganisationEvent] {
        try await pool.read { db in
            let record = try OrganisationRecord.find(db, id: id)
            return try OrganisationRecord.history.events(db, owner: record.seq, after: afterSequence)
        }
    }
}

extension Ecoprod_Directory_V1_Organisation {
    mutating func place(_ placement: OrganisationPlacement) {
        if let location = placement.location { self.location = location } else { clearLocation() }
        geocoding = placement.source
        if let place = placement.place { self.place = place } else { clearPlace() }
    }
}
