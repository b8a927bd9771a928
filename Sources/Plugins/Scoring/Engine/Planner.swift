import EcoprodAPI

/// The cheapest way to a scheme: which of the remaining criteria to do.
///
/// Points frameworks: every missing mandatory criterion, plus the set of other
/// applicable criteria not done yet of least total effort (effort 1 each unless the
/// team set it) that brings the score to the threshold. Exact: a 0/1 knapsack over
/// points. Among the cheapest sets, the one whose criteria come earliest — compared
/// one by one in stage order, then framework order — so a team starts with what the
/// production's calendar reaches first.
///
/// Levels frameworks: every applicable criterion not done up to the required level.
public enum Planner {
    /// Refuses plans whose table (criteria × points) would not fit comfortably in memory.
    static let maximumCells = 20_000_000

    public static func plan(
        _ assessment: Ecoprod_Label_V1_ProductionAssessment, with index: ScoringIndex, scheme schemeID: String
    ) throws(ScoringError) -> Ecoprod_Scoring_V1_Plan {
        let framework = index.framework
        let production = assessment.production
        let wanted = schemeID.isEmpty ? production.details.scheme : schemeID
        guard let scheme = framework.schemes.first(where: { $0.id == wanted }) ?? (wanted.isEmpty ? framework.schemes.first : nil) else {
            throw ScoringError(.invalidArgument, "scheme: \"\(wanted)\" is not a scheme of \(framework.id) \(framework.version): \(framework.schemes.map(\.id).joined(separator: ", "))")
        }
        var states = try index.states(of: assessment)
        let tally = Tally(states, index)
        var plan = Ecoprod_Scoring_V1_Plan()
        plan.productionID = production.id
        plan.revision = production.revision
        plan.schemeID = scheme.id
        plan.thresholdPercent = scheme.thresholdPercent
        plan.requiredLevel = scheme.requiredLevel
        plan.frameworkDraft = framework.draft
        plan.currentPercent = tally.percent

        let chosen: [Int]
        if framework.rule == .levels {
            chosen = states.indices.filter { states[$0].isApplicable && !states[$0].isDone && index.levels[$0] <= scheme.requiredLevel }
        } else {
            let optional = states.indices.filter { states[$0].isApplicable && !states[$0].isDone && !index.mandatory[$0] }
                .sorted { (index.stageOf[$0], $0) < (index.stageOf[$1], $1) }
            let forced = tally.mandatoryMissing
            let base = tally.earned + forced.reduce(0) { $0 + index.points[$1] }
            let needed = neededPoints(base: base, applicable: tally.applicable, percent: scheme.thresholdPercent)
            guard needed <= optional.reduce(0, { $0 + index.points[$1] }) else {
                plan.reachable = false
                plan.unreachableReason = "even with every remaining applicable criterion done the score would be "
                    + "\(Tally.formatted(Tally.percent(base + optional.reduce(0) { $0 + index.points[$1] }, of: tally.applicable))) %, "
                    + "below the \(Tally.formatted(scheme.thresholdPercent)) % threshold"
                plan.projectedPercent = plan.currentPercent
                return plan
            }
            chosen = forced + (try cheapest(optional, reaching: needed, states: states, index: index))
        }
        plan.reachable = true
        for position in chosen { states[position].status = .done }
        plan.projectedPercent = Tally(states, index).percent
        plan.steps = chosen.sorted { (index.stageOf[$0], $0) < (index.stageOf[$1], $1) }.map { position in
            let criterion = framework.criteria[position]
            var step = Ecoprod_Scoring_V1_PlannedCriterion()
            step.criterionID = criterion.id
            step.section = criterion.section
            step.stage = criterion.stage
            step.title = criterion.title
            step.points = criterion.points
            step.effort = states[position].effort
            step.mandatory = criterion.mandatory
            step.status = assessment.criteria.indices.contains(position) ? assessment.criteria[position].status : .toDo
            return step
        }
        plan.totalEffort = plan.steps.reduce(0) { $0 + $1.effort }
        return plan
    }

    /// The fewest extra points that, added to `base`, reach `percent` of `applicable`.
    static func neededPoints(base: UInt32, applicable: UInt32, percent: Double) -> UInt32 {
        guard applicable > 0 else { return 0 }
        var needed = UInt32(max(0, (percent * Double(applicable) / 100).rounded(.down) - Double(base)))
        while !Tally.reaches(base + needed, of: applicable, percent: percent) { needed += 1 }
        while needed > 0, Tally.reaches(base + needed - 1, of: applicable, percent: percent) { needed -= 1 }
        return needed
    }

    /// The cheapest subset of `candidates` (in preference order) worth at least `needed`
    /// points, earliest-first among equals: `rest[i][p]` is the least effort with which
    /// candidates i… make p more points, and the walk takes each candidate whenever an
    /// optimal completion includes it.
    static func cheapest(_ candidates: [Int], reaching needed: UInt32, states: [CriterionState], index: ScoringIndex) throws(ScoringError) -> [Int] {
        guard needed > 0 else { return [] }
        let width = Int(needed) + 1
        guard candidates.count * width <= maximumCells else {
            throw ScoringError(.resourceExhausted, "a plan over \(candidates.count) criteria and \(needed) points is too large to compute exactly")
        }
        let unreachable = UInt64.max / 2
        var rest = [UInt64](repeating: unreachable, count: (candidates.count + 1) * width)
        rest[candidates.count * width] = 0
        for i in candidates.indices.reversed() {
            let points = Int(index.points[candidates[i]])
            let effort = UInt64(states[candidates[i]].effort)
            let row = i * width, next = (i + 1) * width
            for p in 0..<width {
                rest[row + p] = min(rest[next + p], rest[next + max(0, p - points)] + effort)
            }
        }
        var chosen: [Int] = []
        var p = width - 1
        for i in candidates.indices where p > 0 {
            let points = Int(index.points[candidates[i]])
            let effort = UInt64(states[candidates[i]].effort)
            if rest[(i + 1) * width + max(0, p - points)] + effort == rest[i * width + p] {
                chosen.append(candidates[i])
                p = max(0, p - points)
            }
        }
        return chosen
    }
}
