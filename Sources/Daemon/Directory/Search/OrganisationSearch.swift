import EcoprodAPI
import EcoprodProtocol
import Foundation
import GRDB

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

    var match: String?
    var filter: OrganisationFilterSQL
    var around: Around?
    var box: GreatCircle.Box?
    var limit: Int

    /// The FTS5 query of what someone typed: each word a quoted prefix, all required.
    static func matchQuery(_ text: String) -> String? {
        let words = TextFolding.folded(text).split { !($0.isLetter || $0.isNumber) }
        guard !words.isEmpty else { return nil }
        return words.map { "\"\($0)\"*" }.joined(separator: " ")
    }

    /// The hits, nearest first around a point, else best first for text, else by name.
    func run(_ db: Database) throws -> [(organisation: Ecoprod_Directory_V1_Organisation, distanceKm: Double)] {
        var conditions = filter.conditions
        var arguments = filter.arguments
        var boxes: [GreatCircle.Box] = []
        if let around { boxes.append(GreatCircle.box(aroundLatitude: around.latitude, longitude: around.longitude, radiusKm: around.radiusKm)) }
        if let box { boxes.append(box) }
        for box in boxes {
            let ranges = box.longitudes.map { _ in "(max_longitude >= ? AND min_longitude <= ?)" }.joined(separator: " OR ")
            conditions.append("o.seq IN (SELECT seq FROM organisation_points WHERE max_latitude >= ? AND min_latitude <= ? AND (\(ranges)))")
            arguments += [box.latitudes.lowerBound, box.latitudes.upperBound]
            for range in box.longitudes { arguments += [range.lowerBound, range.upperBound] }
        }
        let whereClause = conditions.isEmpty ? "1" : conditions.joined(separator: " AND ")
        if let around {
            if let match {
                conditions.append("o.seq IN (SELECT rowid FROM organisation_text WHERE organisation_text MATCH ?)")
                arguments += [match]
            }
            let sql = "SELECT o.seq, o.latitude, o.longitude FROM organisations AS o WHERE \(conditions.joined(separator: " AND "))"
            var nearest: [(seq: Int64, distance: Double)] = []
            let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            while let row = try rows.next() {
                let distance = GreatCircle.distanceKm(latitude1: around.latitude, longitude1: around.longitude, latitude2: row[1], longitude2: row[2])
                if distance <= around.radiusKm { nearest.append((row[0], distance)) }
            }
            nearest.sort { $0.distance < $1.distance || ($0.distance == $1.distance && $0.seq < $1.seq) }
            let kept = nearest.prefix(limit)
            let contents = try Self.contents(db, seqs: kept.map(\.seq))
            return try kept.map { (try Ecoprod_Directory_V1_Organisation(serializedBytes: contents[$0.seq]!), $0.distance) }
        }
        let sql = if let match {
            """
            SELECT o.content FROM organisation_text AS t JOIN organisations AS o ON o.seq = t.rowid
            WHERE organisation_text MATCH ? AND \(whereClause) ORDER BY bm25(organisation_text, 10.0, 1.0, 4.0), o.seq LIMIT \(limit)
            """
        } else {
            "SELECT o.content FROM organisations AS o WHERE \(whereClause) ORDER BY o.sort_name, o.seq LIMIT \(limit)"
        }
        let allArguments = match.map { StatementArguments([$0]) + arguments } ?? arguments
        return try Data.fetchAll(db, sql: sql, arguments: allArguments).map { (try Ecoprod_Directory_V1_Organisation(serializedBytes: $0), 0) }
    }

    private static func contents(_ db: Database, seqs: [Int64]) throws -> [Int64: Data] {
        guard !seqs.isEmpty else { return [:] }
        var contents: [Int64: Data] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT seq, content FROM organisations WHERE seq IN (\(seqs.map(String.init).joined(separator: ",")))")
        while let row = try rows.next() { contents[row[0]] = row[1] }
        return contents
    }
}
