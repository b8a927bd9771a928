import EcoprodAPI
import EcoprodProtocol
import Foundation
import GRDB
import Logging
import NIOConcurrencyHelpers

/// The label domain's state: frameworks, productions, their assessment and history, in
/// label.sqlite. Every write is one transaction holding the change, the production's new
/// revision and its history event; it returns only once committed.
final class LabelStore: Sendable {
    typealias Framework = Ecoprod_Label_V1_Framework

    let pool: DatabasePool
    /// Published framework versions never change, so a decoded one can be kept for good.
    private let frameworkCache = NIOLockedValueBox<[String: Framework]>([:])

    init(path: String) throws {
        pool = try LabelDatabase.open(path: path)
    }

    // MARK: - Frameworks

    /// Stores a new framework version; the same content again is not an error.
    func store(_ framework: Framework, from fileName: String) async throws -> (framework: Framework, imported: Bool) {
        let stamped = Framework.with {
            $0 = framework
            $0.importedAt = .init(date: Date())
            $0.importedFrom = fileName
        }
        return try await pool.write { db in
            if let existing = try Self.framework(db, id: framework.id, version: framework.version) {
                var comparable = existing
                comparable.clearImportedAt()
                comparable.importedFrom = ""
                guard comparable == framework else {
                    throw RPCError(.alreadyExists, "framework \(framework.id) version \(framework.version) is already stored with other content; published versions never change, so give this one a new version")
                }
                return (existing, false)
            }
            try db.execute(
                sql: "INSERT INTO frameworks (id, version, content, imported_at) VALUES (?, ?, ?, ?)",
                arguments: [framework.id, framework.version, try stamped.serializedData(), stamped.importedAt.timeIntervalSince1970]
            )
            return (stamped, true)
        }
    }

    /// A version, or the latest imported one when `version` is empty.
    func framework(id: String, version: String) async throws -> Framework {
        if !version.isEmpty, let cached = frameworkCache.withLockedValue({ $0["\(id)@\(version)"] }) { return cached }
        return try await pool.read { db in try self.requireFramework(db, id: id, version: version) }
    }

    func frameworkSummaries() async throws -> [Ecoprod_Label_V1_FrameworkSummary] {
        try await pool.read { db in
            try Data.fetchAll(db, sql: "SELECT content FROM frameworks ORDER BY id, imported_at").map { content in
                let framework = try Framework(serializedBytes: content)
                return .with {
                    $0.id = framework.id
                    $0.version = framework.version
                    $0.title = framework.title
                    $0.draft = framework.draft
                    $0.rule = framework.rule
                    $0.criteria = UInt32(framework.criteria.count)
                    $0.importedAt = framework.importedAt
                }
            }
        }
    }

    func requireFramework(_ db: Database, id: String, version: String) throws -> Framework {
        let key = "\(id)@\(version)"
        if !version.isEmpty, let cached = frameworkCache.withLockedValue({ $0[key] }) { return cached }
        let found = version.isEmpty
            ? try Data.fetchOne(db, sql: "SELECT content FROM frameworks WHERE id = ? ORDER BY imported_at DESC LIMIT 1", arguments: [id])
                .map { try Framework(serializedBytes: $0) }
            : try Self.framework(db, id: id, version: version)
        guard let framework = found else {
            throw RPCError(.notFound, version.isEmpty ? "framework \(id) is not stored" : "framework \(id) version \(version) is not stored")
        }
        frameworkCache.withLockedValue { $0["\(framework.id)@\(framework.version)"] = framework }
        return framework
    }

    private static func framework(_ db: Database, id: String, version: String) throws -> Framework? {
        try Data.fetchOne(db, sql: "SELECT content FROM frameworks WHERE id = ? AND version = ?", arguments: [id, version])
            .map { try Framework(serializedBytes: $0) }
    }
}
