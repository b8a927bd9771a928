/// The sums a score is made of, in one pass over a production's criteria.
struct Tally {
    var earned: UInt32 = 0
    var applicable: UInt32 = 0
    var doneCriteria: UInt32 = 0
    var applicableCriteria: UInt32 = 0
    var sectionEarned: [UInt32]
    var sectionApplicable: [UInt32]
    var mandatoryMet: [Int] = []
    var mandatoryMissing: [Int] = []

    init(_ states: [CriterionState], _ index: ScoringIndex) {
        sectionEarned = Array(repeating: 0, count: index.framework.sections.count)
        sectionApplicable = sectionEarned
        for position in states.indices {
            let state = states[position]
            // A mandatory criterion the framework excludes for this kind is not required of it.
            if index.mandatory[position], state.applicableToKind {
                if state.isDone { mandatoryMet.append(position) } else { mandatoryMissing.append(position) }
            }
            guard state.isApplicable else { continue }
            let points = index.points[position]
            applicable += points
            applicableCriteria += 1
            if state.isDone {
                earned += points
                doneCriteria += 1
            }
            if let section = index.sectionOf[position] {
                sectionApplicable[section] += points
                if state.isDone { sectionEarned[section] += points }
            }
        }
    }

    var percent: Double { Percent.of(earned, applicable) }
}
