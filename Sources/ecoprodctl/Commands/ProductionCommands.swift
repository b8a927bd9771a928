import ArgumentParser
import EcoprodAPI
import EcoprodClient
import SwiftProtobuf

struct ProductionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "production", abstract: "Productions: their details, revisions and history.",
        subcommands: [
            CreateProductionCommand.self, ListProductionsCommand.self, ShowProductionCommand.self,
            UpdateProductionCommand.self, ArchiveProductionCommand.self, ProductionHistoryCommand.self,
        ]
    )
}

/// A production as the answer to a write: its details, and the draft notice if its
/// framework is a draft.
private func printProduction(_ production: Ecoprod_Label_V1_Production, _ global: GlobalOptions) throws {
    guard global.output == .table else { return try printJSON(production) }
    print(keyValueLines(productionLines(production)))
    if production.frameworkDraft {
        print(draftBanner(frameworkID: production.frameworkID, version: production.frameworkVersion))
    }
}

struct CreateProductionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Start a production's assessment under a framework (editor).",
        discussion: "Prints the new production, its id first; with --output json, .id is the id."
    )
    @OptionGroup var global: GlobalOptions
    @OptionGroup(title: "Details") var details: ProductionDetailsOptions

    @Option(help: "The framework to assess against.")
    var framework: String = "ecoprod-label"

    @Option(name: .customLong("framework-version"), help: "Its version (default: the latest imported).")
    var frameworkVersion: String = ""

    func run() throws {
        let request = try Ecoprod_Label_V1_CreateProductionRequest.with {
            $0.details = try details.change().message
            $0.frameworkID = framework
            $0.frameworkVersion = frameworkVersion
        }
        try reportingFailures {
            try printProduction(try global.connect().call(labelService, "CreateProduction", request), global)
        }
    }
}

struct ListProductionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Productions in creation order (one JSON object per line with --output json)."
    )
    @OptionGroup var global: GlobalOptions

    @Option(help: "Only this company's.")
    var company: String = ""

    @Option(help: "Only this kind.")
    var kind: KindArgument?

    @Option(help: "Only those assessed against this framework.")
    var framework: String = ""

    @Option(name: .customLong("title-contains"), help: "Only titles containing this text, in any case.")
    var titleContains: String = ""

    @Flag(help: "Include archived productions.")
    var archived = false

    /// The daemon answers a page at a time; the list follows the pages to the end.
    private static let pageSize = 500

    func run() throws {
        try reportingFailures {
            let connection = try global.connect()
            var request = Ecoprod_Label_V1_ListProductionsRequest.with {
                $0.companyID = company
                $0.kind = kind?.value ?? .unspecified
                $0.frameworkID = framework
                $0.titleContains = titleContains
                $0.includeArchived = archived
                $0.pageSize = UInt32(Self.pageSize)
            }
            var table = Table("ID", "REV", "KIND", "COMPANY", "FRAMEWORK", "STATE", "TITLE")
            try connection.withoutTimeout {
                while true {
                    var page = 0
                    try connection.stream(labelService, "ListProductions", request, as: Ecoprod_Label_V1_Production.self) { production in
                        page += 1
                        request.pageToken = production.id
                        if global.output == .json {
                            emitLine(try production.jsonString())
                        } else {
                            table.add(
                                production.id, "\(production.revision)", productionKinds.name(of: production.details.kind),
                                production.details.companyID,
                                frameworkText(id: production.frameworkID, version: production.frameworkVersion, draft: production.frameworkDraft),
                                production.archived ? "archived" : "active", production.details.title
                            )
                        }
                        return true
                    }
                    if page < Self.pageSize { break }
                }
            }
            guard global.output == .table else { return }
            print(table.rows.isEmpty ? "no productions" : table.render())
        }
    }
}

struct ShowProductionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "A production's details and how far its assessment has come."
    )
    @OptionGroup var global: GlobalOptions

    @Argument(help: "The production id.")
    var id: String

    func run() throws {
        try reportingFailures {
            let connection = try global.connect()
            let assessment: Ecoprod_Label_V1_ProductionAssessment = try connection.call(
                labelService, "GetAssessment", Ecoprod_Label_V1_GetAssessmentRequest.with { $0.productionID = id }
            )
            let production = assessment.production
            guard global.output == .table else { return try printJSON(production) }
            if production.frameworkDraft {
                let framework = try connection.framework(id: production.frameworkID, version: production.frameworkVersion)
                print(draftBanner(notice: framework.draftNotice))
            }
            print(keyValueLines(productionLines(production) + [("Assessment", assessmentSummary(assessment.criteria))]))
        }
    }
}

struct UpdateProductionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update", abstract: "Change the details given as options, and only those (editor)."
    )
    @OptionGroup var global: GlobalOptions

    @Argument(help: "The production id.")
    var id: String

    @OptionGroup(title: "Details") var details: ProductionDetailsOptions
    @OptionGroup var revision: ExpectedRevisionOption

    func validate() throws {
        guard try !details.change().paths.isEmpty else {
            throw ValidationError("nothing to change: give at least one detail option, such as --title")
        }
    }

    func run() throws {
        let change = try details.change()
        try reportingFailures {
            let connection = try global.connect()
            let updated: Ecoprod_Label_V1_Production = try revision.write("UpdateProduction", to: id, over: connection) { expected in
                Ecoprod_Label_V1_UpdateProductionRequest.with {
                    $0.id = id
                    $0.expectedRevision = expected
                    $0.details = change.message
                    $0.updateMask = Google_Protobuf_FieldMask(protoPaths: change.paths)
                }
            }
            try printProduction(updated, global)
        }
    }
}

struct ArchiveProductionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "archive", abstract: "Close a production: it is kept, and takes no more changes (editor)."
    )
    @OptionGroup var global: GlobalOptions

    @Argument(help: "The production id.")
    var id: String

    @OptionGroup var revision: ExpectedRevisionOption

    func run() throws {
        try reportingFailures {
            let connection = try global.connect()
            let archived: Ecoprod_Label_V1_Production = try revision.write("ArchiveProduction", to: id, over: connection) { expected in
                Ecoprod_Label_V1_ArchiveProductionRequest.with {
                    $0.id = id
                    $0.expectedRevision = expected
                }
            }
            try printProduction(archived, global)
        }
    }
}

struct ProductionHistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "Every change to a production, oldest first (one JSON object per line with --output json)."
    )
    @OptionGroup var global: GlobalOptions

    @Argument(help: "The production id.")
    var id: String

    @Option(help: "Only the changes after this sequence number.")
    var after: UInt64 = 0

    func run() throws {
        try reportingFailures {
            let connection = try global.connect()
            let request = Ecoprod_Label_V1_GetHistoryRequest.with {
                $0.productionID = id
                $0.afterSequence = after
            }
            var table = Table("SEQ", "REV", "TIME", "WHO", "ACTION", "CRITERION", "CHANGES")
            try connection.withoutTimeout {
                try connection.stream(labelService, "GetHistory", request, as: Ecoprod_Label_V1_HistoryEvent.self) { event in
                    if global.output == .json {
                        emitLine(try event.jsonString())
                    } else {
                        let changes = event.changes.map { "\($0.field): \(changedValueText($0.oldValue)) → \(changedValueText($0.newValue))" }
                        table.add(
                            "\(event.sequence)", "\(event.revision)", timestampText(event.at), actorText(event.actor), event.action,
                            event.criterionID, changes.joined(separator: "; ")
                        )
                    }
                    return true
                }
            }
            guard global.output == .table else { return }
            print(table.rows.isEmpty ? "no changes" : table.render())
        }
    }
}

private func changedValueText(_ value: String) -> String { value.isEmpty ? "—" : shortened(value, to: 40) }
