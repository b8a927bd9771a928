/// The least-effort subset of some candidates worth at least a number of points: exact,
/// a 0/1 knapsack over points, O(candidates × points) time and memory.
///
/// Candidates come in order of preference. Among equally cheap subsets the one chosen
/// takes the earliest candidates: walking the candidates in order, it takes each one
/// whenever some cheapest completion includes it. Since every effort is at least 1, no
/// cheapest subset contains another, so this is also the subset whose members, listed
/// in candidate order, come first lexicographically.
enum CheapestSet {
    /// A larger table (8 bytes a cell) is refused rather than computed.
    static let maximumCells = 1 << 22

    /// - Returns: the chosen candidates' indices, ascending.
    static func choose(points: [UInt32], efforts: [UInt32], needed: UInt32) throws(ScoringError) -> [Int] {
        guard needed > 0 else { return [] }
        let count = points.count
        let width = Int(needed) + 1
        guard (count + 1) * width <= maximumCells else {
            throw ScoringError(.resourceExhausted, "a plan over \(count) criteria and \(needed) points is too large to compute exactly")
        }
        // least[i * width + p]: the least effort with which candidates i… make at least p
        // more points. Row `count` (no candidate left) makes only 0.
        let unreachable = UInt64.max / 2
        var least = [UInt64](repeating: unreachable, count: (count + 1) * width)
        least[count * width] = 0
        for i in stride(from: count - 1, through: 0, by: -1) {
            let gain = Int(points[i]), effort = UInt64(efforts[i])
            let row = i * width, next = row + width
            for p in 0..<width {
                least[row + p] = min(least[next + p], least[next + max(0, p - gain)] + effort)
            }
        }
        var chosen: [Int] = []
        var p = width - 1
        for i in 0..<count where p > 0 {
            let rest = max(0, p - Int(points[i]))
            if least[(i + 1) * width + rest] + UInt64(efforts[i]) == least[i * width + p] {
                chosen.append(i)
                p = rest
            }
        }
        return chosen
    }
}
