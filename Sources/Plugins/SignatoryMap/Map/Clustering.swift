import Foundation

/// Signatories grouped so that thousands stay readable: on a grid of square cells of a
/// given size in some plane (web-map pixels at a zoom, or the SVG's own units), each
/// cell's members become one cluster at their mean position. Deterministic: the same
/// points give the same clusters in the same order.
public struct Cluster: Sendable {
    public var members: [Int]          // indexes into the signatories, in input order
    public var latitude: Double
    public var longitude: Double
    /// Member count per category id, most frequent first (ties by id).
    public var categories: [(id: String, count: Int)]
}

public enum Clustering {
    /// Web-map clusters at `zoom`: signatories within the same `cellPixels` square of the
    /// Web Mercator map of 256 × 2^zoom pixels.
    public static func webMap(_ signatories: [Signatory], zoom: Int, cellPixels: Double = 60) -> [Cluster] {
        let world = 256 * pow(2, Double(zoom))
        return grid(signatories, cell: cellPixels) { signatory in
            let x = (signatory.longitude + 180) / 360 * world
            let φ = max(-85.05112878, min(85.05112878, signatory.latitude)) * .pi / 180
            let y = (1 - log(tan(φ) + 1 / cos(φ)) / .pi) / 2 * world
            return (x, y)
        }
    }

    /// Clusters of the points `place` puts in a plane, `cell` units apart; nil: not shown.
    /// Points are first gathered by grid cell; then, largest first, a cluster takes in the
    /// clusters whose centre is closer to its own than `separation` of their sizes (by
    /// default a cell) — the discs drawn for them would overlap — and again, as merged
    /// clusters grow, until none is left that close.
    public static func grid(
        _ signatories: [Signatory], cell: Double, separation: ((Int, Int) -> Double)? = nil,
        place: (Signatory) -> (x: Double, y: Double)?
    ) -> [Cluster] {
        struct Key: Hashable { let column: Int, row: Int }
        struct Group {
            var members: [Int]
            var x = 0.0, y = 0.0
            var absorbed = false
        }
        func key(_ x: Double, _ y: Double) -> Key { Key(column: Int((x / cell).rounded(.down)), row: Int((y / cell).rounded(.down))) }
        let apart = separation ?? { _, _ in cell }
        var groups: [Group] = []
        var byKey: [Key: Int] = [:]
        for (index, signatory) in signatories.enumerated() {
            guard let point = place(signatory) else { continue }
            if let existing = byKey[key(point.x, point.y)] {
                groups[existing].members.append(index)
                groups[existing].x += point.x
                groups[existing].y += point.y
            } else {
                byKey[key(point.x, point.y)] = groups.count
                groups.append(Group(members: [index], x: point.x, y: point.y))
            }
        }
        for index in groups.indices {
            let n = Double(groups[index].members.count)
            groups[index].x /= n
            groups[index].y /= n
        }
        var merged = true
        while merged {
            merged = false
            let live = groups.indices.filter { !groups[$0].absorbed }
            let byCell = Dictionary(grouping: live) { key(groups[$0].x, groups[$0].y) }
            let largest = live.map { groups[$0].members.count }.max() ?? 1
            for index in live.sorted(by: { (groups[$0].members.count, $1) > (groups[$1].members.count, $0) }) where !groups[index].absorbed {
                let reach = Int((apart(groups[index].members.count, largest) / cell).rounded(.up))
                let centre = key(groups[index].x, groups[index].y)
                for column in centre.column - reach...centre.column + reach {
                    for row in centre.row - reach...centre.row + reach {
                        for other in byCell[Key(column: column, row: row)] ?? [] where other != index && !groups[other].absorbed {
                            let (a, b) = (groups[index].members.count, groups[other].members.count)
                            let (dx, dy) = (groups[other].x - groups[index].x, groups[other].y - groups[index].y)
                            let minimum = apart(a, b)
                            guard dx * dx + dy * dy < minimum * minimum else { continue }
                            let (wa, wb) = (Double(a), Double(b))
                            groups[index].x = (groups[index].x * wa + groups[other].x * wb) / (wa + wb)
                            groups[index].y = (groups[index].y * wa + groups[other].y * wb) / (wa + wb)
                            groups[index].members += groups[other].members
                            groups[other].absorbed = true
                            merged = true
                        }
                    }
                }
            }
        }
        return groups.filter { !$0.absorbed }.map { group in
            var counts: [String: Int] = [:]
            var (latitude, longitude) = (0.0, 0.0)
            for index in group.members {
                latitude += signatories[index].latitude
                longitude += signatories[index].longitude
                for category in signatories[index].categories { counts[category, default: 0] += 1 }
            }
            let n = Double(group.members.count)
            return Cluster(
                members: group.members.sorted(), latitude: latitude / n, longitude: longitude / n,
                categories: counts.map { ($0.key, $0.value) }.sorted { ($1.count, $0.id) < ($0.count, $1.id) }
            )
        }
    }
}
