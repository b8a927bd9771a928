import ArgumentParser
import EcoprodAPI
import EcoprodClient
import Foundation
import SwiftProtobuf

struct MapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "map", abstract: "The map of the charter's active signatories (the signatories plugin).",
        discussion: """
        Writes one or more of: --svg FILE (a map of France with overseas insets), --html FILE (a page with the map and a \
        table of signatories), --geojson FILE (RFC 7946; clustered with --zoom). Without any, prints the counts by region \
        and category.
        """
    )
    @OptionGroup var global: GlobalOptions
    @Option(help: "Write the SVG map here.") var svg: String?
    @Option(help: "Write the HTML page here.") var html: String?
    @Option(help: "Write the GeoJSON here.") var geojson: String?
    @Option(help: "Cluster the GeoJSON for this web map zoom (1 to 20).") var zoom: UInt32 = 0
    @Option(help: "Only this category (repeatable).") var category: [String] = []
    @Option(help: "Only this region: INSEE code or name.") var region: String = ""
    @Option(name: .customLong("charter-version")) var charterVersion: String = ""
    @Option(help: "The map's title.") var title: String = ""

    func run() throws {
        let map = Ecoprod_Signatories_V1_MapRequest.with {
            $0.categories = category
            $0.region = region
            $0.charterVersion = charterVersion
            $0.zoom = zoom
        }
        try reportingFailures {
            let connection = try global.connect()
            let outputs: [(String?, String, any SwiftProtobuf.Message)] = [
                (svg, "RenderMap", Ecoprod_Signatories_V1_RenderMapRequest.with { $0.map = map; $0.format = .svg; $0.title = title }),
                (html, "RenderMap", Ecoprod_Signatories_V1_RenderMapRequest.with { $0.map = map; $0.format = .html; $0.title = title }),
                (geojson, "GetGeoJSON", map),
            ]
            for case let (path?, method, request) in outputs {
                try writingOutput(path) { output in
                    try connection.withoutTimeout {
                        try connection.stream("ecoprod.signatories.v1.Signatories", method, request, as: Ecoprod_Signatories_V1_MapChunk.self) { chunk in
                            do { try output.write(contentsOf: chunk.data) } catch { throw unwritableFile(path, error.localizedDescription) }
                            return true
                        }
                    }
                }
            }
            guard svg == nil, html == nil, geojson == nil else { return }
            let counts: Ecoprod_Signatories_V1_SignatoryCounts = try connection.call("ecoprod.signatories.v1.Signatories", "CountSignatories", map)
            guard global.output == .table else { return try printJSON(counts) }
            print(countsText(total: counts.total, [("REGION", counts.byRegion), ("CATEGORY", counts.byCategory)]))
        }
    }
}
