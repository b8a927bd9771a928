import ArgumentParser
import EcoprodAPI
import EcoprodClient
import Foundation

struct FactorsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "factors", abstract: "Emission factor sets: versioned data footprints are pinned to.",
        subcommands: [ListFactorSetsCommand.self, ShowFactorsCommand.self, ImportFactorSetCommand.self]
    )
}

struct ListFactorSetsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Every stored factor set version.")
    @OptionGroup var global: GlobalOptions

    func run() throws {
        try reportingFailures {
            let response: Ecoprod_Carbon_V1_ListFactorSetsResponse = try global.connect().call(
                carbonService, "ListFactorSets", Ecoprod_Carbon_V1_ListFactorSetsRequest()
            )
            guard global.output == .table else { return try printJSON(response) }
            var table = Table("ID", "VERSION", "FACTORS", "PUBLISHED", "SOURCE", "LICENCE", "TITLE")
            for set in response.factorSets {
                table.add(set.id, set.version + (set.draft ? " (DRAFT)" : ""), "\(set.factors)", set.publicationDate, set.source, set.licence, set.title)
            }
            print(table.rows.isEmpty ? "no factor sets" : table.render())
        }
    }
}

struct ShowFactorsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "A factor set's factors, optionally searched (one JSON object per line with --output json)."
    )
    @OptionGroup var global: GlobalOptions

    @Argument(help: "The factor set id, e.g. ecoprod-reference.")
    var id: String

    @Option(help: "The version (default: the latest imported).")
    var version: String = ""

    @Option(help: "Only factors whose id or name contains this text, ignoring case and accents.")
    var search: String = ""

    @Option(help: "Only factors per this unit, in any of its spellings (L, litre, liter …).")
    var unit: String = ""

    func run() throws {
        try reportingFailures {
            let connection = try global.connect()
            let summary: Ecoprod_Carbon_V1_FactorSetSummary = try connection.call(carbonService, "GetFactorSet", Ecoprod_Carbon_V1_GetFactorSetRequest.with {
                $0.id = id
                $0.version = version
            })
            let request = Ecoprod_Carbon_V1_ListFactorsRequest.with {
                $0.factorSetID = id
                $0.version = summary.version
                $0.textContains = search
                $0.unit = unit
            }
            var table = Table("ID", "KGCO2E", "PER", "±%", "NAME")
            try connection.withoutTimeout {
                try connection.stream(carbonService, "ListFactors", request, as: Ecoprod_Carbon_V1_Factor.self) { factor in
                    if global.output == .json {
                        emitLine(try factor.jsonString())
                    } else {
                        table.add(factor.id, "\(factor.kgCo2EPerUnit)", factor.unit, factor.uncertaintyPercent == 0 ? "" : "\(factor.uncertaintyPercent)",
                                  factor.nameFr.isEmpty ? factor.nameEn : factor.nameFr)
                    }
                    return true
                }
            }
            guard global.output == .table else { return }
            if summary.draft { print(draftBanner(notice: summary.draftNotice)) }
            print(table.rows.isEmpty ? "no factors" : table.render())
        }
    }
}

struct ImportFactorSetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Store a new factor set version from a file (admin).",
        discussion: """
        A JSON file describes itself (a FactorSet in the proto3 JSON mapping). ADEME's Base Carbone / Base \
        Empreinte CSV export does not: give --id, --version, --title, --source and --licence.
        """
    )
    @OptionGroup var global: GlobalOptions

    @Argument(help: "The file.")
    var file: String

    @Flag(name: .customLong("base-carbone"), help: "The file is a Base Carbone CSV export (default: JSON).")
    var baseCarbone = false

    @Option var id: String = ""
    @Option var version: String = ""
    @Option var title: String = ""
    @Option var source: String = ""
    @Option var licence: String = ""
    @Option(name: .customLong("publication-date"), help: "YYYY-MM-DD.") var publicationDate: String = ""

    func run() throws {
        let (handle, size) = try openRegularFile(file)
        defer { try? handle.close() }
        let header = Ecoprod_Carbon_V1_ImportFactorSetHeader.with {
            $0.format = baseCarbone ? .baseCarboneCsv : .json
            $0.fileName = URL(fileURLWithPath: file).lastPathComponent
            if baseCarbone {
                $0.description_p = .with {
                    $0.id = id; $0.version = version; $0.title = title; $0.source = source; $0.licence = licence
                    $0.publicationDate = publicationDate
                }
            }
        }
        try reportingFailures {
            let connection = try global.connect()
            let messages = try FileUploadMessages(
                header: Ecoprod_Carbon_V1_ImportFactorSetRequest.with { $0.header = header }, file: handle, size: size,
                chunkSize: EvidenceTransfer.chunkSize, progress: global.output == .table ? "uploading \(header.fileName)" : nil
            ) { chunk in Ecoprod_Carbon_V1_ImportFactorSetRequest.with { $0.chunk = chunk } }
            let summary = try connection.withoutTimeout {
                try connection.clientStream(service: carbonService, method: "ImportFactorSet", messages: messages)
            }.decodeMessage(Ecoprod_Carbon_V1_FactorSetSummary.self)
            if let failure = messages.failure { throw unreadableFile(file, failure.localizedDescription) }
            guard global.output == .table else { return try printJSON(summary) }
            print(keyValueLines([
                ("Factor set", "\(summary.id) \(summary.version)\(summary.draft ? " (DRAFT)" : "")"),
                ("Factors", "\(summary.factors)"), ("Source", summary.source), ("Licence", summary.licence),
                ("Imported", timestampText(summary.importedAt)), ("SHA-256", summary.sha256),
            ].filter { !$0.1.isEmpty }))
        }
    }
}
