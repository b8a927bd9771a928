import EcoprodAPI
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import SignatoryMapKit
import Testing

@Suite("Signatory map: GeoJSON, clustering, SVG")
struct SignatoryMapKitTests {
    static let geo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("data/geo").path

    static func signatory(_ name: String, _ latitude: Double, _ longitude: Double, categories: [String] = ["catering"]) -> Signatory {
        Signatory(Ecoprod_Directory_V1_Organisation.with {
            $0.id = "org-\(name)"
            $0.details.name = name
            $0.details.kind = .serviceProvider
            $0.details.categories = categories
            $0.location = .with { $0.latitude = latitude; $0.longitude = longitude }
            $0.place.commune = "Commune \(name)"
            $0.place.regionName = "Région"
        })!
    }

    static let lyon = signatory("Lyon \"Lumière\" & co", 45.7640, 4.8357, categories: ["energy-generators", "catering"])
    static let villeurbanne = signatory("Villeurbanne", 45.7719, 4.8902)
    static let marseille = signatory("Marseille", 43.2965, 5.3698)
    static let reunion = signatory("Saint-Denis", -20.8823, 55.4504)

    static func json(_ bytes: [UInt8]) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }

    @Test func oneFeaturePerSignatoryWithLongitudeFirst() throws {
        let collection = try Self.json(GeoJSONWriter.featureCollection([Self.lyon, Self.reunion], attribution: "La Poste (ODbL)"))
        #expect(collection["type"] as? String == "FeatureCollection")
        let features = try #require(collection["features"] as? [[String: Any]])
        #expect(features.count == 2)
        let geometry = try #require(features[0]["geometry"] as? [String: Any])
        #expect(geometry["type"] as? String == "Point")
        #expect(geometry["coordinates"] as? [Double] == [4.8357, 45.764], "RFC 7946: longitude, latitude")
        let properties = try #require(features[0]["properties"] as? [String: Any])
        #expect(properties["name"] as? String == "Lyon \"Lumière\" & co")
        #expect(properties["categories"] as? [String] == ["energy-generators", "catering"])
        #expect((features[1]["geometry"] as? [String: Any])?["coordinates"] as? [Double] == [55.4504, -20.8823])
    }

    @Test func clustersGroupNeighboursAtLowZoomAndSplitAtHighZoom() throws {
        let signatories = [Self.lyon, Self.villeurbanne, Self.marseille, Self.reunion]
        let far = Clustering.webMap(signatories, zoom: 5)
        #expect(far.map(\.members) == [[0, 1], [2], [3]], "Lyon and Villeurbanne (4 km apart) are one cluster at zoom 5")
        #expect(far[0].categories.map(\.id) == ["catering", "energy-generators"] && far[0].categories[0].count == 2)
        #expect(Clustering.webMap(signatories, zoom: 14).count == 4, "at zoom 14, 4 km is hundreds of pixels")
        #expect(Clustering.webMap(signatories, zoom: 0).count == 2, "the whole world is 256 pixels wide")

        let collection = try Self.json(GeoJSONWriter.featureCollection(signatories, clusters: far, attribution: ""))
        let features = try #require(collection["features"] as? [[String: Any]])
        let cluster = try #require(features[0]["properties"] as? [String: Any])
        #expect(cluster["cluster"] as? Bool == true && cluster["point_count"] as? Int == 2)
        let coordinates = try #require((features[0]["geometry"] as? [String: Any])?["coordinates"] as? [Double])
        #expect(abs(coordinates[0] - (4.8357 + 4.8902) / 2) < 1e-6 && abs(coordinates[1] - (45.764 + 45.7719) / 2) < 1e-6)
        #expect((features[1]["properties"] as? [String: Any])?["name"] as? String == "Marseille", "a cluster of one is the signatory")
    }

    @Test func ten000SignatoriesMakeAReadableMap() throws {
        let map = SVGMap(outlines: try Outlines(directory: Self.geo))
        var generator = SystemRandomNumberGenerator()
        let many = (0..<10_000).map { index in
            Self.signatory("S\(index)", Double.random(in: 43...50, using: &generator), Double.random(in: -1...7, using: &generator),
                           categories: [["catering", "energy-generators", "costume"][index % 3]])
        } + [Self.reunion]
        let svg = map.render(many, categories: [("energy-generators", "Énergie"), ("catering", "Restauration"), ("costume", "Costumes")],
                             title: "Signataires", subtitle: "10 001 signataires", attribution: "La Poste (ODbL)")
        let circles = svg.components(separatedBy: "<circle").count - 1
        #expect(circles < 3000, "\(circles) dots and clusters for 10,001 signatories")
        let discs = svg.matches(of: /<circle cx="([-0-9.]+)" cy="([-0-9.]+)" r="([0-9.]+)"/).map { (Double($0.1)!, Double($0.2)!, Double($0.3)!) }
        #expect(discs.count == circles)
        var overlapping = 0
        for (index, a) in discs.enumerated() {
            for b in discs[(index + 1)...] where hypot(a.0 - b.0, a.1 - b.1) < a.2 + b.2 { overlapping += 1 }
        }
        #expect(overlapping == 0, "no disc covers another, the densest places included")
        #expect(svg.contains("La Réunion"))
        #expect(svg.contains("Restauration (3335)") && svg.contains("Énergie (3333)"), "the legend counts by first category")
        #expect(svg.contains("La Poste (ODbL)"))
        let parser = XMLParser(data: Data(svg.utf8))
        #expect(parser.parse(), "well-formed XML: \(parser.parserError.map { "\($0)" } ?? "")")
    }

    @Test func textIsEscapedForXML() {
        #expect(SVGText.escaped("A & B <c> \"d\" 'e'") == "A &amp; B &lt;c&gt; &quot;d&quot; &#39;e&#39;")
        func json(_ write: (inout JSONText) -> Void) -> String {
            var text = JSONText(capacity: 16)
            write(&text)
            return String(decoding: text.bytes, as: UTF8.self)
        }
        #expect(json { $0.string("a\"b\\c\nd\u{01}é") } == "\"a\\\"b\\\\c\\nd\\u0001é\"")
        #expect(json { $0.coordinate(-0.0000004) } == "0.000000")
        #expect(json { $0.coordinate(2.3427912) } == "2.342791" && json { $0.coordinate(-176.17) } == "-176.170000")
        #expect(json { $0.coordinate(-0.5) } == "-0.500000")
    }
}
