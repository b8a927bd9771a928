import EcoprodAPI
import EcoprodProtocol
import Foundation
import GRDB
import GRDBSQLite

/// A search of the directory, checked: full text (FTS5), filters, around a point within a
/// radius (R*Tree candidates, then exact great-circle distances), in a box.
struct OrganisationSearch {
    static let defaultLimit = 100
    static let maximumLimit = 10_000
    static let maximumRadiusKm = 1000.0

    struct Around {
        var latitude: Double
        var longitude: Double
        var radiusKm: Double
    }

    var match: Match?
    var filter: OrganisationFilterSQL
    var around: Around?
    var box: GreatCircle.Box?
    var limit: Int
    /// What of each organisation: `content` (whole) or `basic` (ORGANISATION_VIEW_BASIC).
    var column = "content"

    /// The FTS5 queries of what someone types in a search box, every word required: each
    /// word as the start of a word ("groupe" finds "groupes", "electro" "électrogène").
    /// Before that, the same with every word matched whole, then with all but the last
    /// whole: FTS5 reads a whole word's matches as it walks them, but gathers all of a
    /// prefix's before it starts, which for a word most descriptions use costs milliseconds.
    struct Match {
        var prefixes: String
        /// From the cheapest to the widest, each different from the one before.
        var wideningToPrefixes: [String]
    }

    static func matchQuery(_ text: String) -> Match? {
        let words = TextFolding.folded(text).split { !($0.isLetter || $0.isNumber) }
        guard !words.isEmpty else { return nil }
        func query(prefixedFrom first: Int) -> String {
            words.enumerated().map { $0.offset >= first ? "\"\($0.element)\"*" : "\"\($0.element)\"" }.joined(separator: " ")
        }
        var queries: [String] = []
        for first in [words.count, words.count - 1, 0] where queries.last != query(prefixedFrom: first) {
            queries.append(query(prefixedFrom: first))
        }
        return Match(prefixes: query(prefixedFrom: 0), wideningToPrefixes: queries)
    }

    /// The hits, nearest first around a point, else names before tags before descriptions
    /// for text, else by name.
    func run(_ db: Database) throws -> [(organisation: Data, distanceKm: Double)] {
        var conditions = filter.conditions
        var arguments = filter.arguments
        if let box {
            conditions.append(inBox(box, &arguments))
        }
        if let around {
            if let match {
                conditions.append("o.seq IN (SELECT rowid FROM organisation_text WHERE organisation_text MATCH ?)")
                arguments += [match.prefixes]
            }
            let nearest = try self.nearest(db, around: around, conditions: conditions, arguments: arguments)
            let contents = try Self.contents(db, column: column, seqs: nearest.map(\.seq))
            return nearest.map { (contents[$0.seq]!, $0.distance) }
        }
        let whereClause = conditions.isEmpty ? "1" : conditions.joined(separator: " AND ")
        guard let match else {
            return try Data.fetchAll(db, sql: "SELECT o.\(column) FROM organisations AS o WHERE \(whereClause) ORDER BY o.sort_name, o.seq LIMIT \(limit)",
                                     arguments: arguments).map { ($0, 0) }
        }
        // Names holding every word first, then the others — those with the words whole,
        // then widening to prefixes — each in the directory's order: FTS5 walks matches by
        // rowid and stops at the limit, so a word found in 100,000 descriptions costs no
        // more than a rare one (ranking every match would). Names have an index of their
        // own, small even for words every description uses.
        var hits: [(seq: Int64, content: Data)] = []
        let tiers = [("organisation_names", match.prefixes)] + match.wideningToPrefixes.map { ("organisation_text", $0) }
        for (index, query) in tiers where hits.count < limit {
            let seen = hits.isEmpty ? "" : " AND t.rowid NOT IN (\(hits.map { String($0.seq) }.joined(separator: ",")))"
            let sql = """
                SELECT o.seq, o.\(column) FROM \(index) AS t JOIN organisations AS o ON o.seq = t.rowid
                WHERE \(index) MATCH ? AND \(whereClause)\(seen) ORDER BY t.rowid LIMIT \(limit - hits.count)
                """
            hits += try Row.fetchAll(db, sql: sql, arguments: [query] + arguments).map { ($0[0], $0[1]) }
        }
        return hits.map { ($0.content, 0) }
    }

    /// The point indexes a search reads.
    private var pointTables: [String] { filter.includeArchived ? ["organisation_points", "archived_points"] : ["organisation_points"] }

    /// The points in `box` — seq, latitude, longitude as the R*Tree's nodes keep them (to
    /// 32-bit floats, within a metre) — and the arguments of that query.
    private func pointsIn(_ box: GreatCircle.Box) -> (sql: String, arguments: StatementArguments) {
        let ranges = box.longitudes.map { _ in "(max_longitude >= ? AND min_longitude <= ?)" }.joined(separator: " OR ")
        var one: StatementArguments = [box.latitudes.lowerBound, box.latitudes.upperBound]
        for range in box.longitudes { one += [range.lowerBound, range.upperBound] }
        let sql = pointTables.map {
            "SELECT seq, min_latitude AS latitude, min_longitude AS longitude FROM \($0) WHERE max_latitude >= ? AND min_latitude <= ? AND (\(ranges))"
        }.joined(separator: " UNION ALL ")
        return (sql, pointTables.dropFirst().reduce(one) { arguments, _ in arguments + one })
    }

    /// The condition that a point is in `box`.
    private func inBox(_ box: GreatCircle.Box, _ arguments: inout StatementArguments) -> String {
        let points = pointsIn(box)
        arguments += points.arguments
        return "o.seq IN (SELECT seq FROM (\(points.sql)))"
    }

    /// The circles a radius search looks in, as fractions of its radius.
    static let ringFractions: [Double] = (0...6).map { 1 / Double(1 << (6 - $0)) }

    /// How far a distance from the R*Tree's rounded points may be from the exact one.
    static let roundingMarginKm = 0.01

    /// The `limit` nearest within the radius. Looks within 1/64 of it first, then twice as
    /// far each time up to all of it: once a circle holds `limit` hits, nothing outside it
    /// can be nearer, so a dense city is answered from its centre, and no circle reads more
    /// than four times the area it needed. Without filters the R*Tree's nodes
    /// answer alone; the exact points of the nearest are then read to measure them exactly.
    private func nearest(_ db: Database, around: Around, conditions: [String], arguments: StatementArguments) throws -> [(seq: Int64, distance: Double)] {
        let alone = filter.onlyArchived && conditions.count == filter.conditions.count
        let margin = Self.roundingMarginKm
        var found: [(seq: Int64, distance: Double)] = []
        for fraction in Self.ringFractions {
            let radius = around.radiusKm * fraction
            let points = pointsIn(GreatCircle.box(aroundLatitude: around.latitude, longitude: around.longitude, radiusKm: radius + margin))
            let sql = alone ? points.sql : "SELECT p.seq, p.latitude, p.longitude FROM (\(points.sql)) AS p JOIN organisations AS o ON o.seq = p.seq WHERE \(conditions.joined(separator: " AND "))"
            let statement = try db.cachedStatement(sql: sql)
            try statement.setArguments(alone ? points.arguments : points.arguments + arguments)
            found.removeAll(keepingCapacity: true)
            var surelyWithin = 0
            let raw = statement.sqliteStatement
            defer { sqlite3_reset(raw) }
            while true {
                let code = sqlite3_step(raw)
                if code == SQLITE_DONE { break }
                guard code == SQLITE_ROW else { throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: sql) }
                let distance = GreatCircle.distanceKm(latitude1: around.latitude, longitude1: around.longitude,
                                                      latitude2: sqlite3_column_double(raw, 1), longitude2: sqlite3_column_double(raw, 2))
                if distance <= radius + margin { found.append((sqlite3_column_int64(raw, 0), distance)) }
                if distance <= radius - margin { surelyWithin += 1 }
            }
            if surelyWithin >= limit { break }
        }
        // The candidates that may be among the nearest once measured exactly.
        found.sort { $0.distance < $1.distance }
        if found.count > limit { found = Array(found.prefix { $0.distance <= found[limit - 1].distance + 2 * margin }) }
        guard !found.isEmpty else { return [] }
        var exact: [(seq: Int64, distance: Double)] = []
        let rows = try Row.fetchCursor(db, sql: "SELECT seq, latitude, longitude FROM organisations WHERE seq IN (\(found.map { String($0.seq) }.joined(separator: ",")))")
        while let row = try rows.next() {
            let distance = GreatCircle.distanceKm(latitude1: around.latitude, longitude1: around.longitude, latitude2: row[1], longitude2: row[2])
            if distance <= around.radiusKm { exact.append((row[0], distance)) }
        }
        exact.sort { $0.distance < $1.distance || ($0.distance == $1.distance && $0.seq < $1.seq) }
        return Array(exact.prefix(limit))
    }

    private static func contents(_ db: Database, column: String, seqs: [Int64]) throws -> [Int64: Data] {
        guard !seqs.isEmpty else { return [:] }
        var contents: [Int64: Data] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT seq, \(column) FROM organisations WHERE seq IN (\(seqs.map(String.init).joined(separator: ",")))")
        while let row = try rows.next() { contents[row[0]] = row[1] }
        return contents
    }
}
