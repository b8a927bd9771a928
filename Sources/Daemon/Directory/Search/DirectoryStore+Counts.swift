import EcoprodAPI
import GRDB

/// How many organisations a filter holds, by region, category and kind.
extension DirectoryStore {
    func counts(_ filter: OrganisationFilterSQL) async throws -> Ecoprod_Directory_V1_OrganisationCounts {
        let regionNames = await reference.postcodes.value?.regions ?? [:]
        let categoryNames = Dictionary(reference.taxonomy.categories.map { ($0.id, $0.nameFr.isEmpty ? $0.nameEn : $0.nameFr) }, uniquingKeysWith: { a, _ in a })
        return try await pool.read { db in
            let scope = "FROM organisations AS o WHERE \(filter.whereClause)"
            func counted(_ sql: String, name: (String) -> String) throws -> [Ecoprod_Directory_V1_Count] {
                try Row.fetchAll(db, sql: sql, arguments: filter.arguments).map { row in
                    let key: String = row[0]
                    return .with {
                        $0.key = key
                        $0.name = name(key)
                        $0.organisations = row[1]
                    }
                }
            }
            return try .with {
                $0.total = try UInt64.fetchOne(db, sql: "SELECT count(*) \(scope)", arguments: filter.arguments) ?? 0
                $0.byRegion = try counted("SELECT o.region, count(*) \(scope) GROUP BY o.region ORDER BY count(*) DESC, o.region") { regionNames[$0] ?? "" }
                $0.byCategory = try counted("""
                    SELECT c.category, count(*) FROM organisation_categories AS c JOIN organisations AS o ON o.seq = c.organisation_seq
                    WHERE \(filter.whereClause) GROUP BY c.category ORDER BY count(*) DESC, c.category
                    """) { categoryNames[$0] ?? "" }
                $0.byKind = try counted("SELECT CAST(o.kind AS TEXT), count(*) \(scope) GROUP BY o.kind ORDER BY count(*) DESC, o.kind") { _ in "" }.map { count in
                    var count = count
                    let kind = Ecoprod_Directory_V1_OrganisationKind(rawValue: Int(count.key) ?? 0) ?? .unspecified
                    count.key = DirectoryNames.kinds.name(of: kind)
                    return count
                }
            }
        }
    }
}
