import ArgumentParser
import EcoprodAPI
import EcoprodClient

struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score", abstract: "A production's score and eligibility, or with --many a whole slate's.",
        discussion: """
        ecoprodctl score PRODUCTION: the score, stars, sections and each scheme's eligibility. \
        ecoprodctl score --many [PRODUCTION…] [--company ID]: one row per production (one JSON object \
        per line with --output json).
        """
    )
    @OptionGroup var global: GlobalOptions

    @Argument(help: "The production id; with --many, any number (none: every production matching the options).")
    var productions: [String] = []

    @Flag(help: "Score many productions at once.")
    var many = false

    @Option(help: "With --many: only this company's productions.")
    var company: String = ""

    @Flag(help: "With --many: include archived productions.")
    var archived = false

    func validate() throws {
        guard many || productions.count == 1 else { throw ValidationError("give one production, or --many") }
        guard many || (company.isEmpty && !archived) else { throw ValidationError("--company and --archived go with --many") }
    }

    func run() throws {
        try reportingFailures {
            let connection = try global.connect()
            guard many else {
                let report: Ecoprod_Scoring_V1_ScoreReport = try connection.call(
                    scoringService, "Score", Ecoprod_Scoring_V1_ScoreRequest.with { $0.productionID = productions[0] }
                )
                return global.output == .table ? print(scoreReportText(report)) : try printJSON(report)
            }
            let request = Ecoprod_Scoring_V1_ScoreManyRequest.with {
                $0.productionIds = productions
                $0.companyID = company
                $0.includeArchived = archived
            }
            var slate = ScoreSlateTable()
            try connection.withoutTimeout {
                try connection.stream(scoringService, "ScoreMany", request, as: Ecoprod_Scoring_V1_ScoreReport.self) { report in
                    if global.output == .json {
                        emitLine(try report.jsonString())
                    } else {
                        slate.add(report)
                    }
                    return true
                }
            }
            if global.output == .table { print(slate.render()) }
        }
    }
}

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan", abstract: "The least effort still needed to reach a scheme: the criteria to do, in stage order."
    )
    @OptionGroup var global: GlobalOptions

    @Argument(help: "The production id.")
    var production: String

    @Option(help: "The scheme to reach (default: the production's).")
    var scheme: String = ""

    func run() throws {
        try reportingFailures {
            let request = Ecoprod_Scoring_V1_PlanRequest.with {
                $0.productionID = production
                $0.scheme = scheme
            }
            let plan: Ecoprod_Scoring_V1_Plan = try global.connect().call(scoringService, "PlanToThreshold", request)
            guard global.output == .table else { return try printJSON(plan) }
            print(planText(plan))
        }
    }
}

struct WhatIfCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whatif", abstract: "The score if some criteria had other statuses; nothing is written.",
        discussion: "Example: ecoprodctl whatif PRODUCTION A01=done B03=n/a"
    )
    @OptionGroup var global: GlobalOptions

    @Argument(help: "The production id.")
    var production: String

    @Argument(help: "CRITERION=STATUS, with STATUS one of todo, in-progress, done, n/a.")
    var overrides: [StatusOverrideArgument]

    func run() throws {
        try reportingFailures {
            let request = Ecoprod_Scoring_V1_WhatIfRequest.with {
                $0.productionID = production
                $0.overrides = overrides.map(\.value)
            }
            let report: Ecoprod_Scoring_V1_ScoreReport = try global.connect().call(scoringService, "WhatIf", request)
            guard global.output == .table else { return try printJSON(report) }
            print("What if \(overrides.map(\.text).joined(separator: ", ")) (nothing written):\n")
            print(scoreReportText(report))
        }
    }
}

struct StatusOverrideArgument: ExpressibleByArgument {
    let value: Ecoprod_Scoring_V1_StatusOverride
    let text: String

    init?(argument: String) {
        let parts = argument.split(separator: "=", maxSplits: 1)
        guard parts.count == 2, let status = criterionStatuses.value(named: String(parts[1])) else { return nil }
        value = .with {
            $0.criterionID = String(parts[0])
            $0.status = status
        }
        text = argument
    }
}
