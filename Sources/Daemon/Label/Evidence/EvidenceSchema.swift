import GRDB

/// Evidence metadata lives in label.sqlite next to the links to it; the bytes live in
/// files named by their sha256 (EvidenceStore). A row is written only once its file is
/// on disk, so a row always has its file.
enum EvidenceSchema {
    static func registerMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("evidence-v1") { db in
            try db.execute(sql: """
                CREATE TABLE evidence (
                    sha256 TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    media_type TEXT NOT NULL,
                    size INTEGER NOT NULL,
                    uploaded_at REAL NOT NULL,
                    uploader BLOB NOT NULL -- a serialized ecoprod.label.v1.Actor
                ) WITHOUT ROWID;
                """)
        }
    }
}
