import EcoprodAPI
import Foundation

/// Organisations as CSV: one column per field of OrganisationDetails, lists joined with
/// "|", the point as latitude and longitude. Exports add what the directory worked out
/// (id, revision, geocoding, INSEE codes, region, department); imports accept those
/// columns and ignore them, so an export can be edited and imported elsewhere.
enum OrganisationCSV {
    typealias Details = Ecoprod_Directory_V1_OrganisationDetails

    static let detailColumns = ["kind", "name", "categories", "siret", "address", "postcode", "city", "country", "website",
                                "email", "phone", "description", "tags", "certifications", "latitude", "longitude"]
    static let derivedColumns = ["id", "revision", "archived", "geocoding", "insee_code", "department", "region"]
    static let maximumSize = 256 << 20

    /// Where each column of a header is, or the first problem with it.
    static func positions(of header: [String]) throws(ImportProblem) -> [String: Int] {
        var positions: [String: Int] = [:]
        for (index, name) in header.map({ TextFolding.trimmed($0).lowercased() }).enumerated() {
            guard detailColumns.contains(name) || derivedColumns.contains(name) else {
                throw ImportProblem(line: 1, column: "\(index + 1)", "\"\(name)\" is not a column (\(detailColumns.joined(separator: ", ")))")
            }
            guard positions.updateValue(index, forKey: name) == nil else { throw ImportProblem(line: 1, column: name, "the column appears twice") }
        }
        for required in ["kind", "name"] where positions[required] == nil {
            throw ImportProblem(line: 1, "the column \"\(required)\" is missing")
        }
        return positions
    }

    /// A row's details, not yet checked by OrganisationRules.
    static func details(_ record: DelimitedText.Record, positions: [String: Int]) throws(ImportProblem) -> Details {
        if let stray = record.strayQuote { throw stray }
        guard record.fields.count == positions.count else {
            throw ImportProblem(line: record.line, "\(record.fields.count) fields; the header has \(positions.count)")
        }
        let value = { (column: String) -> String in positions[column].map { TextFolding.trimmed(record.fields[$0]) } ?? "" }
        let list = { (column: String) -> [String] in value(column).split(separator: "|").map { TextFolding.trimmed(String($0)) }.filter { !$0.isEmpty } }
        var details = Details()
        guard let kind = DirectoryNames.kinds.value(named: value("kind")) else {
            throw ImportProblem(line: record.line, column: "kind", "\"\(value("kind"))\" is not a kind (\(DirectoryNames.kinds.names.prefix(6).joined(separator: ", ")))")
        }
        details.kind = kind
        details.name = value("name")
        details.categories = list("categories")
        details.siret = value("siret")
        details.address = value("address")
        details.postcode = value("postcode")
        details.city = value("city")
        details.country = value("country")
        details.website = value("website")
        details.email = value("email")
        details.phone = value("phone")
        details.description_p = value("description")
        details.tags = list("tags")
        details.certifications = list("certifications")
        let (latitude, longitude) = (value("latitude"), value("longitude"))
        if !latitude.isEmpty || !longitude.isEmpty {
            guard let lat = DelimitedText.number(latitude), let lon = DelimitedText.number(longitude) else {
                throw ImportProblem(line: record.line, column: latitude.isEmpty || DelimitedText.number(latitude) == nil ? "latitude" : "longitude",
                                    "\"\(latitude)\", \"\(longitude)\": give both as numbers, or neither")
            }
            details.location = .with { $0.latitude = lat; $0.longitude = lon }
        }
        return details
    }

    static var header: String { DelimitedText.row(detailColumns + derivedColumns) }

    static func row(_ organisation: Ecoprod_Directory_V1_Organisation) -> String {
        let details = organisation.details
        let number = { (value: Double) in String(value) }
        return DelimitedText.row([
            DirectoryNames.kinds.name(of: details.kind), details.name, details.categories.joined(separator: "|"), details.siret,
            details.address, details.postcode, details.city, details.country, details.website, details.email, details.phone,
            details.description_p, details.tags.joined(separator: "|"), details.certifications.joined(separator: "|"),
            details.hasLocation ? number(details.location.latitude) : "", details.hasLocation ? number(details.location.longitude) : "",
            organisation.id, String(organisation.revision), organisation.archived ? "true" : "false",
            DirectoryNames.geocodingSources.name(of: organisation.geocoding), organisation.place.inseeCode,
            organisation.place.department, organisation.place.region,
        ])
    }

}
