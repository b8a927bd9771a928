import EcoprodAPI
import EcoprodProtocol
import Foundation
import GRDB

/// Which productions a list or an export covers.
struct ProductionFilter: Sendable {
    var ids: [String] = []
    var companyID = ""
    var kind = Ecoprod_Label_V1_ProductionKind.unspecified
    var frameworkID = ""
    var includeArchived = false
    var titleContains = ""

    /// The WHERE clause (over `productions`) and its arguments, from `afterSeq` on.
    func sql(afterSeq: Int64) -> (String, StatementArguments) {
        var conditions = ["seq > ?"]
        var arguments: StatementArguments = [afterSeq]
        if !ids.isEmpty {
            conditions.append("id IN (\(Array(repeating: "?", count: ids.count).joined(separator: ", ")))")
            arguments += StatementArguments(ids)
        }
        if !companyID.isEmpty { conditions.append("company_id = ?"); arguments += [companyID] }
        if kind != .unspecified { conditions.append("kind = ?"); arguments += [kind.rawValue] }
        if !frameworkID.isEmpty { conditions.append("framework_id = ?"); arguments += [frameworkID] }
        if !includeArchived { conditions.append("archived = 0") }
        if !titleContains.isEmpty {
            conditions.append("title LIKE ? ESCAPE '\\' COLLATE NOCASE")
            let escaped = titleContains.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
            arguments += ["%\(escaped)%"]
        }
        return (conditions.joined(separator: " AND "), arguments)
    }
}

extension LabelStore {
    func createProduction(_ request: Ecoprod_Label_V1_CreateProductionRequest, by actor: Ecoprod_Label_V1_Actor) async throws -> (Ecoprod_Label_V1_Production, Ecoprod_Label_V1_HistoryEvent) {
        guard !request.frameworkID.isEmpty else { throw RPCError(.invalidArgument, "framework_id: required") }
        return try await pool.write { db in
            let framework = try self.requireFramework(db, id: request.frameworkID, version: request.frameworkVersion)
            let details = try ProductionDetailsRules.validated(request.details, framework: framework)
            let id = try RecordIdentifier.new(prefix: "prod-", in: "productions", db)
            let now = Date().timeIntervalSince1970
            try db.execute(
                sql: """
                    INSERT INTO productions (id, revision, framework_id, framework_version, framework_draft, details, title, kind,
                        company_id, created_at, updated_at) VALUES (?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [id, framework.id, framework.version, framework.draft, try details.serializedData(), details.title,
                            details.kind.rawValue, details.companyID, now, now]
            )
            let seq = db.lastInsertedRowID
            let insert = try db.makeStatement(sql: """
                INSERT INTO assessments (production_seq, position, criterion_id, status, applicable_to_kind) VALUES (?, ?, ?, ?, ?)
                """)
            for (position, criterion) in framework.criteria.enumerated() {
                try insert.execute(arguments: [seq, position, criterion.id, Ecoprod_Label_V1_CriterionStatus.toDo.rawValue,
                                               criterion.applies(to: details.kind)])
            }
            var record = try ProductionRecord.find(db, id: id)
            let changes = ProductionDetailsRules.changes(from: .init(), to: details)
                + [.with { $0.field = "framework"; $0.newValue = "\(framework.id) \(framework.version)" }]
            let event = try record.commit(db, action: "production.created", changes: changes, actor: actor)
            return (record.production, event)
        }
    }

    func updateProduction(_ request: Ecoprod_Label_V1_UpdateProductionRequest, by actor: Ecoprod_Label_V1_Actor) async throws -> (Ecoprod_Label_V1_Production, Ecoprod_Label_V1_HistoryEvent?) {
        try await pool.write { db in
            var record = try ProductionRecord.forWriting(db, id: request.id, expectedRevision: request.expectedRevision)
            let framework = try self.requireFramework(db, id: record.production.frameworkID, version: record.production.frameworkVersion)
            let (merged, _) = try ProductionDetailsRules.applying(request.updateMask.paths, from: request.details, to: record.production.details)
            let details = try ProductionDetailsRules.validated(merged, framework: framework)
            let changes = ProductionDetailsRules.changes(from: record.production.details, to: details)
            guard !changes.isEmpty else { return (record.production, nil) }
            if details.kind != record.production.details.kind {
                let update = try db.makeStatement(sql: "UPDATE assessments SET applicable_to_kind = ? WHERE production_seq = ? AND position = ?")
                for (position, criterion) in framework.criteria.enumerated() {
                    try update.execute(arguments: [criterion.applies(to: details.kind), record.seq, position])
                }
            }
            record.production.details = details
            let event = try record.commit(db, action: "production.updated", changes: changes, actor: actor)
            return (record.production, event)
        }
    }

    func archiveProduction(_ request: Ecoprod_Label_V1_ArchiveProductionRequest, by actor: Ecoprod_Label_V1_Actor) async throws -> (Ecoprod_Label_V1_Production, Ecoprod_Label_V1_HistoryEvent) {
        try await pool.write { db in
            var record = try ProductionRecord.forWriting(db, id: request.id, expectedRevision: request.expectedRevision)
            record.production.archived = true
            let event = try record.commit(db, action: "production.archived", changes: [.with {
                $0.field = "archived"; $0.oldValue = "false"; $0.newValue = "true"
            }], actor: actor)
            return (record.production, event)
        }
    }

    func production(id: String) async throws -> Ecoprod_Label_V1_Production {
        try await pool.read { db in try ProductionRecord.find(db, id: id).production }
    }

    /// A page of productions in creation order, after the one whose seq is `afterSeq`.
    func productions(_ filter: ProductionFilter, afterSeq: Int64, limit: Int) async throws -> [(seq: Int64, production: Ecoprod_Label_V1_Production)] {
        let (condition, arguments) = filter.sql(afterSeq: afterSeq)
        return try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT \(ProductionRecord.columns) FROM productions WHERE \(condition) ORDER BY seq LIMIT \(limit)", arguments: arguments)
                .map { row in let record = try ProductionRecord(row: row); return (record.seq, record.production) }
        }
    }

    func seq(ofProduction id: String) async throws -> Int64? {
        try await pool.read { db in try Int64.fetchOne(db, sql: "SELECT seq FROM productions WHERE id = ?", arguments: [id]) }
    }

    func history(productionID: String, afterSequence: UInt64) async throws -> [Ecoprod_Label_V1_HistoryEvent] {
        try await pool.read { db in
            let record = try ProductionRecord.find(db, id: productionID)
            return try ProductionRecord.history.events(db, owner: record.seq, after: afterSequence)
        }
    }
}

extension Ecoprod_Label_V1_Criterion {
    func applies(to kind: Ecoprod_Label_V1_ProductionKind) -> Bool {
        applicableKinds.isEmpty || applicableKinds.contains(kind)
    }
}

extension LabelStore: ProductionCatalog {
    func productionKinds(_ ids: [String]) async throws -> [String: Ecoprod_Label_V1_ProductionKind] {
        try await pool.read { db in
            var kinds: [String: Ecoprod_Label_V1_ProductionKind] = [:]
            // SQLite binds at most 32,766 arguments; a page stays far below.
            for start in stride(from: 0, to: ids.count, by: 500) {
                let page = Array(ids[start..<min(start + 500, ids.count)])
                let marks = Array(repeating: "?", count: page.count).joined(separator: ", ")
                for row in try Row.fetchAll(db, sql: "SELECT id, kind FROM productions WHERE id IN (\(marks))", arguments: StatementArguments(page)) {
                    kinds[row[0]] = Ecoprod_Label_V1_ProductionKind(rawValue: row[1]) ?? .unspecified
                }
            }
            return kinds
        }
    }
}
