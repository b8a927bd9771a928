import ArgumentParser
import EcoprodAPI
import EcoprodClient
import Foundation

struct FootprintLinesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lines", abstract: "A footprint's activity lines.",
        subcommands: [AddLineCommand.self, ListLinesCommand.self, RemoveLinesCommand.self]
    )
}

struct AddLineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add one activity line (editor).",
        discussion: """
        The quantity is converted to the factor's unit (mi to km, gal to litre, MWh to kWh …); a line on a \
        monetary factor (per EUR or kEUR) is spend-based. Prints the line's id and the footprint's new total.
        """
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The footprint id.") var id: String
    @Option var category: CategoryArgument
    @Option var subcategory: SubcategoryArgument?
    @Option(help: "The factor id (ecoprodctl factors show SET --search WORD).") var factor: String
    @Option var quantity: Double
    @Option(help: "The quantity's unit (default: the factor's).") var unit: String = ""
    @Option var phase: PhaseArgument?
    @Option var department: String = ""
    @Option var quality: QualityArgument?
    @Option var description: String = ""
    @Option var note: String = ""
    @OptionGroup var revision: ExpectedRevisionOption

    func run() throws {
        let line = Ecoprod_Carbon_V1_ActivityLine.with {
            $0.category = category.value
            $0.subcategory = subcategory?.value ?? .unspecified
            $0.factorID = factor
            $0.quantity = quantity
            $0.unit = unit
            $0.phase = phase?.value ?? .unspecified
            $0.department = department
            $0.quality = quality?.value ?? .unspecified
            $0.description_p = description
            $0.note = note
        }
        try reportingFailures {
            let connection = try global.connect()
            let response: Ecoprod_Carbon_V1_AddLinesResponse = try revision.write(footprint: id, "AddLines", over: connection) { expected in
                Ecoprod_Carbon_V1_AddLinesRequest.with {
                    $0.footprintID = id
                    $0.expectedRevision = expected
                    $0.lines = [line]
                }
            }
            guard global.output == .table else { return try printJSON(response) }
            print(keyValueLines([
                ("Line", response.lineIds.map(String.init).joined(separator: ", ")),
                ("Footprint", "\(response.footprint.id) (revision \(response.footprint.revision))"),
                ("Total", "\(tonnesText(response.footprint.totalTCo2E)) tCO2e, \(response.footprint.lines) lines"),
            ]))
        }
    }
}

struct ListLinesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Every line with its emissions and its share of the total (one JSON object per line with --output json)."
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The footprint id.") var id: String

    func run() throws {
        try reportingFailures {
            let connection = try global.connect()
            var table = Table("ID", "CATEGORY", "PHASE", "DEPARTMENT", "QUANTITY", "FACTOR", "KGCO2E", "SHARE", "DESCRIPTION")
            try connection.withoutTimeout {
                try connection.stream(carbonService, "ListLines", Ecoprod_Carbon_V1_ListLinesRequest.with { $0.footprintID = id },
                                      as: Ecoprod_Carbon_V1_ActivityLine.self) { line in
                    if global.output == .json {
                        emitLine(try line.jsonString())
                    } else {
                        table.add("\(line.id)", CarbonNames.name(line.category), CarbonNames.name(line.phase), line.department,
                                  "\(CarbonNames.number(line.quantity)) \(line.unit)", line.factorID, String(format: "%.2f", line.kgCo2E),
                                  shareText(line.shareOfTotal), shortened(line.description_p, to: 50))
                    }
                    return true
                }
            }
            guard global.output == .table else { return }
            print(table.rows.isEmpty ? "no lines" : table.render())
        }
    }
}

struct RemoveLinesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove lines by id (editor).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The footprint id.") var id: String
    @Argument(help: "The line ids.") var lines: [UInt64]
    @OptionGroup var revision: ExpectedRevisionOption

    func run() throws {
        try reportingFailures {
            let connection = try global.connect()
            let footprint: Ecoprod_Carbon_V1_Footprint = try revision.write(footprint: id, "RemoveLines", over: connection) { expected in
                Ecoprod_Carbon_V1_RemoveLinesRequest.with {
                    $0.footprintID = id
                    $0.expectedRevision = expected
                    $0.lineIds = lines
                }
            }
            guard global.output == .table else { return try printJSON(footprint) }
            print(keyValueLines(footprintLines(footprint)))
        }
    }
}
