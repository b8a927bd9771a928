import EcoprodAPI
import Foundation

/// A footprint's lines under another factor set version: each factor it uses looked up
/// by id there, its lines' quantities converted to that factor's unit, and every
/// difference explained.
struct Recomputation {
    typealias Diff = Ecoprod_Carbon_V1_FactorDiff

    /// Where the lines of a factor go in the other set.
    struct Move {
        let position: Int
        /// Quantities in the old factor's unit times this are in the new one's.
        let ratio: Double
        let kgPerUnit: Double
    }

    let groups: LineGroups
    /// By the old factor's position; factors missing from the other set have none.
    let moves: [Int: Move]
    let response: Ecoprod_Carbon_V1_RecomputeResponse

    init(_ snapshot: FootprintSnapshot, under target: PinnedFactorSet) {
        let source = snapshot.set
        var moves: [Int: Move] = [:]
        var diffs: [Diff] = []
        for (position, sums) in snapshot.groups.grouped(by: \.factorPosition) {
            let factor = source.factors[position]
            var diff = Diff.with {
                $0.factorID = factor.id
                $0.previousKgCo2EPerUnit = factor.kgCo2EPerUnit
                $0.previousUnit = factor.unit
                $0.lines = UInt64(sums.lines)
                $0.previousTCo2E = sums.kg / 1000
            }
            let lines = "\(sums.lines) line\(sums.lines == 1 ? "" : "s")"
            guard let newPosition = target.position(of: factor.id) else {
                diff.change = .missing
                diff.explanation = "\(factor.id) is not in \(target.name): its \(lines) (\(Self.tonnes(sums.kg))) count for nothing there"
                diffs.append(diff)
                continue
            }
            let replacement = target.factors[newPosition]
            diff.newKgCo2EPerUnit = replacement.kgCo2EPerUnit
            diff.newUnit = replacement.unit
            guard let ratio = Self.ratio(from: source.units[position], factor.unit, to: target.units[newPosition], replacement.unit) else {
                diff.change = .incompatibleUnit
                diff.explanation = "\(factor.id) is per \(replacement.unit) in \(target.name), and its \(lines) are in \(factor.unit)"
                diffs.append(diff)
                continue
            }
            let move = Move(position: newPosition, ratio: ratio, kgPerUnit: replacement.kgCo2EPerUnit)
            moves[position] = move
            diff.newTCo2E = sums.quantity * ratio * replacement.kgCo2EPerUnit / 1000
            let unchanged = ratio == 1 && replacement.kgCo2EPerUnit == factor.kgCo2EPerUnit && replacement.unit == factor.unit
            diff.change = unchanged ? .unchanged : .changed
            diff.explanation = unchanged
                ? "\(factor.id): the same \(factor.kgCo2EPerUnit) kgCO2e per \(factor.unit)"
                : "\(factor.id): \(factor.kgCo2EPerUnit) kgCO2e per \(factor.unit) became \(replacement.kgCo2EPerUnit) per \(replacement.unit)"
                    + "\(Self.percentChange(factor.kgCo2EPerUnit / ratio, replacement.kgCo2EPerUnit)): "
                    + "\(lines), \(Self.tonnes(sums.kg)) → \(Self.tonnes(diff.newTCo2E * 1000))"
            diffs.append(diff)
        }

        var groups = LineGroups()
        for (key, sums) in snapshot.groups.sums {
            guard let move = moves[key.factorPosition] else { continue }
            var moved = key
            moved.factorPosition = move.position
            let quantity = sums.quantity * move.ratio
            groups.sums[moved, default: .init()].add(.init(kg: quantity * move.kgPerUnit, quantity: quantity, lines: sums.lines))
        }
        self.groups = groups
        self.moves = moves
        let previous = snapshot.builder.results(snapshot.groups, topSources: FootprintResultsBuilder.defaultTopSources)
        let recomputed = FootprintResultsBuilder(footprint: snapshot.footprint, set: target, departments: snapshot.departments)
            .results(groups, topSources: FootprintResultsBuilder.defaultTopSources)
        response = .with {
            $0.previous = previous
            $0.recomputed = recomputed
            $0.factors = diffs.sorted { (abs($0.newTCo2E - $0.previousTCo2E), $1.factorID) > (abs($1.newTCo2E - $1.previousTCo2E), $0.factorID) }
        }
    }

    /// How many of the new unit one of the old is; nil when they cannot convert.
    private static func ratio(from old: ActivityUnit?, _ oldName: String, to new: ActivityUnit?, _ newName: String) -> Double? {
        if let old, let new { return try? old.ratio(to: new) }
        return oldName.lowercased() == newName.lowercased() ? 1 : nil
    }

    /// " (−2.2 %)": the change per unit of the old factor.
    private static func percentChange(_ old: Double, _ new: Double) -> String {
        guard old != 0 else { return "" }
        return String(format: " (%+.1f %%)", (new - old) / old * 100)
    }

    private static func tonnes(_ kg: Double) -> String { String(format: "%.3f tCO2e", kg / 1000) }
}
