import EcoprodAPI

/// Scores a production under its framework: points of the done applicable criteria over
/// the points of the applicable ones, where a criterion is applicable unless the framework
/// excludes the production's kind or the team marked it not applicable.
public enum Scorer {
    public typealias Report = Ecoprod_Scoring_V1_ScoreReport

    public static func score(
        _ assessment: Ecoprod_Label_V1_ProductionAssessment, with index: ScoringIndex,
        overrides: [Ecoprod_Scoring_V1_StatusOverride] = []
    ) throws(ScoringError) -> Report {
        var states = try index.states(of: assessment)
        try apply(overrides, to: &states, index: index)
        return report(assessment.production, states, index)
    }

    /// The what-if statuses, checked as the label domain would check them.
    static func apply(_ overrides: [Ecoprod_Scoring_V1_StatusOverride], to states: inout [CriterionState], index: ScoringIndex) throws(ScoringError) {
        for (offset, override) in overrides.enumerated() {
            guard let position = index.positionOf[override.criterionID] else {
                throw ScoringError(.notFound, "overrides[\(offset)].criterion_id: \(override.criterionID) is not in framework \(index.framework.id) version \(index.framework.version)")
            }
            guard (1...4).contains(override.status.rawValue) else {
                throw ScoringError(.invalidArgument, "overrides[\(offset)].status: one of to do, in progress, done, not applicable")
            }
            guard !(override.status == .notApplicable && index.mandatory[position]) else {
                throw ScoringError(.failedPrecondition, "overrides[\(offset)]: criterion \(override.criterionID) is mandatory and cannot be not applicable")
            }
            states[position].status = override.status
        }
    }

    static func report(_ production: Ecoprod_Label_V1_Production, _ states: [CriterionState], _ index: ScoringIndex) -> Report {
        let framework = index.framework
        let tally = Tally(states, index)
        var report = Report()
        report.productionID = production.id
        report.revision = production.revision
        report.frameworkID = framework.id
        report.frameworkVersion = framework.version
        report.frameworkDraft = framework.draft
        report.rule = framework.rule
        report.earnedPoints = tally.earned
        report.applicablePoints = tally.applicable
        report.scorePercent = tally.percent
        report.doneCriteria = tally.doneCriteria
        report.applicableCriteria = tally.applicableCriteria
        report.mandatoryMet = tally.mandatoryMet.map { index.ids[$0] }
        report.mandatoryMissing = tally.mandatoryMissing.map { index.ids[$0] }
        report.sections = framework.sections.indices.map { section in
            var score = Ecoprod_Scoring_V1_SectionScore()
            score.code = framework.sections[section].code
            score.title = framework.sections[section].title
            score.earnedPoints = tally.sectionEarned[section]
            score.applicablePoints = tally.sectionApplicable[section]
            score.percent = Tally.percent(tally.sectionEarned[section], of: tally.sectionApplicable[section])
            return score
        }
        if framework.rule == .levels {
            let (reached, blocking) = levels(states, index)
            report.levelReached = reached
            report.blockingNextLevel = blocking.map { index.ids[$0] }
        }
        report.schemes = framework.schemes.map { scheme in eligibility(scheme, tally: tally, levelReached: report.levelReached, index: index) }
        if let chosen = report.schemes.first(where: { $0.schemeID == production.details.scheme }) ?? report.schemes.first, chosen.eligible {
            report.stars = framework.stars.last { Tally.reaches(tally.earned, of: tally.applicable, percent: $0.thresholdPercent) }?.stars ?? 0
        }
        return report
    }

    static func eligibility(_ scheme: Ecoprod_Label_V1_Scheme, tally: Tally, levelReached: UInt32, index: ScoringIndex) -> Ecoprod_Scoring_V1_SchemeEligibility {
        var eligibility = Ecoprod_Scoring_V1_SchemeEligibility()
        eligibility.schemeID = scheme.id
        eligibility.title = scheme.title
        eligibility.thresholdPercent = scheme.thresholdPercent
        eligibility.requiredLevel = scheme.requiredLevel
        var reasons: [String] = []
        if index.framework.rule == .levels {
            if levelReached < scheme.requiredLevel {
                reasons.append("level \(levelReached) reached; level \(scheme.requiredLevel) is required")
            }
        } else if !Tally.reaches(tally.earned, of: tally.applicable, percent: scheme.thresholdPercent) {
            reasons.append("score \(Tally.formatted(tally.percent)) % is below the \(Tally.formatted(scheme.thresholdPercent)) % threshold")
        }
        reasons += tally.mandatoryMissing.map { "mandatory criterion \(index.ids[$0]) is not done" }
        eligibility.eligible = reasons.isEmpty
        eligibility.reasons = reasons
        return eligibility
    }

    /// The highest level whose applicable criteria, and those of every level below, are
    /// all done; and what stands between it and the next.
    static func levels(_ states: [CriterionState], _ index: ScoringIndex) -> (reached: UInt32, blocking: [Int]) {
        let levelCount = UInt32(index.framework.levels.count)
        var firstOpenLevel = levelCount + 1
        for position in states.indices where states[position].isApplicable && !states[position].isDone {
            firstOpenLevel = min(firstOpenLevel, index.levels[position])
        }
        let reached = firstOpenLevel - 1
        guard reached < levelCount else { return (reached, []) }
        let blocking = states.indices.filter { states[$0].isApplicable && !states[$0].isDone && index.levels[$0] <= reached + 1 }
        return (reached, blocking)
    }
}

/// The sums a score is made of.
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
            let section = index.sectionOf[position]
            applicable += points
            applicableCriteria += 1
            sectionApplicable[section] += points
            if state.status == .done {
                earned += points
                doneCriteria += 1
                sectionEarned[section] += points
            }
        }
    }

    var percent: Double { Self.percent(earned, of: applicable) }

    static func percent(_ earned: UInt32, of applicable: UInt32) -> Double {
        applicable == 0 ? 0 : 100 * Double(earned) / Double(applicable)
    }

    /// earned / applicable ≥ percent, decided on the products (exact for whole and
    /// one-decimal thresholds), so that 65 % of 1000 points is 650, not 649.99….
    static func reaches(_ earned: UInt32, of applicable: UInt32, percent: Double) -> Bool {
        guard applicable > 0 else { return false }
        return Double(earned) * 100 >= percent * Double(applicable) - 1e-9 * Double(applicable)
    }

    static func formatted(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let fraction = hundredths % 100
        return fraction == 0 ? "\(hundredths / 100)" : "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
