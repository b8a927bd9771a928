import ArgumentParser
import EcoprodAPI
import EcoprodClient
import Foundation
import SwiftProtobuf

struct OrganisationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "org", abstract: "The directory: providers, resources, funding bodies, production companies.",
        subcommands: [
            CreateOrganisationCommand.self, ShowOrganisationCommand.self, ListOrganisationsCommand.self, UpdateOrganisationCommand.self,
            ArchiveOrganisationCommand.self, OrganisationHistoryCommand.self, SearchOrganisationsCommand.self, CountOrganisationsCommand.self,
            ImportOrganisationsCommand.self, ExportOrganisationsCommand.self, CategoriesCommand.self, GeocodeCommand.self,
        ]
    )
}

struct CreateOrganisationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Add an organisation (editor); a French postcode places it at its commune.",
        discussion: "Prints the new organisation, its id first; with --output json, .id is the id."
    )
    @OptionGroup var global: GlobalOptions
    @OptionGroup(title: "Details") var details: OrganisationDetailsOptions

    func validate() throws {
        guard details.kind != nil, details.name != nil else { throw ValidationError("--kind and --name are required") }
    }

    func run() throws {
        try reportingFailures {
            try printOrganisation(try global.connect().call(directoryService, "CreateOrganisation",
                                                            Ecoprod_Directory_V1_CreateOrganisationRequest.with { $0.details = details.change.details }), global)
        }
    }
}

struct ShowOrganisationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "An organisation, with its commune and point.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The organisation id.") var id: String

    func run() throws {
        try reportingFailures { try printOrganisation(try global.connect().organisation(id), global) }
    }
}

struct ListOrganisationsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Organisations in creation order, a page at a time (one JSON object per line with --output json)."
    )
    @OptionGroup var global: GlobalOptions
    @OptionGroup(title: "Filters") var filter: OrganisationFilterOptions
    @Option(name: .customLong("page-size"), help: "How many (default: all).") var pageSize: UInt32 = 0
    @Option(help: "Continue after this id (the last of the previous page).") var after: String = ""

    func run() throws {
        let request = Ecoprod_Directory_V1_ListOrganisationsRequest.with {
            $0.filter = filter.filter
            $0.pageSize = pageSize
            $0.afterID = after
        }
        try reportingFailures {
            let connection = try global.connect()
            var table = OrganisationTable()
            try connection.withoutTimeout {
                try connection.stream(directoryService, "ListOrganisations", request, as: Ecoprod_Directory_V1_Organisation.self) { organisation in
                    if global.output == .json { emitLine(try organisation.jsonString()) } else { table.add(organisation) }
                    return true
                }
            }
            if global.output == .table { print(table.render(empty: "no organisations")) }
        }
    }
}

struct UpdateOrganisationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update", abstract: "Change the details given as options, and only those (editor)."
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The organisation id.") var id: String
    @OptionGroup(title: "Details") var details: OrganisationDetailsOptions
    @OptionGroup var revision: ExpectedRevisionOption

    func validate() throws {
        guard !details.change.paths.isEmpty else { throw ValidationError("nothing to change: give at least one detail option, such as --phone") }
    }

    func run() throws {
        let change = details.change
        try reportingFailures {
            let connection = try global.connect()
            let updated: Ecoprod_Directory_V1_Organisation = try revision.write(organisation: id, "UpdateOrganisation", over: connection) { expected in
                Ecoprod_Directory_V1_UpdateOrganisationRequest.with {
                    $0.id = id
                    $0.expectedRevision = expected
                    $0.details = change.details
                    $0.updateMask = Google_Protobuf_FieldMask(protoPaths: change.paths)
                }
            }
            try printOrganisation(updated, global)
        }
    }
}

struct ArchiveOrganisationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "archive", abstract: "Retire an organisation: it is kept, found only on request, and takes no more changes (editor)."
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The organisation id.") var id: String
    @OptionGroup var revision: ExpectedRevisionOption

    func run() throws {
        try reportingFailures {
            let connection = try global.connect()
            let archived: Ecoprod_Directory_V1_Organisation = try revision.write(organisation: id, "ArchiveOrganisation", over: connection) { expected in
                Ecoprod_Directory_V1_ArchiveOrganisationRequest.with {
                    $0.id = id
                    $0.expectedRevision = expected
                }
            }
            try printOrganisation(archived, global)
        }
    }
}

struct OrganisationHistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "Every change to an organisation, oldest first (one JSON object per line with --output json)."
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The organisation id.") var id: String
    @Option(help: "Only the changes after this sequence number.") var after: UInt64 = 0

    func run() throws {
        let request = Ecoprod_Directory_V1_GetOrganisationHistoryRequest.with {
            $0.organisationID = id
            $0.afterSequence = after
        }
        try printHistory(directoryService, "GetOrganisationHistory", request, as: Ecoprod_Directory_V1_OrganisationEvent.self, global: global) {
            HistoryRow(sequence: $0.sequence, revision: $0.revision, at: $0.at, actor: $0.actor, action: $0.action, changes: $0.changes)
        }
    }
}

struct SearchOrganisationsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search", abstract: "Find organisations by words, place and filters (one JSON SearchHit per line with --output json).",
        discussion: """
        Words match the start of words of names, descriptions and tags, ignoring case and accents; all must match. \
        Around a place (--near LAT,LON, --near-postcode, --near-city) the nearest come first, within --radius km. \
        Examples: ecoprodctl org search groupe electrogene --near-city Lyon --radius 50; \
        ecoprodctl org search --category catering --region "Île-de-France".
        """
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Words to find.") var words: [String] = []
    @OptionGroup(title: "Filters") var filter: OrganisationFilterOptions
    @Option(help: "Around this point, \"latitude,longitude\".") var near: GeoPointArgument?
    @Option(name: .customLong("near-postcode")) var nearPostcode: String = ""
    @Option(name: .customLong("near-city")) var nearCity: String = ""
    @Option(help: "Kilometres around the place.") var radius: Double = 0
    @Option(help: "Within a box: \"south,west,north,east\" in degrees.") var box: String?
    @Option(help: "At most this many (default 100, at most 10000).") var limit: UInt32 = 0

    func run() throws {
        var request = Ecoprod_Directory_V1_SearchOrganisationsRequest.with {
            $0.text = words.joined(separator: " ")
            $0.filter = filter.filter
            if let near { $0.nearPoint = near.value }
            $0.nearPostcode = nearPostcode
            $0.nearCity = nearCity
            $0.radiusKm = radius
            $0.limit = limit
        }
        if let box {
            let corners = box.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard corners.count == 4 else { throw ValidationError("--box: four numbers, south,west,north,east") }
            request.boundingBox = .with {
                $0.southWest = .with { $0.latitude = corners[0]; $0.longitude = corners[1] }
                $0.northEast = .with { $0.latitude = corners[2]; $0.longitude = corners[3] }
            }
        }
        let aroundPlace = near != nil || !nearPostcode.isEmpty || !nearCity.isEmpty
        try reportingFailures {
            let connection = try global.connect()
            var table = OrganisationTable(withDistance: aroundPlace)
            try connection.stream(directoryService, "SearchOrganisations", request, as: Ecoprod_Directory_V1_SearchHit.self) { hit in
                if global.output == .json { emitLine(try hit.jsonString()) } else { table.add(hit.organisation, distanceKm: hit.distanceKm) }
                return true
            }
            if global.output == .table { print(table.render(empty: "nothing found")) }
        }
    }
}

struct CountOrganisationsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "count", abstract: "How many organisations, by region, category and kind.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup(title: "Filters") var filter: OrganisationFilterOptions

    func run() throws {
        try reportingFailures {
            let counts: Ecoprod_Directory_V1_OrganisationCounts = try global.connect().call(
                directoryService, "CountOrganisations", Ecoprod_Directory_V1_CountOrganisationsRequest.with { $0.filter = filter.filter }
            )
            guard global.output == .table else { return try printJSON(counts) }
            print(countsText(total: counts.total, [("REGION", counts.byRegion), ("CATEGORY", counts.byCategory), ("KIND", counts.byKind)]))
        }
    }
}

/// Each breakdown as a table under the total.
func countsText(total: UInt64, _ breakdowns: [(String, [Ecoprod_Directory_V1_Count])]) -> String {
    var text = "Total: \(total)"
    for (title, counts) in breakdowns {
        var table = Table(title, "NAME", "COUNT")
        for count in counts { table.add(count.key.isEmpty ? "—" : count.key, count.name, "\(count.organisations)") }
        text += "\n\n" + table.render()
    }
    return text
}

struct ImportOrganisationsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Add the organisations of a CSV file (editor); bad rows are reported, the others created.",
        discussion: """
        Columns, by header name: kind, name, categories, siret, address, postcode, city, country, website, email, phone, \
        description, tags, certifications, latitude, longitude (lists joined with "|"); the columns of an export are \
        accepted. A progress bar shows on a terminal.
        """
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The CSV file (UTF-8 or Windows-1252; ',' or ';').") var file: String
    @Flag(name: .customLong("dry-run"), help: "Check every row and report, create nothing.") var dryRun = false

    func run() throws {
        let (handle, size) = try openRegularFile(file)
        defer { try? handle.close() }
        let fileName = URL(fileURLWithPath: file).lastPathComponent
        try reportingFailures {
            let connection = try global.connect()
            let messages = try FileUploadMessages(
                header: Ecoprod_Directory_V1_ImportOrganisationsRequest.with {
                    $0.header = .with {
                        $0.fileName = fileName
                        $0.dryRun = dryRun
                    }
                },
                file: handle, size: size, chunkSize: EvidenceTransfer.chunkSize, progress: global.output == .table ? "sending \(fileName)" : nil
            ) { chunk in Ecoprod_Directory_V1_ImportOrganisationsRequest.with { $0.chunk = chunk } }
            let response = try connection.withoutTimeout {
                try connection.clientStream(service: directoryService, method: "ImportOrganisations", messages: messages)
            }.decodeMessage(Ecoprod_Directory_V1_ImportOrganisationsResponse.self)
            if let failure = messages.failure { throw unreadableFile(file, failure.localizedDescription) }
            guard global.output == .table else { return try printJSON(response) }
            print(keyValueLines([
                ("Rows read", "\(response.rowsRead)"),
                (dryRun ? "Would create" : "Created", "\(response.created)"),
                ("Rejected", "\(response.rejected)"),
            ]))
            if !response.rejectedRows.isEmpty {
                var table = Table("LINE", "COLUMN", "WHY")
                for row in response.rejectedRows { table.add("\(row.line)", row.column, row.message) }
                print("\nRejected rows:\n" + table.render())
            }
        }
    }
}

struct ExportOrganisationsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Organisations as CSV (UTF-8, comma-separated, lists joined with \"|\"), importable again."
    )
    @OptionGroup var global: GlobalOptions
    @OptionGroup(title: "Filters") var filter: OrganisationFilterOptions
    @Option(name: [.short, .customLong("output-file")], help: "Where to write it (default: standard output).") var outputFile: String = "-"

    func run() throws {
        let request = Ecoprod_Directory_V1_ExportOrganisationsRequest.with { $0.filter = filter.filter }
        try reportingFailures {
            let connection = try global.connect()
            try writingOutput(outputFile) { output in
                try connection.withoutTimeout {
                    try connection.stream(directoryService, "ExportOrganisations", request, as: Ecoprod_Directory_V1_ExportChunk.self) { chunk in
                        do { try output.write(contentsOf: chunk.data) } catch { throw unwritableFile(outputFile, error.localizedDescription) }
                        return true
                    }
                }
            }
        }
    }
}

struct CategoriesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "categories", abstract: "The taxonomy organisations are filed under.")
    @OptionGroup var global: GlobalOptions

    func run() throws {
        try reportingFailures {
            let taxonomy: Ecoprod_Directory_V1_Taxonomy = try global.connect().call(directoryService, "GetTaxonomy", Ecoprod_Directory_V1_GetTaxonomyRequest())
            guard global.output == .table else { return try printJSON(taxonomy) }
            if taxonomy.draft { print(taxonomy.draftNotice + "\n") }
            var table = Table("ID", "NAME", "NAME (EN)")
            for category in taxonomy.categories { table.add(category.id, category.nameFr, category.nameEn) }
            print("\(taxonomy.id) \(taxonomy.version)\n" + table.render())
        }
    }
}

struct GeocodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "geocode", abstract: "Where a French postcode and/or city is, from La Poste's table.")
    @OptionGroup var global: GlobalOptions
    @Option var postcode: String = ""
    @Option var city: String = ""

    func run() throws {
        try reportingFailures {
            let place: Ecoprod_Directory_V1_Place = try global.connect().call(directoryService, "Geocode", Ecoprod_Directory_V1_GeocodeRequest.with {
                $0.postcode = postcode
                $0.city = city
            })
            guard global.output == .table else { return try printJSON(place) }
            print(keyValueLines([
                ("Commune", "\(place.commune) (INSEE \(place.inseeCode))"), ("Postcode", place.postcode),
                ("Department", "\(place.departmentName) (\(place.department))"), ("Region", "\(place.regionName) (\(place.region))"),
                ("Location", "\(place.location.latitude), \(place.location.longitude)"), ("Source", place.attribution),
            ]))
        }
    }
}
