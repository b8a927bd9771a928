import GRDB

/// A domain's SQLite file (label.sqlite, carbon.sqlite, directory.sqlite): WAL, foreign
/// keys, and `synchronous = FULL` so that a write acknowledged to a client has reached the
/// disk, not only the WAL in the page cache. Reads go through a memory map of the file:
/// a search that visits thousands of pages then costs no read() each.
enum DomainDatabase {
    /// Address space, not memory: only what is read is paged in, and the kernel may drop it.
    static let maximumMappedBytes = 1 << 30

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
        try migrator.migrate(pool)
        return pool
    }
}
