import ArgumentParser
import EcoprodAPI
import EcoprodClient
import Foundation

struct FundingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "funding", abstract: "Funding programmes, and what a production is eligible for.",
        subcommands: [ListFundingCommand.self, FindFundingCommand.self]
    )
}

private func amountText(_ programme: Ecoprod_Directory_V1_FundingProgramme) -> String {
    programme.amountCents == 0 ? programme.amountNote : "\(programme.amountCents / 100) \(programme.currency)"
}

struct ListFundingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "The funding programmes shipped as data.")
    @OptionGroup var global: GlobalOptions

    func run() throws {
        try reportingFailures {
            let response: Ecoprod_Directory_V1_ListFundingProgrammesResponse = try global.connect().call(
                directoryService, "ListFundingProgrammes", Ecoprod_Directory_V1_ListFundingProgrammesRequest()
            )
            guard global.output == .table else { return try printJSON(response) }
            if response.draft { print(response.draftNotice + "\n") }
            var table = Table("ID", "FUNDER", "NAME", "AMOUNT", "OPEN")
            for programme in response.programmes {
                table.add(programme.id, programme.funder, programme.name, amountText(programme), "\(programme.open.start) – \(programme.open.end)")
            }
            print(table.rows.isEmpty ? "no funding programmes" : table.render())
        }
    }
}

struct FindFundingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "find", abstract: "Every programme, whether the production is eligible, and why or why not."
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The production id.") var production: String
    @Option(help: "Judge on this date (default: today).") var on: String = ""

    func run() throws {
        try reportingFailures {
            let response: Ecoprod_Directory_V1_FindFundingResponse = try global.connect().call(
                directoryService, "FindFunding", Ecoprod_Directory_V1_FindFundingRequest.with {
                    $0.productionID = production
                    $0.onDate = on
                }
            )
            guard global.output == .table else { return try printJSON(response) }
            for match in response.matches {
                print("\(match.eligible ? "ELIGIBLE" : "not eligible"): \(match.programme.funder) \(match.programme.name) (\(amountText(match.programme)))")
                for condition in match.conditions { print("  \(condition.met ? "✓" : "✗") \(condition.condition): \(condition.reason)") }
            }
            if response.matches.isEmpty { print("no funding programmes") }
        }
    }
}
