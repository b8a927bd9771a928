import EcoprodAPI

/// Two footprints side by side, usually a production's forecast and final. Lines are
/// matched on what they are — category, subcategory, phase, department and factor —
/// since the two are written at different times, often by different people.
enum VarianceReportBuilder {
    private struct LineKey: Hashable {
        var category = 0
        var subcategory = 0
        var phase = 0
        var department = ""
        var factorID = ""
    }

    private struct Pair {
        var base = LineGroups.Sums()
        var other = LineGroups.Sums()
    }

    static func report(base: FootprintSnapshot, other: FootprintSnapshot) -> Ecoprod_Carbon_V1_VarianceReport {
        var lines: [LineKey: Pair] = [:]
        for (key, sums) in keyed(base) { lines[key, default: Pair()].base.add(sums) }
        for (key, sums) in keyed(other) { lines[key, default: Pair()].other.add(sums) }
        var categories: [Int: Pair] = [:]
        var total = Pair()
        for (key, pair) in lines {
            categories[key.category, default: Pair()].base.add(pair.base)
            categories[key.category, default: Pair()].other.add(pair.other)
            total.base.add(pair.base)
            total.other.add(pair.other)
        }
        return .with {
            $0.base = base.footprint
            $0.other = other.footprint
            $0.total = row(total, LineKey())
            $0.byCategory = sortedByChange(categories.map { row($1, LineKey(category: $0)) })
            $0.lines = sortedByChange(lines.map { row($1, $0) })
        }
    }

    private static func keyed(_ snapshot: FootprintSnapshot) -> [(LineKey, LineGroups.Sums)] {
        snapshot.groups.sums.map { key, sums in
            (LineKey(category: key.category, subcategory: key.subcategory, phase: key.phase,
                     department: snapshot.departments[key.department] ?? "", factorID: snapshot.set.factors[key.factorPosition].id), sums)
        }
    }

    private static func row(_ pair: Pair, _ key: LineKey) -> Ecoprod_Carbon_V1_VarianceRow {
        .with {
            if key.category != 0 { $0.category = CarbonNames.name(Ecoprod_Carbon_V1_Category(rawValue: key.category) ?? .unspecified) }
            $0.subcategory = CarbonNames.name(Ecoprod_Carbon_V1_Subcategory(rawValue: key.subcategory) ?? .unspecified)
            if !key.factorID.isEmpty { $0.phase = CarbonNames.name(Ecoprod_Carbon_V1_Phase(rawValue: key.phase) ?? .unspecified) }
            $0.department = key.department
            $0.factorID = key.factorID
            $0.baseTCo2E = pair.base.kg / 1000
            $0.otherTCo2E = pair.other.kg / 1000
            $0.deltaTCo2E = (pair.other.kg - pair.base.kg) / 1000
            $0.deltaPercent = pair.base.kg == 0 ? 0 : (pair.other.kg - pair.base.kg) / pair.base.kg * 100
            $0.baseLines = UInt64(pair.base.lines)
            $0.otherLines = UInt64(pair.other.lines)
        }
    }

    private static func sortedByChange(_ rows: [Ecoprod_Carbon_V1_VarianceRow]) -> [Ecoprod_Carbon_V1_VarianceRow] {
        rows.sorted { left, right in
            let (l, r) = (abs(left.deltaTCo2E), abs(right.deltaTCo2E))
            if l != r { return l > r }
            return (left.category, left.factorID, left.phase, left.department, left.subcategory)
                < (right.category, right.factorID, right.phase, right.department, right.subcategory)
        }
    }
}
