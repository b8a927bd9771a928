import EcoprodAPI
import EcoprodProtocol
import Foundation
import GRDB

/// Footprints themselves: created pinned to a factor set version, their details changed,
/// archived, listed, and their history read.
extension CarbonStore {
    typealias Footprint = Ecoprod_Carbon_V1_Footprint
    typealias FootprintEvent = Ecoprod_Carbon_V1_FootprintEvent
    typealias Actor = Ecoprod_Label_V1_Actor

    /// `productionID` must already be known to exist.
    func createFootprint(_ request: Ecoprod_Carbon_V1_CreateFootprintRequest, by actor: Actor) async throws -> (Footprint, FootprintEvent) {
        let details = try FootprintDetailsRules.validated(request.details)
        guard !request.factorSetID.isEmpty else { throw RPCError(.invalidArgument, "factor_set_id: required") }
        return try await pool.write { db in
            let set = try Self.requireSummary(db, id: request.factorSetID, version: request.factorSetVersion)
            let id = try RecordIdentifier.new(prefix: "fp-", in: "footprints", db)
            let now = Date().timeIntervalSince1970
            try db.execute(
                sql: """
                    INSERT INTO footprints (id, revision, production_id, kind, details, factor_set_id, factor_set_version,
                        factor_set_draft, created_at, updated_at) VALUES (?, 0, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [id, request.productionID, details.kind.rawValue, try details.serializedData(), set.id, set.version,
                            set.draft, now, now]
            )
            var record = try FootprintRecord.find(db, id: id)
            let changes = [.with { $0.field = "production_id"; $0.newValue = request.productionID }]
                + FootprintDetailsRules.changes(from: .init(), to: details)
                + [.with { $0.field = "factor_set"; $0.newValue = "\(set.id) \(set.version)" }]
            let event = try record.commit(db, action: "footprint.created", changes: changes, actor: actor)
            return (record.footprint, event)
        }
    }

    func updateFootprint(_ request: Ecoprod_Carbon_V1_UpdateFootprintRequest, by actor: Actor) async throws -> (Footprint, FootprintEvent?) {
        try await pool.write { db in
            var record = try FootprintRecord.forWriting(db, id: request.id, field: "id", expectedRevision: request.expectedRevision)
            let merged = try FootprintDetailsRules.applying(request.updateMask.paths, from: request.details, to: record.footprint.details)
            let details = try FootprintDetailsRules.validated(merged)
            let changes = FootprintDetailsRules.changes(from: record.footprint.details, to: details)
            guard !changes.isEmpty else { return (record.footprint, nil) }
            record.footprint.details = details
            let event = try record.commit(db, action: "footprint.updated", changes: changes, actor: actor)
            return (record.footprint, event)
        }
    }

    func archiveFootprint(_ request: Ecoprod_Carbon_V1_ArchiveFootprintRequest, by actor: Actor) async throws -> (Footprint, FootprintEvent) {
        try await pool.write { db in
            var record = try FootprintRecord.forWriting(db, id: request.id, field: "id", expectedRevision: request.expectedRevision)
            record.footprint.archived = true
            let event = try record.commit(db, action: "footprint.archived", changes: [.with {
                $0.field = "archived"; $0.oldValue = "false"; $0.newValue = "true"
            }], actor: actor)
            return (record.footprint, event)
        }
    }

    func footprint(id: String) async throws -> Footprint {
        try await pool.read { db in try FootprintRecord.find(db, id: id, field: "id").footprint }
    }

    func footprints(_ request: Ecoprod_Carbon_V1_ListFootprintsRequest) async throws -> [Footprint] {
        var conditions = ["1"]
        var arguments: StatementArguments = []
        if !request.productionID.isEmpty { conditions.append("production_id = ?"); arguments += [request.productionID] }
        if request.kind != .unspecified { conditions.append("kind = ?"); arguments += [request.kind.rawValue] }
        if !request.includeArchived { conditions.append("archived = 0") }
        let sql = "SELECT \(FootprintRecord.columns) FROM footprints WHERE \(conditions.joined(separator: " AND ")) ORDER BY seq"
        return try await pool.read { [arguments] db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { try FootprintRecord(row: $0).footprint }
        }
    }

    func footprintHistory(id: String, afterSequence: UInt64) async throws -> [FootprintEvent] {
        try await pool.read { db in
            let record = try FootprintRecord.find(db, id: id)
            return try FootprintRecord.history.events(db, owner: record.seq, after: afterSequence)
        }
    }

    /// A stored version, or the latest imported one when `version` is empty, decoded.
    func pinnedSet(id: String, version: String) async throws -> PinnedFactorSet {
        try await pool.read { db in try self.pinnedSets.set(db, summary: Self.requireSummary(db, id: id, version: version)) }
    }

    /// The set a footprint is pinned to, decoded.
    func pinnedSet(_ db: Database, of footprint: Footprint) throws -> PinnedFactorSet {
        try pinnedSets.set(db, summary: Self.requireSummary(db, id: footprint.factorSetID, version: footprint.factorSetVersion))
    }
}
