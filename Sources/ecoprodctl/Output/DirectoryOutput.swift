import EcoprodAPI
import Foundation

func organisationLines(_ organisation: Ecoprod_Directory_V1_Organisation) -> [(String, String)] {
    let details = organisation.details
    var lines: [(String, String)] = [
        ("ID", organisation.id),
        ("Revision", "\(organisation.revision)\(organisation.archived ? " (archived)" : "")"),
        ("Name", details.name),
        ("Kind", DirectoryNames.kinds.name(of: details.kind)),
        ("Categories", details.categories.joined(separator: ", ")),
    ]
    for (label, value) in [("SIRET", details.siret), ("Address", details.address), ("Postcode", details.postcode), ("City", details.city),
                           ("Country", details.country), ("Website", details.website), ("E-mail", details.email), ("Phone", details.phone),
                           ("Description", details.description_p), ("Tags", details.tags.joined(separator: ", ")),
                           ("Certifications", details.certifications.joined(separator: ", "))] where !value.isEmpty {
        lines.append((label, value))
    }
    if organisation.hasPlace {
        let place = organisation.place
        lines.append(("Commune", "\(place.commune) (INSEE \(place.inseeCode)), \(place.departmentName) (\(place.department)), \(place.regionName)"))
    }
    if organisation.hasLocation {
        let how = organisation.geocoding == .explicit ? "as given" : "commune centroid; \(organisation.place.attribution)"
        lines.append(("Location", "\(organisation.location.latitude), \(organisation.location.longitude) (\(how))"))
    } else {
        lines.append(("Location", "not placed (no French postcode or city)"))
    }
    return lines
}

func printOrganisation(_ organisation: Ecoprod_Directory_V1_Organisation, _ global: GlobalOptions) throws {
    guard global.output == .table else { return try printJSON(organisation) }
    print(keyValueLines(organisationLines(organisation)))
}

/// The table list and search print, one organisation a row.
struct OrganisationTable {
    var table = Table("ID", "REV", "KIND", "NAME", "CITY", "DEPT", "CATEGORIES")
    let withDistance: Bool

    init(withDistance: Bool = false) {
        self.withDistance = withDistance
        if withDistance { table = Table("ID", "KM", "KIND", "NAME", "CITY", "DEPT", "CATEGORIES") }
    }

    mutating func add(_ organisation: Ecoprod_Directory_V1_Organisation, distanceKm: Double = 0) {
        let details = organisation.details
        table.add(organisation.id, withDistance ? String(format: "%.1f", distanceKm) : "\(organisation.revision)",
                  DirectoryNames.kinds.name(of: details.kind), details.name,
                  organisation.place.commune.isEmpty ? details.city : organisation.place.commune, organisation.place.department,
                  details.categories.joined(separator: ","))
    }

    func render(empty: String) -> String { table.rows.isEmpty ? empty : table.render() }
}

func enrolmentLines(_ enrolment: Ecoprod_Directory_V1_Enrolment) -> [(String, String)] {
    var lines: [(String, String)] = [
        ("ID", enrolment.id),
        ("Revision", "\(enrolment.revision)"),
        ("Organisation", enrolment.organisationID),
        ("Charter", "\(enrolment.charterID) \(enrolment.charterVersion)"),
        ("State", DirectoryNames.enrolmentStates.name(of: enrolment.state)),
        ("Signatory", [enrolment.signatory.name, enrolment.signatory.role, enrolment.signatory.email].filter { !$0.isEmpty }.joined(separator: ", ")),
        ("Signed on", enrolment.signedOn),
        ("Commitments", enrolment.commitments.joined(separator: ", ")),
        ("Training", DirectoryNames.trainingStatuses.name(of: enrolment.training)),
    ]
    if enrolment.hasValidUntil { lines.append(("Valid until", ISO8601DateFormatter().string(from: enrolment.validUntil.date))) }
    if !enrolment.note.isEmpty { lines.append(("Note", enrolment.note)) }
    return lines
}
