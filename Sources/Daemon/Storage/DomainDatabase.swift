import GRDB

/// A domain's SQLite file (label.sqlite, carbon.sqlite): WAL, foreign keys, and
/// `synchronous = FULL` so that a write acknowledged to a client has reached the disk,
/// not only the WAL in the page cache.
enum DomainDatabase {
    static func open(path: String, migrations: (inout DatabaseMigrator) -> Void) throws -> DatabasePool {
        var configuration = GRDB.Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        let pool = try DatabasePool(path: path, configuration: configuration)
        var migrator = DatabaseMigrator()
        migrations(&migrator)
        try migrator.migrate(pool)
        return pool
    }
}
