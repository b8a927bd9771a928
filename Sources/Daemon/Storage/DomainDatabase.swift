import EcoprodProtocol
import GRDB

/// A domain's SQLite file (label.sqlite, carbon.sqlite, directory.sqlite): WAL, foreign
/// keys, and `synchronous = FULL` so that a write acknowledged to a client has reached the
/// disk, not only the WAL in the page cache. Reads go through a memory map of the file:
/// a search that visits thousands of pages then costs no read() each.
enum DomainDatabase {
    /// Address space, not memory: only what is read is paged in, and the kernel may drop it.
    static let maximumMappedBytes = 1 << 30

    /// Every domain database of a state directory, by file name, with the migrations that
    /// make its schema: what the daemon opens, a backup records and a restore checks.
    static let schemas: [(file: String, migrations: @Sendable (inout DatabaseMigrator) -> Void)] = [
        ("label.sqlite", LabelDatabase.registerMigrations),
        ("carbon.sqlite", CarbonStore.registerMigrations),
        ("directory.sqlite", DirectorySchema.registerMigrations),
    ]

    /// Opens the file and brings its schema up to date, each migration in a transaction
    /// of its own; a file written by a newer ecoprodd is refused, never half-understood.
    static func open(path: String, migrations: (inout DatabaseMigrator) -> Void) throws -> DatabasePool {
        var configuration = GRDB.Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA mmap_size = \(maximumMappedBytes)")
        }
        let pool = try DatabasePool(path: path, configuration: configuration)
        var migrator = DatabaseMigrator()
        migrations(&migrator)
        try pool.read { db in try checkNotNewer(db, migrator: migrator, path: path) }
        try migrator.migrate(pool)
        return pool
    }

    static func checkNotNewer(_ db: Database, migrator: DatabaseMigrator, path: String) throws {
        guard try migrator.hasBeenSuperseded(db) else { return }
        let unknown = try migrator.appliedIdentifiers(db).subtracting(migrator.migrations).sorted()
        throw NewerSchemaError(path: path, unknownMigrations: unknown)
    }
}

/// A database written by a newer ecoprodd: it holds migrations this one does not know.
/// Not something a restart can mend, so the daemon exits with EX_CONFIG (78), which its
/// unit does not restart.
public struct NewerSchemaError: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let unknownMigrations: [String]

    public var description: String {
        "\(path) was written by a newer ecoprodd: its migrations \(unknownMigrations.joined(separator: ", ")) are unknown to ecoprodd "
            + "\(EcoprodVersion.current). Upgrade ecoprodd, or restore a backup taken before the upgrade (ecoprodctl restore)."
    }
}
