import EcoprodAPI

/// The least a production still has to do to meet a scheme (docs/LABEL.md, section 7).
///
/// Points frameworks: every missing mandatory criterion, plus the remaining applicable
/// criteria of least total effort that bring the score to the threshold (CheapestSet).
/// Levels frameworks: every remaining applicable criterion up to the required level, and
/// any missing mandatory one. Steps come in stage order, then framework order.
public enum Planner {
    public typealias Plan = Ecoprod_Scoring_V1_Plan

    /// - Parameter requested: a scheme id; empty for the production's own.
    public static func plan(
        _ assessment: Ecoprod_Label_V1_ProductionAssessment, with index: ScoringIndex, scheme requested: String
    ) throws(ScoringError) -> Plan {
        let production = assessment.production
        let schemePosition = try scheme(requested, of: production, index)
        let scheme = index.framework.schemes[schemePosition]
        var states = try index.states(of: assessment)
        let tally = Tally(states, index)
        let remaining = index.planOrder.filter { states[$0].isRemaining }

        let (chosen, unreachableReason) = try index.framework.rule == .levels
            ? toLevel(scheme.requiredLevel, remaining, index)
            : toThreshold(index.schemeThresholds[schemePosition], remaining, states, tally, production, index)

        var plan = Plan()
        plan.productionID = production.id
        plan.revision = production.revision
        plan.schemeID = scheme.id
        plan.thresholdPercent = scheme.thresholdPercent
        plan.requiredLevel = scheme.requiredLevel
        plan.frameworkDraft = index.framework.draft
        plan.reachable = unreachableReason == nil
        plan.unreachableReason = unreachableReason ?? ""
        plan.currentPercent = tally.percent
        plan.steps = chosen.map { step($0, states[$0], index) }
        plan.totalEffort = chosen.reduce(0) { $0 + states[$1].effort }
        for position in chosen { states[position].status = .done }
        plan.projectedPercent = Tally(states, index).percent
        return plan
    }

    private static func scheme(_ requested: String, of production: Ecoprod_Label_V1_Production, _ index: ScoringIndex) throws(ScoringError) -> Int {
        let schemes = index.framework.schemes
        if !requested.isEmpty {
            guard let position = schemes.firstIndex(where: { $0.id == requested }) else {
                throw ScoringError(.invalidArgument, "scheme: \"\(requested)\" is not a scheme of framework \(index.frameworkName) (\(schemes.map(\.id).joined(separator: ", ")))")
            }
            return position
        }
        guard let own = Scorer.ownScheme(of: production, index) else {
            throw ScoringError(.failedPrecondition, "production \(production.id) has scheme \"\(production.details.scheme)\", which framework \(index.frameworkName) does not define")
        }
        return own
    }

    private static func toLevel(_ required: UInt32, _ remaining: [Int], _ index: ScoringIndex) -> ([Int], String?) {
        let chosen = remaining.filter { index.levels[$0] <= required || index.mandatory[$0] }
        let top = index.framework.levels.count
        return (chosen, required > top ? "level \(required) is beyond the \(top) levels of framework \(index.frameworkName)" : nil)
    }

    private static func toThreshold(
        _ threshold: Threshold, _ remaining: [Int], _ states: [CriterionState], _ tally: Tally, _ production: Ecoprod_Label_V1_Production, _ index: ScoringIndex
    ) throws(ScoringError) -> ([Int], String?) {
        let forced = remaining.filter { index.mandatory[$0] }
        let optional = remaining.filter { !index.mandatory[$0] }
        // Every remaining criterion done is 100 %, so only a production to which nothing
        // applies cannot reach a threshold.
        guard let target = threshold.pointsToReach(of: tally.applicable) else {
            return (remaining, "no criterion applies to production \(production.id), so its score stays 0 %")
        }
        let base = tally.earned + forced.reduce(0) { $0 + index.points[$1] }
        let picked = try CheapestSet.choose(
            points: optional.map { index.points[$0] }, efforts: optional.map { states[$0].effort }, needed: target > base ? target - base : 0
        )
        let chosen = Set(forced + picked.map { optional[$0] })
        return (remaining.filter(chosen.contains), nil)
    }

    private static func step(_ position: Int, _ state: CriterionState, _ index: ScoringIndex) -> Ecoprod_Scoring_V1_PlannedCriterion {
        let criterion = index.framework.criteria[position]
        var step = Ecoprod_Scoring_V1_PlannedCriterion()
        step.criterionID = criterion.id
        step.section = criterion.section
        step.stage = criterion.stage
        step.title = criterion.title
        step.points = criterion.points
        step.effort = state.effort
        step.mandatory = criterion.mandatory
        step.status = state.status
        return step
    }
}
