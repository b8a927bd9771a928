/// How far a production of a levels framework (SPEC 2308) has come: level n is reached
/// when every applicable criterion of levels 1…n is done.
struct LevelProgress {
    let reached: UInt32
    /// The applicable criteria not done of levels up to the next one: what stands
    /// between the production and it. Empty at the top level.
    let blocking: [Int]

    init(_ states: [CriterionState], _ index: ScoringIndex) {
        let top = UInt32(index.framework.levels.count)
        var firstOpen = top + 1
        for position in states.indices where states[position].isRemaining {
            firstOpen = min(firstOpen, index.levels[position])
        }
        // A criterion on level 0 (only in data that failed validation) holds everything at 0.
        reached = firstOpen == 0 ? 0 : firstOpen - 1
        let next = reached + 1
        blocking = reached >= top ? [] : states.indices.filter { states[$0].isRemaining && index.levels[$0] <= next }
    }
}
