import ArgumentParser
import EcoprodAPI
import EcoprodClient
import Foundation
import SwiftProtobuf

struct FootprintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "footprint", abstract: "Carbon footprints: forecast and final, pinned to a factor set version.",
        subcommands: [
            CreateFootprintCommand.self, ListFootprintsCommand.self, ShowFootprintCommand.self, UpdateFootprintCommand.self,
            ArchiveFootprintCommand.self, FootprintLinesCommand.self, ImportLinesCommand.self, ExportFootprintCommand.self,
            CompareFootprintsCommand.self, RecomputeFootprintCommand.self, FootprintHistoryCommand.self,
        ]
    )
}

private func printFootprint(_ footprint: Ecoprod_Carbon_V1_Footprint, _ global: GlobalOptions) throws {
    guard global.output == .table else { return try printJSON(footprint) }
    print(keyValueLines(footprintLines(footprint)))
}

/// The details a footprint's create and update commands take; `paths` names those given.
struct FootprintDetailsOptions: ParsableArguments {
    @Option var title: String?
    @Option(name: .customLong("shooting-days")) var shootingDays: Double?
    @Option(name: .customLong("finished-hours"), help: "Hours of finished programme.") var finishedHours: Double?
    @Option(name: .customLong("budget"), help: "The budget (forecast) or final cost (final), in euros.") var budgetEur: Double?
    @Option var note: String?

    var change: (details: Ecoprod_Carbon_V1_FootprintDetails, paths: [String]) {
        var details = Ecoprod_Carbon_V1_FootprintDetails()
        var paths: [String] = []
        if let title { details.title = title; paths.append("title") }
        if let shootingDays { details.shootingDays = shootingDays; paths.append("shooting_days") }
        if let finishedHours { details.finishedHours = finishedHours; paths.append("finished_hours") }
        if let budgetEur { details.budgetEur = budgetEur; paths.append("budget_eur") }
        if let note { details.note = note; paths.append("note") }
        return (details, paths)
    }
}

struct CreateFootprintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Start a production's forecast or final footprint (editor).",
        discussion: "Prints the new footprint, its id first; with --output json, .id is the id."
    )
    @OptionGroup var global: GlobalOptions

    @Option(help: "The production (ecoprodctl production list).")
    var production: String

    @Option(help: "forecast (with the budget) or final (with the final cost).")
    var kind: FootprintKindArgument

    @OptionGroup(title: "Details") var details: FootprintDetailsOptions

    @Option(name: .customLong("factor-set"), help: "The factor set to pin it to.")
    var factorSet: String = "ecoprod-reference"

    @Option(name: .customLong("factor-set-version"), help: "Its version (default: the latest imported).")
    var factorSetVersion: String = ""

    func run() throws {
        var given = details.change.details
        given.kind = kind.value
        let request = Ecoprod_Carbon_V1_CreateFootprintRequest.with {
            $0.productionID = production
            $0.details = given
            $0.factorSetID = factorSet
            $0.factorSetVersion = factorSetVersion
        }
        try reportingFailures {
            try printFootprint(try global.connect().call(carbonService, "CreateFootprint", request), global)
        }
    }
}

struct ListFootprintsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Footprints in creation order (one JSON object per line with --output json)."
    )
    @OptionGroup var global: GlobalOptions

    @Option(help: "Only this production's.") var production: String = ""
    @Option(help: "Only this kind.") var kind: FootprintKindArgument?
    @Flag(help: "Include archived footprints.") var archived = false

    func run() throws {
        let request = Ecoprod_Carbon_V1_ListFootprintsRequest.with {
            $0.productionID = production
            $0.kind = kind?.value ?? .unspecified
            $0.includeArchived = archived
        }
        try reportingFailures {
            let connection = try global.connect()
            var table = Table("ID", "REV", "PRODUCTION", "KIND", "FACTOR SET", "LINES", "TCO2E", "TITLE")
            try connection.withoutTimeout {
                try connection.stream(carbonService, "ListFootprints", request, as: Ecoprod_Carbon_V1_Footprint.self) { footprint in
                    if global.output == .json {
                        emitLine(try footprint.jsonString())
                    } else {
                        table.add(footprint.id, "\(footprint.revision)", footprint.productionID, CarbonNames.name(footprint.details.kind),
                                  "\(footprint.factorSetID) \(footprint.factorSetVersion)\(footprint.factorSetDraft ? " (DRAFT)" : "")",
                                  "\(footprint.lines)", tonnesText(footprint.totalTCo2E), footprint.details.title)
                    }
                    return true
                }
            }
            guard global.output == .table else { return }
            print(table.rows.isEmpty ? "no footprints" : table.render())
        }
    }
}

struct ShowFootprintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "A footprint's results: total, range, intensities, benchmark and breakdowns.",
        discussion: "With --output json: the FootprintResults message."
    )
    @OptionGroup var global: GlobalOptions

    @Argument(help: "The footprint id.") var id: String
    @Option(help: "How many top sources.") var top: UInt32 = 10

    func run() throws {
        try reportingFailures {
            let results: Ecoprod_Carbon_V1_FootprintResults = try global.connect().call(
                carbonService, "GetResults", Ecoprod_Carbon_V1_GetResultsRequest.with {
                    $0.footprintID = id
                    $0.topSources = top
                }
            )
            guard global.output == .table else { return try printJSON(results) }
            print(resultsText(results))
        }
    }
}

struct UpdateFootprintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update", abstract: "Change the details given as options, and only those (editor)."
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The footprint id.") var id: String
    @OptionGroup(title: "Details") var details: FootprintDetailsOptions
    @OptionGroup var revision: ExpectedRevisionOption

    func validate() throws {
        guard !details.change.paths.isEmpty else { throw ValidationError("nothing to change: give at least one detail option, such as --title") }
    }

    func run() throws {
        let change = details.change
        try reportingFailures {
            let connection = try global.connect()
            let updated: Ecoprod_Carbon_V1_Footprint = try revision.write(footprint: id, "UpdateFootprint", over: connection) { expected in
                Ecoprod_Carbon_V1_UpdateFootprintRequest.with {
                    $0.id = id
                    $0.expectedRevision = expected
                    $0.details = change.details
                    $0.updateMask = Google_Protobuf_FieldMask(protoPaths: change.paths)
                }
            }
            try printFootprint(updated, global)
        }
    }
}

struct ArchiveFootprintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "archive", abstract: "Close a footprint: it is kept, and takes no more changes (editor)."
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The footprint id.") var id: String
    @OptionGroup var revision: ExpectedRevisionOption

    func run() throws {
        try reportingFailures {
            let connection = try global.connect()
            let archived: Ecoprod_Carbon_V1_Footprint = try revision.write(footprint: id, "ArchiveFootprint", over: connection) { expected in
                Ecoprod_Carbon_V1_ArchiveFootprintRequest.with {
                    $0.id = id
                    $0.expectedRevision = expected
                }
            }
            try printFootprint(archived, global)
        }
    }
}

struct ImportLinesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Add the lines of a budget or ledger export, mapped by a mapping file (editor).",
        discussion: """
        The mapping is a LineMapping in JSON (docs/CARBON.md): the file's columns, and rules from an account \
        prefix or label words to a category and factor. Nothing is imported while a row is wrong, or while a \
        row matches no rule unless --skip-unmapped; the refusal names them. A progress bar shows on a terminal.
        """
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The footprint id.") var id: String
    @Argument(help: "The CSV file (UTF-8 or Windows-1252; ';', ',' or tab).") var file: String
    @Option(help: "The mapping file (JSON).") var mapping: String
    @Flag(name: .customLong("skip-unmapped"), help: "Import the rows a rule maps and list the others.") var skipUnmapped = false
    @OptionGroup var revision: ExpectedRevisionOption

    func run() throws {
        let mappingJSON: Data
        do { mappingJSON = try Data(contentsOf: URL(fileURLWithPath: mapping)) } catch { throw unreadableFile(mapping, error.localizedDescription) }
        let lineMapping: Ecoprod_Carbon_V1_LineMapping
        do {
            lineMapping = try Ecoprod_Carbon_V1_LineMapping(jsonUTF8Data: mappingJSON)
        } catch {
            printError("\(mapping) is not a LineMapping in JSON: \(error)")
            throw ExitCode(65)
        }
        let (handle, size) = try openRegularFile(file)
        defer { try? handle.close() }
        let fileName = URL(fileURLWithPath: file).lastPathComponent
        try reportingFailures {
            let connection = try global.connect()
            let expected = try revision.expected ?? connection.footprint(id).revision
            let messages = try FileUploadMessages(
                header: Ecoprod_Carbon_V1_ImportLinesRequest.with {
                    $0.header = .with {
                        $0.footprintID = id
                        $0.expectedRevision = expected
                        $0.fileName = fileName
                        $0.mapping = lineMapping
                        $0.skipUnmapped = skipUnmapped
                    }
                },
                file: handle, size: size, chunkSize: EvidenceTransfer.chunkSize, progress: global.output == .table ? "sending \(fileName)" : nil
            ) { chunk in Ecoprod_Carbon_V1_ImportLinesRequest.with { $0.chunk = chunk } }
            let response = try connection.withoutTimeout {
                try connection.clientStream(service: carbonService, method: "ImportLines", messages: messages)
            }.decodeMessage(Ecoprod_Carbon_V1_ImportLinesResponse.self)
            if let failure = messages.failure { throw unreadableFile(file, failure.localizedDescription) }
            guard global.output == .table else { return try printJSON(response) }
            print(keyValueLines([
                ("Footprint", "\(response.footprint.id) (revision \(response.footprint.revision))"),
                ("Rows read", "\(response.rowsRead)"),
                ("Lines imported", response.linesImported == 0 ? "0" : "\(response.linesImported) (ids from \(response.firstLineID))"),
                ("Rows unmapped", "\(response.rowsUnmapped)"),
                ("Total", "\(tonnesText(response.footprint.totalTCo2E)) tCO2e"),
            ]))
            if !response.unmapped.isEmpty {
                var table = Table("LINE", "ACCOUNT", "LABEL")
                for row in response.unmapped { table.add("\(row.line)", row.account, row.label) }
                print("\nNot imported (no rule maps them):\n" + table.render())
            }
        }
    }
}

struct ExportFootprintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "A footprint's lines, or its results, as CSV (RFC 4180, UTF-8, decimal point)."
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The footprint id.") var id: String
    @Flag(help: "The results instead of the lines.") var results = false
    @Option(name: [.short, .customLong("output-file")], help: "Where to write it (default: standard output).") var outputFile: String = "-"

    func run() throws {
        let request = Ecoprod_Carbon_V1_ExportFootprintRequest.with {
            $0.footprintID = id
            $0.content = results ? .results : .lines
        }
        try reportingFailures {
            let connection = try global.connect()
            try writingOutput(outputFile) { output in
                try connection.withoutTimeout {
                    try connection.stream(carbonService, "ExportFootprint", request, as: Ecoprod_Carbon_V1_ExportChunk.self) { chunk in
                        do { try output.write(contentsOf: chunk.data) } catch { throw unwritableFile(outputFile, error.localizedDescription) }
                        return true
                    }
                }
            }
        }
    }
}

struct CompareFootprintsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare", abstract: "Two footprints side by side, usually the forecast and the final: by category, then line by line."
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The base footprint (usually the forecast).") var base: String
    @Argument(help: "The other (usually the final).") var other: String

    func run() throws {
        try reportingFailures {
            let report: Ecoprod_Carbon_V1_VarianceReport = try global.connect().call(carbonService, "CompareFootprints", Ecoprod_Carbon_V1_CompareFootprintsRequest.with {
                $0.baseID = base
                $0.otherID = other
            })
            guard global.output == .table else { return try printJSON(report) }
            print(varianceText(report))
        }
    }
}

struct RecomputeFootprintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recompute", abstract: "What a footprint would be under another factor set version, factor by factor.",
        discussion: "With --apply, the footprint is pinned to that version (editor), which needs every factor it uses there."
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The footprint id.") var id: String
    @Option(name: .customLong("factor-set"), help: "The other factor set.") var factorSet: String
    @Option(name: .customLong("factor-set-version"), help: "Its version (default: the latest imported).") var factorSetVersion: String = ""
    @Flag(help: "Pin the footprint to it.") var apply = false
    @OptionGroup var revision: ExpectedRevisionOption

    func run() throws {
        try reportingFailures {
            let connection = try global.connect()
            let response: Ecoprod_Carbon_V1_RecomputeResponse = apply
                ? try revision.write(footprint: id, "RepinFootprint", over: connection) { expected in
                    Ecoprod_Carbon_V1_RepinFootprintRequest.with {
                        $0.footprintID = id
                        $0.expectedRevision = expected
                        $0.factorSetID = factorSet
                        $0.factorSetVersion = factorSetVersion
                    }
                }
                : try connection.call(carbonService, "RecomputeFootprint", Ecoprod_Carbon_V1_RecomputeFootprintRequest.with {
                    $0.footprintID = id
                    $0.factorSetID = factorSet
                    $0.factorSetVersion = factorSetVersion
                })
            guard global.output == .table else { return try printJSON(response) }
            print(recomputeText(response))
            if apply { print("\nPinned to \(response.footprint.factorSetID) \(response.footprint.factorSetVersion) (revision \(response.footprint.revision)).") }
        }
    }
}

struct FootprintHistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "Every change to a footprint, oldest first (one JSON object per line with --output json)."
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The footprint id.") var id: String
    @Option(help: "Only the changes after this sequence number.") var after: UInt64 = 0

    func run() throws {
        let request = Ecoprod_Carbon_V1_GetFootprintHistoryRequest.with {
            $0.footprintID = id
            $0.afterSequence = after
        }
        try printHistory(carbonService, "GetFootprintHistory", request, as: Ecoprod_Carbon_V1_FootprintEvent.self, global: global) {
            HistoryRow(sequence: $0.sequence, revision: $0.revision, at: $0.at, actor: $0.actor, action: $0.action, changes: $0.changes)
        }
    }
}
