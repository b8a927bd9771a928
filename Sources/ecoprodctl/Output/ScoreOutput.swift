import EcoprodAPI

/// A score report for reading: the score or level, what stands in the way of each
/// scheme, and the sections' part in it.
func scoreReportText(_ report: Ecoprod_Scoring_V1_ScoreReport) -> String {
    var blocks = [String]()
    if report.frameworkDraft { blocks.append(draftBanner(frameworkID: report.frameworkID, version: report.frameworkVersion)) }
    let usesLevels = report.rule == .levels
    var lines = [
        ("Production", "\(report.productionID) (revision \(report.revision))"),
        ("Framework", frameworkText(id: report.frameworkID, version: report.frameworkVersion, draft: report.frameworkDraft)),
    ]
    if usesLevels {
        lines.append(("Level", "\(report.levelReached)"))
        lines.append(("Blocking next level", report.blockingNextLevel.joined(separator: ", ")))
    } else {
        lines.append(("Score", "\(percentText(report.scorePercent)) (\(report.earnedPoints) of \(report.applicablePoints) points)"))
        lines.append(("Stars", starsText(report.stars)))
    }
    lines.append(("Criteria done", "\(report.doneCriteria) of \(report.applicableCriteria) applicable"))
    if !report.mandatoryMet.isEmpty || !report.mandatoryMissing.isEmpty {
        lines.append(("Mandatory", report.mandatoryMissing.isEmpty
            ? "all \(report.mandatoryMet.count) met"
            : "missing \(report.mandatoryMissing.joined(separator: ", ")) (\(report.mandatoryMet.count) met)"))
    }
    blocks.append(keyValueLines(lines.filter { !$0.1.isEmpty }))

    blocks.append(report.schemes.map { scheme in
        let target = usesLevels ? "level \(scheme.requiredLevel)" : percentText(scheme.thresholdPercent)
        let verdict = "\(scheme.schemeID) (\(target)): \(scheme.eligible ? "eligible" : "not eligible")"
        return ([verdict] + scheme.reasons.map { "  - \($0)" }).joined(separator: "\n")
    }.joined(separator: "\n"))

    var sections = Table("SECTION", "POINTS", "SCORE", "TITLE")
    for section in report.sections {
        sections.add(section.code, "\(section.earnedPoints)/\(section.applicablePoints)", percentText(section.percent), section.title)
    }
    blocks.append(sections.render())
    return blocks.joined(separator: "\n\n")
}

func starsText(_ stars: UInt32) -> String {
    stars == 0 ? "none" : String(repeating: "★", count: Int(stars))
}

/// One row per production, for a slate scored at once.
struct ScoreSlateTable {
    private var table = Table("PRODUCTION", "REV", "SCORE", "POINTS", "STARS/LEVEL", "MANDATORY MISSING", "ELIGIBLE FOR", "FRAMEWORK")

    mutating func add(_ report: Ecoprod_Scoring_V1_ScoreReport) {
        let eligible = report.schemes.filter(\.eligible).map(\.schemeID)
        table.add(
            report.productionID, "\(report.revision)", percentText(report.scorePercent),
            "\(report.earnedPoints)/\(report.applicablePoints)",
            report.rule == .levels ? "level \(report.levelReached)" : starsText(report.stars),
            "\(report.mandatoryMissing.count)", eligible.isEmpty ? "none" : eligible.joined(separator: ", "),
            frameworkText(id: report.frameworkID, version: report.frameworkVersion, draft: report.frameworkDraft)
        )
    }

    func render() -> String { table.rows.isEmpty ? "no productions" : table.render() }
}

/// A plan for reading: where the production stands, where the plan takes it, and the steps.
func planText(_ plan: Ecoprod_Scoring_V1_Plan) -> String {
    var blocks = [String]()
    if plan.frameworkDraft { blocks.append(draftBanner(notice: "this plan is computed on a draft framework, not the official grid")) }
    let target = plan.requiredLevel > 0 ? "level \(plan.requiredLevel)" : "threshold \(percentText(plan.thresholdPercent))"
    blocks.append(keyValueLines([
        ("Production", "\(plan.productionID) (revision \(plan.revision))"),
        ("Scheme", "\(plan.schemeID) (\(target))"),
        ("Now", percentText(plan.currentPercent)),
        ("After the plan", percentText(plan.projectedPercent)),
        ("Total effort", "\(plan.totalEffort) over \(plan.steps.count) criteria"),
        ("Reachable", plan.reachable ? "yes" : "no: \(plan.unreachableReason)"),
    ]))
    var steps = Table("STEP", "CRITERION", "SECTION", "STAGE", "POINTS", "EFFORT", "MANDATORY", "STATUS", "TITLE")
    for (index, step) in plan.steps.enumerated() {
        steps.add(
            "\(index + 1)", step.criterionID, step.section, step.stage, "\(step.points)", "\(step.effort)",
            step.mandatory ? "mandatory" : "", criterionStatuses.name(of: step.status), shortened(step.title, to: 60)
        )
    }
    blocks.append(plan.steps.isEmpty ? "nothing left to do" : steps.render())
    return blocks.joined(separator: "\n\n")
}
