import EcoprodAPI

/// A rehearsal of the audit: every applicable mandatory criterion, then `drawn` others
/// drawn without replacement with a chance in proportion to their points, from a
/// generator seeded by the production id: the same production always gets the same sample.
public enum AuditSample {
    public static func sample(
        productionID: String, assessment: Ecoprod_Label_V1_ProductionAssessment, framework: Ecoprod_Label_V1_Framework, drawn: Int
    ) -> [Ecoprod_Afnor_V1_SampledCriterion] {
        let applicable = Set(assessment.criteria.filter(\.applicableToKind).map(\.criterionID))
        let candidates = framework.criteria.filter { applicable.contains($0.id) }
        var sample = candidates.filter(\.mandatory)
        var pool = candidates.filter { !$0.mandatory }
        var generator = SplitMix64(seed: fnv1a(productionID))
        for _ in 0..<min(drawn, pool.count) {
            let total = pool.reduce(0) { $0 + UInt64(max($1.points, 1)) }
            var ticket = generator.next() % total
            let index = pool.firstIndex { criterion in
                let weight = UInt64(max(criterion.points, 1))
                if ticket < weight { return true }
                ticket -= weight
                return false
            }!
            sample.append(pool.remove(at: index))
        }
        return sample.map { criterion in
            .with { $0.criterionID = criterion.id; $0.title = criterion.title; $0.mandatory = criterion.mandatory; $0.points = criterion.points }
        }
    }

    private static func fnv1a(_ text: String) -> UInt64 {
        text.utf8.reduce(0xCBF2_9CE4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01B3 }
    }

    /// Steele, Lea and Flood's SplitMix64: small, fast, and the same on every machine.
    private struct SplitMix64 {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
