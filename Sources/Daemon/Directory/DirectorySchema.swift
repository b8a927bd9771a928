import GRDB

/// The tables of directory.sqlite. An organisation's message is stored whole in `content`,
/// and as ORGANISATION_VIEW_BASIC shows it in `basic`;
/// the columns beside it, the category table, the text indexes (`organisation_text` of
/// names, descriptions and tags and `organisation_names` of names alone, FTS5, rowid =
/// seq, with prefix indexes for 2 and 3 characters) and the point indexes
/// (`organisation_points`, and `archived_points` for archived ones, R*Tree, id = seq)
/// exist for searching and are written in the same transaction.
enum DirectorySchema {
    static func registerMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("directory-v1") { db in
            try db.execute(sql: """
                CREATE TABLE organisations (
                    seq INTEGER PRIMARY KEY,
                    id TEXT NOT NULL UNIQUE,
                    revision INTEGER NOT NULL,
                    kind INTEGER NOT NULL,
                    sort_name TEXT NOT NULL,
                    siret TEXT NOT NULL,
                    region TEXT NOT NULL,
                    department TEXT NOT NULL,
                    latitude REAL,
                    longitude REAL,
                    archived INTEGER NOT NULL DEFAULT 0,
                    content BLOB NOT NULL,
                    basic BLOB NOT NULL DEFAULT x'',
                    history_length INTEGER NOT NULL DEFAULT 0
                );
                CREATE INDEX organisations_by_name ON organisations (sort_name);
                CREATE INDEX organisations_by_place ON organisations (region, department);
                CREATE UNIQUE INDEX organisations_by_siret ON organisations (siret) WHERE siret != '' AND archived = 0;
                CREATE TABLE organisation_categories (
                    category TEXT NOT NULL,
                    organisation_seq INTEGER NOT NULL REFERENCES organisations (seq),
                    PRIMARY KEY (category, organisation_seq)
                ) WITHOUT ROWID;
                CREATE INDEX organisation_categories_by_organisation ON organisation_categories (organisation_seq);
                CREATE VIRTUAL TABLE organisation_text USING fts5 (
                    name, description, tags, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
                );
                CREATE VIRTUAL TABLE organisation_names USING fts5 (
                    name, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
                );
                -- Archived organisations' points apart, so that a search among the others
                -- reads the R*Tree's nodes alone.
                CREATE VIRTUAL TABLE organisation_points USING rtree (seq, min_latitude, max_latitude, min_longitude, max_longitude);
                CREATE VIRTUAL TABLE archived_points USING rtree (seq, min_latitude, max_latitude, min_longitude, max_longitude);
                CREATE TABLE organisation_history (
                    organisation_seq INTEGER NOT NULL REFERENCES organisations (seq),
                    sequence INTEGER NOT NULL,
                    event BLOB NOT NULL,
                    PRIMARY KEY (organisation_seq, sequence)
                ) WITHOUT ROWID;
                CREATE TABLE enrolments (
                    seq INTEGER PRIMARY KEY,
                    id TEXT NOT NULL UNIQUE,
                    revision INTEGER NOT NULL,
                    organisation_seq INTEGER NOT NULL REFERENCES organisations (seq),
                    state INTEGER NOT NULL,
                    charter_version TEXT NOT NULL DEFAULT '',
                    valid_until REAL,
                    remind_at REAL,
                    reminded INTEGER NOT NULL DEFAULT 0,
                    content BLOB NOT NULL,
                    history_length INTEGER NOT NULL DEFAULT 0
                );
                CREATE INDEX enrolments_by_organisation ON enrolments (organisation_seq, state);
                CREATE INDEX enrolments_by_state ON enrolments (state, valid_until);
                CREATE TABLE enrolment_history (
                    enrolment_seq INTEGER NOT NULL REFERENCES enrolments (seq),
                    sequence INTEGER NOT NULL,
                    event BLOB NOT NULL,
                    PRIMARY KEY (enrolment_seq, sequence)
                ) WITHOUT ROWID;
                """)
        }
        // Release 0.7.0: the signatories of one charter version (the map, ListActiveSignatories)
        // found by index rather than among every enrolment in that state.
        migrator.registerMigration("directory-v2-enrolments-by-charter") { db in
            try db.execute(sql: "CREATE INDEX enrolments_by_state_and_charter ON enrolments (state, charter_version)")
        }
    }
}
