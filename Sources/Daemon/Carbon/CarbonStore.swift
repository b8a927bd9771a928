import EcoprodAPI
import EcoprodProtocol
import Foundation
import GRDB

/// The carbon domain's state in carbon.sqlite: emission factor sets, each version stored
/// once and never changed, its factors one row each so that a set of 18,000 factors is
/// listed and searched without decoding it whole; and footprints (see Footprints/).
final class CarbonStore: Sendable {
    typealias FactorSet = Ecoprod_Carbon_V1_FactorSet
    typealias Summary = Ecoprod_Carbon_V1_FactorSetSummary

    let pool: DatabasePool
    let pinnedSets = PinnedFactorSets()

    init(path: String) throws {
        pool = try DomainDatabase.open(path: path, migrations: Self.registerMigrations)
    }

    static func registerMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("carbon-v1") { db in
            try db.execute(sql: """
                CREATE TABLE factor_sets (
                    id TEXT NOT NULL,
                    version TEXT NOT NULL,
                    summary BLOB NOT NULL,
                    sha256 TEXT NOT NULL,
                    imported_at REAL NOT NULL,
                    PRIMARY KEY (id, version)
                );
                CREATE TABLE factors (
                    set_id TEXT NOT NULL,
                    set_version TEXT NOT NULL,
                    position INTEGER NOT NULL,
                    factor_id TEXT NOT NULL,
                    search TEXT NOT NULL,
                    unit TEXT NOT NULL,
                    content BLOB NOT NULL,
                    PRIMARY KEY (set_id, set_version, position),
                    UNIQUE (set_id, set_version, factor_id),
                    FOREIGN KEY (set_id, set_version) REFERENCES factor_sets (id, version)
                ) WITHOUT ROWID;
                """)
        }
        FootprintSchema.registerMigrations(&migrator)
    }

    /// Stores a new version; the same content again is not an error, other content under
    /// a stored (id, version) is ALREADY_EXISTS. The set must have passed FactorSetFile's rules.
    func store(_ set: FactorSet, from fileName: String) async throws -> (summary: Summary, imported: Bool) {
        let sha256 = try Self.digest(of: set)
        let summary = Summary.with {
            $0 = Self.summary(of: set)
            $0.sha256 = sha256
            $0.importedAt = .init(date: Date())
            $0.importedFrom = fileName
        }
        return try await pool.write { db in
            if let existing = try Self.summary(db, id: set.id, version: set.version) {
                guard existing.sha256 == sha256 else {
                    throw RPCError(.alreadyExists, "factor set \(set.id) version \(set.version) is already stored with other content; published versions never change, so give this one a new version")
                }
                return (existing, false)
            }
            try db.execute(
                sql: "INSERT INTO factor_sets (id, version, summary, sha256, imported_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [set.id, set.version, try summary.serializedData(), sha256, summary.importedAt.timeIntervalSince1970]
            )
            let insert = try db.makeStatement(sql: """
                INSERT INTO factors (set_id, set_version, position, factor_id, search, unit, content) VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
            for (position, factor) in set.factors.enumerated() {
                let unit = ActivityUnit.named(factor.unit)?.symbol ?? factor.unit
                try insert.execute(arguments: [set.id, set.version, position, factor.id, Self.searchText(factor), unit, try factor.serializedData()])
            }
            return (summary, true)
        }
    }

    func summaries() async throws -> [Summary] {
        try await pool.read { db in
            try Data.fetchAll(db, sql: "SELECT summary FROM factor_sets ORDER BY id, imported_at").map { try Summary(serializedBytes: $0) }
        }
    }

    /// A version, or the latest imported one when `version` is empty.
    func summary(id: String, version: String) async throws -> Summary {
        try await pool.read { db in try Self.requireSummary(db, id: id, version: version) }
    }

    /// The factors of a version in their order, `limit` at a time after `afterPosition`.
    func factors(
        of summary: Summary, textContains: String, unit: ActivityUnit?, afterPosition: Int, limit: Int
    ) async throws -> [(position: Int, factor: Ecoprod_Carbon_V1_Factor)] {
        var conditions = ["set_id = ?", "set_version = ?", "position > ?"]
        var arguments: StatementArguments = [summary.id, summary.version, afterPosition]
        if !textContains.isEmpty {
            conditions.append("search LIKE ? ESCAPE '\\'")
            let escaped = Self.searchable(textContains).replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
            arguments += ["%\(escaped)%"]
        }
        if let unit {
            conditions.append("unit = ?")
            arguments += [unit.symbol]
        }
        let sql = "SELECT position, content FROM factors WHERE \(conditions.joined(separator: " AND ")) ORDER BY position LIMIT \(limit)"
        return try await pool.read { [arguments] db in
            try Row.fetchAll(
                db, sql: sql,
                arguments: arguments
            ).map { row in (row[0], try Ecoprod_Carbon_V1_Factor(serializedBytes: row[1] as Data)) }
        }
    }

    static func requireSummary(_ db: Database, id: String, version: String) throws -> Summary {
        let found = version.isEmpty
            ? try Data.fetchOne(db, sql: "SELECT summary FROM factor_sets WHERE id = ? ORDER BY imported_at DESC LIMIT 1", arguments: [id])
                .map { try Summary(serializedBytes: $0) }
            : try summary(db, id: id, version: version)
        guard let summary = found else {
            throw RPCError(.notFound, version.isEmpty ? "factor set \(id) is not stored" : "factor set \(id) version \(version) is not stored")
        }
        return summary
    }

    private static func summary(_ db: Database, id: String, version: String) throws -> Summary? {
        try Data.fetchOne(db, sql: "SELECT summary FROM factor_sets WHERE id = ? AND version = ?", arguments: [id, version])
            .map { try Summary(serializedBytes: $0) }
    }

    private static func summary(of set: FactorSet) -> Summary {
        .with {
            $0.id = set.id
            $0.version = set.version
            $0.title = set.title
            $0.source = set.source
            $0.publicationDate = set.publicationDate
            $0.licence = set.licence
            $0.draft = set.draft
            $0.draftNotice = set.draftNotice
            $0.factors = UInt32(set.factors.count)
        }
    }

    /// What makes two imports the same set: everything but when and from where.
    private static func digest(of set: FactorSet) throws -> String {
        var canonical = set
        canonical.clearImportedAt()
        canonical.importedFrom = ""
        let bytes = try canonical.serializedBytes() as [UInt8]
        let digest = SHA256Digest()
        bytes.withUnsafeBytes { digest.update($0) }
        return digest.finish()
    }

    private static func searchText(_ factor: Ecoprod_Carbon_V1_Factor) -> String {
        searchable([factor.id, factor.nameFr, factor.nameEn].joined(separator: "\n"))
    }

    /// Case and accents do not count: "electricite" finds "Électricité", as people type.
    private static func searchable(_ text: String) -> String { TextFolding.folded(text) }
}
