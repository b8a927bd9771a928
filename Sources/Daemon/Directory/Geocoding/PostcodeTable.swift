import EcoprodProtocol
import Foundation

/// La Poste's postcode table (data/geo/fr_postcodes.csv, ODbL), as the offline geocoder
/// reads it: each postcode's communes and localities with the commune's centroid.
struct PostcodeTable: Sendable {
    /// Shown wherever coordinates from the table are: the ODbL asks for it.
    static let attribution = "Contient des données La Poste – Base officielle des codes postaux (ODbL)"

    struct Place: Sendable, Equatable {
        var postcode: String
        var inseeCode: String
        var commune: String           // the official name, e.g. "Saint-Étienne"; La Poste's where the table has none
        var latitude: Double
        var longitude: Double
        var department: String
        var departmentName: String
        var region: String
        var regionName: String
    }

    /// A row: its place, and every name it answers to, normalized.
    struct Entry: Sendable {
        var place: Place
        var names: Set<String>
    }

    private(set) var byPostcode: [String: [Entry]] = [:]
    private(set) var byName: [String: [Place]] = [:]
    /// Region and department names by INSEE code.
    private(set) var regions: [String: String] = [:]
    private(set) var departments: [String: String] = [:]

    static let columns = ["postcode", "insee_code", "commune", "commune_name", "locality", "routing_label", "lat", "lon",
                          "department", "department_name", "region", "region_name"]

    init(csv data: Data) throws(ImportProblem) {
        let records = try DelimitedText.records(data, separator: UInt8(ascii: ",")).records
        guard let header = records.first else { throw ImportProblem(line: 1, "the file is empty") }
        let fields = header.fields.map(TextFolding.trimmed)
        var positions: [Int] = []
        for column in Self.columns {
            guard let position = fields.firstIndex(of: column) else { throw ImportProblem(line: 1, "the column \"\(column)\" is missing") }
            positions.append(position)
        }
        for record in records.dropFirst() {
            guard record.fields.count == fields.count else { throw ImportProblem(line: record.line, "\(record.fields.count) fields; the header has \(fields.count)") }
            let value = { (column: Int) in TextFolding.trimmed(record.fields[positions[column]]) }
            guard let latitude = Double(value(6)), let longitude = Double(value(7)), (-90...90).contains(latitude), (-180...180).contains(longitude) else {
                throw ImportProblem(line: record.line, column: "lat/lon", "\"\(value(6))\", \"\(value(7))\" are not coordinates")
            }
            let place = Place(
                postcode: value(0), inseeCode: value(1), commune: value(3).isEmpty ? value(2) : value(3), latitude: latitude, longitude: longitude,
                department: value(8), departmentName: value(9), region: value(10), regionName: value(11)
            )
            let names = Set([value(2), value(3), value(4), value(5)].map(Self.normalized).filter { !$0.isEmpty })
            byPostcode[place.postcode, default: []].append(Entry(place: place, names: names))
            regions[place.region] = place.regionName
            departments[place.department] = place.departmentName
            for name in [Self.normalized(value(2)), Self.normalized(value(3))] where !(byName[name]?.contains { $0.inseeCode == place.inseeCode } ?? false) {
                byName[name, default: []].append(place)
            }
        }
    }

    /// A commune's name as people and La Poste write it, reduced to one spelling: no case,
    /// accents, hyphens or apostrophes, and "ST"/"STE" written "SAINT"/"SAINTE"
    /// ("Saint-Étienne", "ST ETIENNE" and "saint etienne" are one name).
    static func normalized(_ name: String) -> String {
        let folded = TextFolding.folded(name)
        let spaced = String(folded.unicodeScalars.map { ["-", "'", "’", ",", "."].contains($0) ? " " : Character($0) })
        return spaced.split(separator: " ").map { word in
            switch word {
            case "st": "saint"
            case "ste": "sainte"
            default: String(word)
            }
        }.joined(separator: " ")
    }
}
