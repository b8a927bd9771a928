import GRDB

/// The footprint tables of carbon.sqlite. A line keeps everything its results group it by
/// (category, subcategory, phase, data quality, department number, factor position)
/// packed in one integer, `group_key`, right before its emissions: totalling a million
/// lines then reads two small columns of one table.
enum FootprintSchema {
    static func registerMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("carbon-footprints-v1") { db in
            try db.execute(sql: """
                CREATE TABLE footprints (
                    seq INTEGER PRIMARY KEY,
                    id TEXT NOT NULL UNIQUE,
                    revision INTEGER NOT NULL,
                    production_id TEXT NOT NULL,
                    kind INTEGER NOT NULL,
                    details BLOB NOT NULL,
                    factor_set_id TEXT NOT NULL,
                    factor_set_version TEXT NOT NULL,
                    factor_set_draft INTEGER NOT NULL,
                    line_count INTEGER NOT NULL DEFAULT 0,
                    next_line_id INTEGER NOT NULL DEFAULT 1,
                    total_kg REAL NOT NULL DEFAULT 0,
                    archived INTEGER NOT NULL DEFAULT 0,
                    created_at REAL NOT NULL,
                    updated_at REAL NOT NULL,
                    history_length INTEGER NOT NULL DEFAULT 0,
                    FOREIGN KEY (factor_set_id, factor_set_version) REFERENCES factor_sets (id, version)
                );
                CREATE INDEX footprints_by_production ON footprints (production_id, seq);
                CREATE TABLE footprint_departments (
                    footprint_seq INTEGER NOT NULL REFERENCES footprints (seq),
                    number INTEGER NOT NULL,
                    name TEXT NOT NULL,
                    PRIMARY KEY (footprint_seq, number),
                    UNIQUE (footprint_seq, name)
                ) WITHOUT ROWID;
                CREATE TABLE activity_lines (
                    footprint_seq INTEGER NOT NULL REFERENCES footprints (seq),
                    line_id INTEGER NOT NULL,
                    group_key INTEGER NOT NULL,
                    kg_co2e REAL NOT NULL,
                    quantity_in_factor_unit REAL NOT NULL,
                    quantity REAL NOT NULL,
                    unit TEXT NOT NULL,
                    description TEXT NOT NULL,
                    note TEXT NOT NULL,
                    source TEXT NOT NULL,
                    PRIMARY KEY (footprint_seq, line_id)
                ) WITHOUT ROWID;
                -- group_key unpacked, for people reading the file with sqlite3 (LineGroups.Key).
                CREATE VIEW activity_lines_unpacked AS SELECT footprint_seq, line_id,
                    group_key & 15 AS category, group_key >> 4 & 15 AS subcategory, group_key >> 8 & 15 AS phase,
                    group_key >> 12 & 15 AS quality, group_key >> 16 & 1048575 AS department, group_key >> 36 AS factor_position,
                    kg_co2e, quantity_in_factor_unit, quantity, unit, description, note, source
                    FROM activity_lines;
                CREATE TABLE footprint_history (
                    footprint_seq INTEGER NOT NULL REFERENCES footprints (seq),
                    sequence INTEGER NOT NULL,
                    event BLOB NOT NULL,
                    PRIMARY KEY (footprint_seq, sequence)
                ) WITHOUT ROWID;
                """)
        }
    }
}
