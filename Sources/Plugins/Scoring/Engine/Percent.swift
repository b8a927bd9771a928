/// Scores as people read them.
enum Percent {
    /// 100 × earned / applicable; 0 when nothing applies.
    static func of(_ earned: UInt32, _ applicable: UInt32) -> Double {
        applicable == 0 ? 0 : 100 * Double(earned) / Double(applicable)
    }

    /// "65", "64.9", "66.67": at most two decimals, no trailing zero.
    static func text(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let (whole, fraction) = hundredths.quotientAndRemainder(dividingBy: 100)
        if fraction == 0 { return "\(whole)" }
        if fraction % 10 == 0 { return "\(whole).\(fraction / 10)" }
        return "\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}

/// A threshold held exactly, in millionths of a percent, so that whether some points
/// reach it is decided in integers: 650 of 1000 points reach 65 % and 649 do not,
/// whatever the binary rounding of 64.9 or 65 as a Double.
struct Threshold: Sendable {
    private static let whole: UInt128 = 100_000_000
    let percent: Double
    private let millionths: UInt128

    init(percent: Double) {
        self.percent = percent
        // Out of range or NaN only in data that failed validation: clamped, so it cannot trap.
        millionths = UInt128((Double.minimum(Double.maximum(percent, 0), 100) * 1_000_000).rounded())
    }

    /// earned / applicable ≥ the threshold, where nothing applicable scores 0 %.
    func isReached(by earned: UInt32, of applicable: UInt32) -> Bool {
        guard applicable > 0 else { return millionths == 0 }
        return UInt128(earned) * Self.whole >= millionths * UInt128(applicable)
    }

    /// The fewest of `applicable` points that reach the threshold; nil when none do.
    func pointsToReach(of applicable: UInt32) -> UInt32? {
        guard applicable > 0 else { return millionths == 0 ? 0 : nil }
        let product = millionths * UInt128(applicable)
        return UInt32((product + Self.whole - 1) / Self.whole)
    }
}
