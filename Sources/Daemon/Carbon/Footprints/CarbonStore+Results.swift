import EcoprodAPI
import EcoprodProtocol
import Foundation
import GRDB

/// A footprint's lines as results see them: grouped, with what names the groups.
struct FootprintSnapshot: Sendable {
    let footprint: Ecoprod_Carbon_V1_Footprint
    let set: PinnedFactorSet
    let departments: [Int64: String]
    let groups: LineGroups

    var builder: FootprintResultsBuilder { .init(footprint: footprint, set: set, departments: departments) }
}

extension CarbonStore {
    /// With the quantities in the groups when they are to be recomputed.
    func snapshot(footprintID: String, quantities: Bool = false) async throws -> FootprintSnapshot {
        try await pool.read { db in try self.snapshot(db, record: FootprintRecord.find(db, id: footprintID), quantities: quantities) }
    }

    func snapshot(_ db: Database, record: FootprintRecord, quantities: Bool = false) throws -> FootprintSnapshot {
        FootprintSnapshot(
            footprint: record.footprint, set: try pinnedSet(db, of: record.footprint),
            departments: try Self.departmentNames(db, footprintSeq: record.seq),
            groups: try LineGroups.scan(db, footprintSeq: record.seq, quantities: quantities)
        )
    }

    /// The latest footprint of `kind` of every production, archived ones left out.
    func benchmarkCandidates(kind: Ecoprod_Carbon_V1_FootprintKind) async throws -> [IntensityBenchmark.Candidate] {
        try await pool.read { db in
            var latest: [String: IntensityBenchmark.Candidate] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT production_id, total_kg, details FROM footprints WHERE kind = ? AND archived = 0 ORDER BY seq",
                arguments: [kind.rawValue]
            ) {
                latest[row[0]] = .init(
                    productionID: row[0], tonnes: (row[1] as Double) / 1000,
                    details: try Ecoprod_Carbon_V1_FootprintDetails(serializedBytes: row[2] as Data)
                )
            }
            return Array(latest.values)
        }
    }

    /// Pins a footprint to another set, its lines' emissions recomputed, when every factor
    /// it uses is there in a compatible unit.
    func repin(_ request: Ecoprod_Carbon_V1_RepinFootprintRequest, by actor: Actor) async throws -> (Ecoprod_Carbon_V1_RecomputeResponse, FootprintEvent?) {
        guard !request.factorSetID.isEmpty else { throw RPCError(.invalidArgument, "factor_set_id: required") }
        return try await pool.write { db in
            var record = try FootprintRecord.forWriting(db, id: request.footprintID, expectedRevision: request.expectedRevision)
            let snapshot = try self.snapshot(db, record: record, quantities: true)
            let target = try self.pinnedSets.set(db, summary: Self.requireSummary(db, id: request.factorSetID, version: request.factorSetVersion))
            let recomputation = Recomputation(snapshot, under: target)
            var response = recomputation.response
            guard target.name != snapshot.set.name else {
                response.footprint = record.footprint
                return (response, nil)
            }
            let blocking = response.factors.filter { $0.change == .missing || $0.change == .incompatibleUnit }
            guard blocking.isEmpty else {
                throw RPCError(.failedPrecondition, "footprint \(record.footprint.id) cannot move to factor set \(target.name): "
                    + blocking.map(\.explanation).joined(separator: "; "))
            }
            // One pass over the lines, each factor's lines moved by a join on what moves where.
            try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS factor_moves (old INTEGER PRIMARY KEY, new INTEGER, ratio REAL, kg_per_unit REAL)")
            defer { try? db.execute(sql: "DELETE FROM factor_moves") }
            let move = try db.makeStatement(sql: "INSERT INTO factor_moves (old, new, ratio, kg_per_unit) VALUES (?, ?, ?, ?)")
            for (from, to) in recomputation.moves { try move.execute(arguments: [from, to.position, to.ratio, to.kgPerUnit]) }
            try db.execute(
                sql: """
                    UPDATE activity_lines SET group_key = (group_key & \((1 << 36) - 1)) | (m.new << 36),
                        quantity_in_factor_unit = quantity_in_factor_unit * m.ratio, kg_co2e = quantity_in_factor_unit * m.ratio * m.kg_per_unit
                    FROM factor_moves AS m WHERE footprint_seq = ? AND m.old = group_key >> 36
                    """,
                arguments: [record.seq]
            )
            let before = record.footprint
            record.footprint.factorSetID = target.summary.id
            record.footprint.factorSetVersion = target.summary.version
            record.footprint.factorSetDraft = target.summary.draft
            record.totalKg = recomputation.groups.totalKg
            let event = try record.commit(db, action: "footprint.repinned", changes: [
                .with { $0.field = "factor_set"; $0.oldValue = "\(before.factorSetID) \(before.factorSetVersion)"; $0.newValue = target.name },
                Self.totalChange(from: before, to: record.footprint),
            ], actor: actor)
            response.footprint = record.footprint
            return (response, event)
        }
    }
}
