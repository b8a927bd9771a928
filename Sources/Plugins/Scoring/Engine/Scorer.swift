import EcoprodAPI

/// Scores a production under its framework (docs/LABEL.md, section 7): points of the done
/// applicable criteria over the points of the applicable ones, per section too; which
/// mandatory criteria are met; each scheme's eligibility; stars; for levels frameworks,
/// the level reached and what blocks the next.
public enum Scorer {
    public typealias Report = Ecoprod_Scoring_V1_ScoreReport

    public static func score(_ assessment: Ecoprod_Label_V1_ProductionAssessment, with index: ScoringIndex) throws(ScoringError) -> Report {
        report(assessment.production, try index.states(of: assessment), index)
    }

    /// The score as if the overridden criteria had those statuses, refused as
    /// Label/UpdateCriterion would refuse the same change.
    public static func whatIf(
        _ assessment: Ecoprod_Label_V1_ProductionAssessment, overrides: [Ecoprod_Scoring_V1_StatusOverride], with index: ScoringIndex
    ) throws(ScoringError) -> Report {
        var states = try index.states(of: assessment)
        try StatusOverrides.apply(overrides, to: &states, index)
        return report(assessment.production, states, index)
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
            score.percent = Percent.of(tally.sectionEarned[section], tally.sectionApplicable[section])
            return score
        }
        var levelReached: UInt32 = 0
        if framework.rule == .levels {
            let progress = LevelProgress(states, index)
            levelReached = progress.reached
            report.levelReached = progress.reached
            report.blockingNextLevel = progress.blocking.map { index.ids[$0] }
        }
        report.schemes = framework.schemes.indices.map { eligibility(scheme: $0, tally, levelReached: levelReached, index) }
        if let own = ownScheme(of: production, index), report.schemes[own].eligible {
            report.stars = stars(tally, index)
        }
        return report
    }

    /// The production's scheme; an unset one is the framework's first, as
    /// Label/CreateProduction defaults it.
    static func ownScheme(of production: Ecoprod_Label_V1_Production, _ index: ScoringIndex) -> Int? {
        let schemes = index.framework.schemes
        let id = production.details.scheme
        return id.isEmpty ? schemes.indices.first : schemes.firstIndex { $0.id == id }
    }

    static func eligibility(scheme position: Int, _ tally: Tally, levelReached: UInt32, _ index: ScoringIndex) -> Ecoprod_Scoring_V1_SchemeEligibility {
        let scheme = index.framework.schemes[position]
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
        } else if !index.schemeThresholds[position].isReached(by: tally.earned, of: tally.applicable) {
            reasons.append("score \(Percent.text(tally.percent)) % is below the \(Percent.text(scheme.thresholdPercent)) % threshold")
        }
        reasons += tally.mandatoryMissing.map { "mandatory criterion \(index.ids[$0]) is not done" }
        eligibility.eligible = reasons.isEmpty
        eligibility.reasons = reasons
        return eligibility
    }

    /// The most stars of a level whose threshold the score reaches; 0 below the first.
    static func stars(_ tally: Tally, _ index: ScoringIndex) -> UInt32 {
        index.framework.stars.indices
            .filter { index.starThresholds[$0].isReached(by: tally.earned, of: tally.applicable) }
            .map { index.framework.stars[$0].stars }
            .max() ?? 0
    }
}
