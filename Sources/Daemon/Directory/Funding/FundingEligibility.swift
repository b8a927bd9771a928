import EcoprodAPI
import EcoprodProtocol

/// Whether a production meets a funding programme's conditions, each with the reason, as
/// people read it: "series: eligible", "level 1 reached; for level 2 still: …".
struct FundingEligibility {
    typealias Condition = Ecoprod_Directory_V1_FundingCondition

    let production: Ecoprod_Label_V1_Production
    /// The production company's region (code, name), or why it is not known.
    let companyRegion: Result<(code: String, name: String), RPCError>
    /// The production's score, or why there is none (no scoring plugin, …).
    let score: Result<Ecoprod_Scoring_V1_ScoreReport, RPCError>
    let on: CalendarDate

    func match(_ programme: Ecoprod_Directory_V1_FundingProgramme) -> Ecoprod_Directory_V1_FundingMatch {
        var conditions = [open(programme.open)]
        let details = production.details
        if !programme.productionKinds.isEmpty {
            let kind = LabelNames.productionKinds.name(of: details.kind)
            let accepted = programme.productionKinds.map(LabelNames.productionKinds.name(of:)).joined(separator: ", ")
            conditions.append(Self.condition("production kind", programme.productionKinds.contains(details.kind),
                                             met: "\(kind) is eligible", unmet: "\(kind) is not: \(accepted) only"))
        }
        if !programme.countries.isEmpty {
            let country = details.country.isEmpty ? "FR" : details.country
            conditions.append(Self.condition("country", programme.countries.contains(country),
                                             met: "produced in \(country)", unmet: "produced in \(country); \(programme.countries.joined(separator: ", ")) only"))
        }
        if !programme.regions.isEmpty {
            conditions.append(region(programme.regions))
        }
        for requirement in programme.labelRequirements {
            conditions.append(label(requirement))
        }
        return .with {
            $0.programme = programme
            $0.eligible = conditions.allSatisfy(\.met)
            $0.conditions = conditions
        }
    }

    private func open(_ range: Ecoprod_Directory_V1_DateRange) -> Condition {
        let start = CalendarDate(range.start)!, end = CalendarDate(range.end)
        let period = "from \(start)" + (end.map { " to \($0)" } ?? "")
        if on < start { return Self.condition("open", false, met: "", unmet: "opens on \(start) (\(period))") }
        if let end, end < on { return Self.condition("open", false, met: "", unmet: "closed on \(end) (\(period))") }
        return Self.condition("open", true, met: "open on \(on) (\(period))", unmet: "")
    }

    private func region(_ regions: [String]) -> Condition {
        switch companyRegion {
        case .success(let region):
            Self.condition("region", regions.contains(region.code),
                           met: "the production company is in \(region.name)", unmet: "the production company is in \(region.name), not an eligible region")
        case .failure(let error):
            Self.condition("region", false, met: "", unmet: "unknown: \(error.message)")
        }
    }

    private func label(_ requirement: Ecoprod_Directory_V1_LabelRequirement) -> Condition {
        var name = requirement.frameworkID
        if requirement.minimumLevel > 0 { name += " level \(requirement.minimumLevel)" }
        if requirement.minimumScorePercent > 0 { name += " score \(requirement.minimumScorePercent) %" }
        guard production.frameworkID == requirement.frameworkID else {
            return Self.condition(name, false, met: "", unmet: "the production is assessed against \(production.frameworkID), not \(requirement.frameworkID)")
        }
        let report: Ecoprod_Scoring_V1_ScoreReport
        switch score {
        case .success(let found): report = found
        case .failure(let error): return Self.condition(name, false, met: "", unmet: "cannot be checked: \(error.message)")
        }
        var unmet: [String] = []
        if requirement.minimumLevel > 0, report.levelReached < requirement.minimumLevel {
            let blocking = report.blockingNextLevel.prefix(10).joined(separator: ", ") + (report.blockingNextLevel.count > 10 ? ", …" : "")
            unmet.append("level \(report.levelReached) reached; for level \(report.levelReached + 1) still to do: \(blocking)")
        }
        if requirement.minimumScorePercent > 0, report.scorePercent < requirement.minimumScorePercent {
            unmet.append("score \(Self.percent(report.scorePercent)) %, below \(Self.percent(requirement.minimumScorePercent)) %")
        }
        let reached = requirement.minimumLevel > 0 ? "level \(report.levelReached) reached" : "score \(Self.percent(report.scorePercent)) %"
        return Self.condition(name, unmet.isEmpty, met: reached + (report.frameworkDraft ? " (on a draft grid)" : ""), unmet: unmet.joined(separator: "; "))
    }

    private static func condition(_ name: String, _ met: Bool, met metReason: String, unmet: String) -> Condition {
        .with {
            $0.condition = name
            $0.met = met
            $0.reason = met ? metReason : unmet
        }
    }

    private static func percent(_ value: Double) -> String { String((value * 10).rounded() / 10) }
}
