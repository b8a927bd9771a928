import GRDB

/// label.sqlite: frameworks, productions, their assessment, evidence and history.
enum LabelDatabase {
    static func open(path: String) throws -> DatabasePool {
        try DomainDatabase.open(path: path, migrations: registerMigrations)
    }

    /// Productions are keyed inside the database by `seq`, an integer, so that the
    /// per-criterion rows of a page of productions are one range of the primary key.
    static func registerMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("label-v1") { db in
            try db.execute(sql: """
                CREATE TABLE frameworks (
                    id TEXT NOT NULL,
                    version TEXT NOT NULL,
                    content BLOB NOT NULL,
                    imported_at REAL NOT NULL,
                    PRIMARY KEY (id, version)
                );
                CREATE TABLE productions (
                    seq INTEGER PRIMARY KEY,
                    id TEXT NOT NULL UNIQUE,
                    revision INTEGER NOT NULL,
                    framework_id TEXT NOT NULL,
                    framework_version TEXT NOT NULL,
                    framework_draft INTEGER NOT NULL,
                    details BLOB NOT NULL,
                    title TEXT NOT NULL,
                    kind INTEGER NOT NULL,
                    company_id TEXT NOT NULL,
                    archived INTEGER NOT NULL DEFAULT 0,
                    created_at REAL NOT NULL,
                    updated_at REAL NOT NULL,
                    history_length INTEGER NOT NULL DEFAULT 0,
                    FOREIGN KEY (framework_id, framework_version) REFERENCES frameworks (id, version)
                );
                CREATE INDEX productions_by_company ON productions (company_id, seq);
                CREATE TABLE assessments (
                    production_seq INTEGER NOT NULL REFERENCES productions (seq),
                    position INTEGER NOT NULL,
                    criterion_id TEXT NOT NULL,
                    status INTEGER NOT NULL,
                    actions TEXT NOT NULL DEFAULT '',
                    responsible TEXT NOT NULL DEFAULT '',
                    justification TEXT NOT NULL DEFAULT '',
                    effort INTEGER NOT NULL DEFAULT 1,
                    applicable_to_kind INTEGER NOT NULL,
                    updated_at REAL,
                    PRIMARY KEY (production_seq, position)
                ) WITHOUT ROWID;
                CREATE UNIQUE INDEX assessments_by_criterion ON assessments (production_seq, criterion_id);
                CREATE TABLE criterion_evidence (
                    production_seq INTEGER NOT NULL REFERENCES productions (seq),
                    criterion_id TEXT NOT NULL,
                    sha256 TEXT NOT NULL,
                    linked_at REAL NOT NULL,
                    PRIMARY KEY (production_seq, criterion_id, sha256)
                ) WITHOUT ROWID;
                CREATE TABLE history (
                    production_seq INTEGER NOT NULL REFERENCES productions (seq),
                    sequence INTEGER NOT NULL,
                    event BLOB NOT NULL,
                    PRIMARY KEY (production_seq, sequence)
                ) WITHOUT ROWID;
                """)
        }
        EvidenceSchema.registerMigrations(&migrator)
    }
}
