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
    /// clusters of the neighbouring cells whose centre is closer than `cell` to its own,
    /// so that no two discs drawn a cell apart sit on top of each other.
    public static func grid(_ signatories: [Signatory], cell: Double, place: (Signatory) -> (x: Double, y: Double)?) -> [Cluster] {
        struct Key: Hashable { let column: Int, row: Int }
        struct Group {
            var members: [Int]
            var x = 0.0, y = 0.0
            var key: Key
            var absorbed = false
        }
        var groups: [Group] = []
        var byKey: [Key: Int] = [:]
        for (index, signatory) in signatories.enumerated() {
            guard let point = place(signatory) else { continue }
            let key = Key(column: Int((point.x / cell).rounded(.down)), row: Int((point.y / cell).rounded(.down)))
            if let existing = byKey[key] {
                groups[existing].members.append(index)
                groups[existing].x += point.x
                groups[existing].y += point.y
            } else {
                byKey[key] = groups.count
                groups.append(Group(members: [index], x: point.x, y: point.y, key: key))
            }
        }
        for index in groups.indices {
            let n = Double(groups[index].members.count)
            groups[index].x /= n
            groups[index].y /= n
        }
        for index in groups.indices.sorted(by: { (groups[$0].members.count, $1) > (groups[$1].members.count, $0) }) where !groups[index].absorbed {
            let key = groups[index].key
            for column in key.column - 1...key.column + 1 {
                for row in key.row - 1...key.row + 1 {
                    guard let other = byKey[Key(column: column, row: row)], other != index, !groups[other].absorbed else { continue }
                    let (dx, dy) = (groups[other].x - groups[index].x, groups[other].y - groups[index].y)
                    guard dx * dx + dy * dy < cell * cell else { continue }
                    let (a, b) = (Double(groups[index].members.count), Double(groups[other].members.count))
                    groups[index].x = (groups[index].x * a + groups[other].x * b) / (a + b)
                    groups[index].y = (groups[index].y * a + groups[other].y * b) / (a + b)
                    groups[index].members += groups[other].members
                    groups[other].absorbed = true
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
