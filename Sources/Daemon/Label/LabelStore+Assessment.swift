import EcoprodAPI
import EcoprodProtocol
import Foundation
import GRDB

extension LabelStore {
    typealias Assessment = Ecoprod_Label_V1_CriterionAssessment

    func assessment(productionID: String) async throws -> Ecoprod_Label_V1_ProductionAssessment {
        try await pool.read { db in
            let record = try ProductionRecord.find(db, id: productionID)
            return try Self.assessments(db, of: [record])[0]
        }
    }

    /// One page of `ExportAssessments`: up to `limit` productions after `afterSeq`, each with its grid.
    func exportPage(_ filter: ProductionFilter, afterSeq: Int64, limit: Int, statusesOnly: Bool) async throws -> (page: [Ecoprod_Label_V1_ProductionAssessment], lastSeq: Int64?) {
        let (condition, arguments) = filter.sql(afterSeq: afterSeq)
        return try await pool.read { db in
            let records = try Row.fetchAll(db, sql: "SELECT \(ProductionRecord.columns) FROM productions WHERE \(condition) ORDER BY seq LIMIT \(limit)", arguments: arguments)
                .map(ProductionRecord.init(row:))
            let page = statusesOnly ? try Self.packedStatuses(db, of: records) : try Self.assessments(db, of: records)
            return (page, records.last?.seq)
        }
    }

    /// The statuses of `records` (in seq order) as `packed_statuses`, read as one range of
    /// the assessments' key: a byte per criterion is what scoring a slate needs, and
    /// building and parsing a message per criterion cost more than the scoring.
    private static func packedStatuses(_ db: Database, of records: [ProductionRecord]) throws -> [Ecoprod_Label_V1_ProductionAssessment] {
        guard let first = records.first?.seq, let last = records.last?.seq else { return [] }
        var packed: [Int64: Data] = Dictionary(minimumCapacity: records.count)
        let rows = try Row.fetchCursor(db, sql: """
            SELECT production_seq, status | (applicable_to_kind << 3) FROM assessments
            WHERE production_seq BETWEEN ? AND ? ORDER BY production_seq, position
            """, arguments: [first, last])
        // One production's bytes at a time, stored once: a dictionary access per row costs
        // more than the row. (The range may hold productions the filter left out; they are
        // stored and not returned.)
        var (seq, bytes): (Int64?, Data) = (nil, Data())
        while let row = try rows.next() {
            let rowSeq: Int64 = row[0]
            if rowSeq != seq {
                if let seq { packed[seq] = bytes }
                (seq, bytes) = (rowSeq, Data(capacity: 128))
            }
            bytes.append(UInt8(truncatingIfNeeded: row[1] as Int64))
        }
        if let seq { packed[seq] = bytes }
        return records.map { record in .with { $0.production = record.production; $0.packedStatuses = packed[record.seq] ?? Data() } }
    }

    /// The grids of `records` (in seq order), read as one range of the assessments' key.
    private static func assessments(_ db: Database, of records: [ProductionRecord]) throws -> [Ecoprod_Label_V1_ProductionAssessment] {
        guard let first = records.first?.seq, let last = records.last?.seq else { return [] }
        var grids: [Int64: Ecoprod_Label_V1_ProductionAssessment] = [:]
        for record in records { grids[record.seq] = .with { $0.production = record.production } }
        let rows = try Row.fetchCursor(db, sql: "SELECT production_seq, criterion_id, status, effort, applicable_to_kind, actions, responsible, justification, updated_at FROM assessments WHERE production_seq BETWEEN ? AND ? ORDER BY production_seq, position", arguments: [first, last])
        while let row = try rows.next() {
            let seq: Int64 = row[0]
            guard grids[seq] != nil else { continue }
            var criterion = Assessment()
            criterion.criterionID = row[1]
            criterion.status = .init(rawValue: row[2]) ?? .unspecified
            criterion.effort = row[3]
            criterion.applicableToKind = row[4]
            criterion.actions = row[5]
            criterion.responsible = row[6]
            criterion.justification = row[7]
            if let updated: Double = row[8] { criterion.updatedAt = .init(unixSeconds: updated) }
            grids[seq]!.criteria.append(criterion)
        }
        let links = try Row.fetchCursor(db, sql: "SELECT production_seq, criterion_id, sha256 FROM criterion_evidence WHERE production_seq BETWEEN ? AND ? ORDER BY production_seq, criterion_id, linked_at", arguments: [first, last])
        while let link = try links.next() {
            let (seq, criterionID, sha256): (Int64, String, String) = (link[0], link[1], link[2])
            guard let index = grids[seq]?.criteria.firstIndex(where: { $0.criterionID == criterionID }) else { continue }
            grids[seq]!.criteria[index].evidenceSha256.append(sha256)
        }
        return records.map { grids[$0.seq]! }
    }

    func updateCriterion(_ request: Ecoprod_Label_V1_UpdateCriterionRequest, by actor: Ecoprod_Label_V1_Actor) async throws -> (Ecoprod_Label_V1_UpdateCriterionResponse, Ecoprod_Label_V1_HistoryEvent?) {
        try await pool.write { db in
            var record = try ProductionRecord.forWriting(db, id: request.productionID, expectedRevision: request.expectedRevision)
            let framework = try self.requireFramework(db, id: record.production.frameworkID, version: record.production.frameworkVersion)
            guard let criterion = framework.criteria.first(where: { $0.id == request.criterionID }) else {
                throw RPCError(.notFound, request.criterionID.isEmpty ? "criterion_id: required"
                               : "criterion \(request.criterionID) is not in framework \(framework.id) version \(framework.version)")
            }
            var current = try Self.assessments(db, of: [record])[0].criteria.first { $0.criterionID == criterion.id }!
            let (updated, changes) = try CriterionChange.apply(request, to: current, criterion: criterion)
            let evidenceChanges = try Self.relink(db, request, record: record, current: current.evidenceSha256)
            guard !changes.isEmpty || !evidenceChanges.isEmpty else {
                return (.with { $0.criterion = current; $0.revision = record.production.revision }, nil)
            }
            let now = Date().timeIntervalSince1970
            try db.execute(
                sql: """
                    UPDATE assessments SET status = ?, actions = ?, responsible = ?, justification = ?, effort = ?, updated_at = ?
                    WHERE production_seq = ? AND criterion_id = ?
                    """,
                arguments: [updated.status.rawValue, updated.actions, updated.responsible, updated.justification, updated.effort, now,
                            record.seq, criterion.id]
            )
            current = try Self.assessments(db, of: [record])[0].criteria.first { $0.criterionID == criterion.id }!
            let event = try record.commit(db, action: "criterion.updated", criterionID: criterion.id, changes: changes + evidenceChanges, actor: actor)
            return (.with { $0.criterion = current; $0.revision = record.production.revision }, event)
        }
    }

    /// Links and unlinks evidence; each must have been uploaded, and an unlinked one must have been linked.
    private static func relink(_ db: Database, _ request: Ecoprod_Label_V1_UpdateCriterionRequest, record: ProductionRecord, current: [String]) throws -> [Ecoprod_Label_V1_FieldChange] {
        var changes: [Ecoprod_Label_V1_FieldChange] = []
        for (index, sha256) in request.addEvidenceSha256.enumerated() where !current.contains(sha256) {
            guard SHA256Digest.isValid(sha256) else { throw RPCError(.invalidArgument, "add_evidence_sha256[\(index)]: 64 lowercase hex digits") }
            guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM evidence WHERE sha256 = ?)", arguments: [sha256])! else {
                throw RPCError(.notFound, "evidence \(sha256) has not been uploaded")
            }
            try db.execute(sql: "INSERT INTO criterion_evidence (production_seq, criterion_id, sha256, linked_at) VALUES (?, ?, ?, ?)",
                           arguments: [record.seq, request.criterionID, sha256, Date().timeIntervalSince1970])
            changes.append(.with { $0.field = "evidence"; $0.newValue = sha256 })
        }
        for (index, sha256) in request.removeEvidenceSha256.enumerated() {
            guard current.contains(sha256) else {
                throw RPCError(.notFound, "remove_evidence_sha256[\(index)]: evidence \(sha256) is not linked to criterion \(request.criterionID)")
            }
            try db.execute(sql: "DELETE FROM criterion_evidence WHERE production_seq = ? AND criterion_id = ? AND sha256 = ?",
                           arguments: [record.seq, request.criterionID, sha256])
            changes.append(.with { $0.field = "evidence"; $0.oldValue = sha256 })
        }
        return changes
    }
}
