import EcoprodAPI
import EcoprodClient
import EcoprodProtocol
import Foundation
import Testing

/// The scoring plugin loaded by the real daemon, reading the label domain through the
/// host on the caller's behalf, scoring productions of the shipped draft framework.
@Suite(.serialized)
struct ScoringPluginTests {
    static let label = "ecoprod.label.v1.Label"
    static let scoring = "ecoprod.scoring.v1.Scoring"

    private func daemon() throws -> DaemonHarness {
        let scratch = try Scratch()
        let daemon = try DaemonHarness(
            mode: .boundSocket, extraArguments: ["--plugin-dir", try TestPlugins.directory(["scoring.so"], in: scratch)], scratch: scratch
        )
        _ = try daemon.waitUntilReady()
        return daemon
    }

    /// A feature film of the draft framework with `done` criteria done and `notApplicable` not applicable.
    private func production(
        _ connection: Connection, done: [String], notApplicable: [String] = [], scheme: String = "performance"
    ) throws -> Ecoprod_Label_V1_Production {
        var production: Ecoprod_Label_V1_Production = try connection.call(Self.label, "CreateProduction", Ecoprod_Label_V1_CreateProductionRequest.with {
            $0.frameworkID = "ecoprod-label"
            $0.details.title = "Les Glaneurs"
            $0.details.kind = .featureFilm
            $0.details.companyID = "studio-nord"
            $0.details.scheme = scheme
        })
        for (criteria, status) in [(done, Ecoprod_Label_V1_CriterionStatus.done), (notApplicable, .notApplicable)] {
            for criterion in criteria {
                let response: Ecoprod_Label_V1_UpdateCriterionResponse = try connection.call(Self.label, "UpdateCriterion", Ecoprod_Label_V1_UpdateCriterionRequest.with {
                    $0.productionID = production.id
                    $0.criterionID = criterion
                    $0.expectedRevision = production.revision
                    $0.criterion.status = status
                    $0.criterion.justification = "no such department on this shoot"
                    $0.updateMask.paths = ["status", "justification"]
                })
                production.revision = response.revision
            }
        }
        return production
    }

    @Test func scoresPlansAndWhatIfsFollowTheFrameworkData() throws {
        let daemon = try daemon()
        let connection = try daemon.connect()
        let framework: Ecoprod_Label_V1_Framework = try connection.call(Self.label, "GetFramework", Ecoprod_Label_V1_GetFrameworkRequest.with { $0.id = "ecoprod-label" })
        let mandatory = framework.criteria.filter(\.mandatory)
        let optional = framework.criteria.filter { !$0.mandatory }
        let total = framework.criteria.reduce(0) { $0 + Int($1.points) }

        // Every mandatory criterion done, and the first optional one not applicable.
        let skipped = optional[0]
        let production = try production(connection, done: mandatory.map(\.id), notApplicable: [skipped.id])
        let report: Ecoprod_Scoring_V1_ScoreReport = try connection.call(Self.scoring, "Score", Ecoprod_Scoring_V1_ScoreRequest.with { $0.productionID = production.id })
        let earned = mandatory.reduce(0) { $0 + Int($1.points) }
        #expect(report.frameworkDraft)
        #expect(report.revision == production.revision)
        #expect(report.earnedPoints == UInt32(earned))
        #expect(report.applicablePoints == UInt32(total - Int(skipped.points)), "not applicable leaves the denominator")
        #expect(abs(report.scorePercent - 100 * Double(earned) / Double(total - Int(skipped.points))) < 1e-9)
        #expect(report.mandatoryMissing.isEmpty)
        #expect(report.schemes.map(\.schemeID) == framework.schemes.map(\.id))
        #expect(report.schemes.allSatisfy { !$0.eligible }, "\(report.scorePercent) % is below every threshold")

        // The plan reaches the production's scheme threshold, from the current state.
        let plan: Ecoprod_Scoring_V1_Plan = try connection.call(Self.scoring, "PlanToThreshold", Ecoprod_Scoring_V1_PlanRequest.with { $0.productionID = production.id })
        #expect(plan.reachable)
        #expect(plan.schemeID == "performance")
        #expect(plan.projectedPercent >= 65)
        #expect(!plan.steps.contains { $0.criterionID == skipped.id || $0.mandatory })

        // What if the plan were carried out: eligible, and nothing was written.
        let whatIf: Ecoprod_Scoring_V1_ScoreReport = try connection.call(Self.scoring, "WhatIf", Ecoprod_Scoring_V1_WhatIfRequest.with {
            $0.productionID = production.id
            $0.overrides = plan.steps.map { step in .with { $0.criterionID = step.criterionID; $0.status = .done } }
        })
        #expect(abs(whatIf.scorePercent - plan.projectedPercent) < 1e-9)
        #expect(whatIf.schemes.first { $0.schemeID == "performance" }?.eligible == true)
        let after: Ecoprod_Label_V1_Production = try connection.call(Self.label, "GetProduction", Ecoprod_Label_V1_GetProductionRequest.with { $0.id = production.id })
        #expect(after.revision == production.revision)
    }

    @Test func aMissingMandatoryCriterionIsNamedAndScoreManyCoversTheSlate() throws {
        let daemon = try daemon()
        let connection = try daemon.connect()
        let framework: Ecoprod_Label_V1_Framework = try connection.call(Self.label, "GetFramework", Ecoprod_Label_V1_GetFrameworkRequest.with { $0.id = "ecoprod-label" })
        let firstMandatory = framework.criteria.first { $0.mandatory }
        let missing = try #require(firstMandatory)
        // Everything but one mandatory criterion: a high score, and still not eligible.
        let nearly = try production(connection, done: framework.criteria.map(\.id).filter { $0 != missing.id })
        let empty = try production(connection, done: [])
        let report: Ecoprod_Scoring_V1_ScoreReport = try connection.call(Self.scoring, "Score", Ecoprod_Scoring_V1_ScoreRequest.with { $0.productionID = nearly.id })
        #expect(report.scorePercent > 90)
        #expect(report.mandatoryMissing == [missing.id])
        #expect(report.schemes.allSatisfy { !$0.eligible && $0.reasons.contains { $0.contains(missing.id) } })
        #expect(report.stars == 0)

        var slate: [String: Ecoprod_Scoring_V1_ScoreReport] = [:]
        try connection.stream(Self.scoring, "ScoreMany", Ecoprod_Scoring_V1_ScoreManyRequest.with { $0.companyID = "studio-nord" }) {
            (report: Ecoprod_Scoring_V1_ScoreReport) in
            slate[report.productionID] = report
            return true
        }
        #expect(Set(slate.keys) == [nearly.id, empty.id])
        #expect(slate[nearly.id]?.scorePercent == report.scorePercent)
        #expect(slate[empty.id]?.earnedPoints == 0)

        #expect(throws: ClientError.self) {
            try connection.call(Self.scoring, "Score", Ecoprod_Scoring_V1_ScoreRequest.with { $0.productionID = "prod-nosuchthing0" }, as: Ecoprod_Scoring_V1_ScoreReport.self)
        }
        let unknown = try daemon.ctl("call", "\(Self.scoring)/Score", "--data", #"{"productionId": "prod-nosuchthing0"}"#)
        #expect(unknown.status != 0)
        #expect(unknown.standardError.contains("NOT_FOUND"), "\(unknown.standardError)")
    }

    @Test func aReaderScoresThroughThePluginAndAStrangerDoesNot() throws {
        // Debian's stock group users (100) stands in for the reader group.
        let scratch = try Scratch()
        let daemon = try DaemonHarness(
            mode: .boundSocket,
            extraArguments: ["--plugin-dir", try TestPlugins.directory(["scoring.so"], in: scratch), "--reader-group", "users"],
            scratch: scratch
        )
        _ = try daemon.waitUntilReady()
        let production = try production(try daemon.connect(), done: [])
        let request = "{\"productionId\": \"\(production.id)\"}"
        let reader = try daemon.ctl("call", "\(Self.scoring)/Score", "--data", request, "--output", "json", asUser: (uid: 65534, groups: [100]))
        #expect(reader.status == 0, "\(reader.standardError)")
        #expect(reader.standardOutput.contains(production.id))
        let stranger = try daemon.ctl("call", "\(Self.scoring)/Score", "--data", request, asUser: (uid: 65534, groups: []))
        #expect(stranger.status != 0, "not in the reader group: refused at the socket or by the router")
    }
}
