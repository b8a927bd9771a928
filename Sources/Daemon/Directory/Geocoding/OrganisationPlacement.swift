import EcoprodAPI
import EcoprodProtocol

/// Where an organisation is: its explicit coordinates, or its commune's centroid from the
/// postcode table; and its commune (department, region) whenever the table knows it.
/// A French postcode or city the table does not know is refused, never placed by a guess.
struct OrganisationPlacement: Sendable {
    var location: Ecoprod_Directory_V1_GeoPoint?
    var source: Ecoprod_Directory_V1_GeocodingSource
    var place: Ecoprod_Directory_V1_Place?

    /// The countries whose addresses La Poste's table covers: France and its overseas
    /// collectivities, as ISO 3166-1 writes some of them.
    static let tableCountries: Set<String> = ["FR", "GP", "MQ", "GF", "RE", "YT", "PM", "BL", "MF", "WF", "PF", "NC", "MC"]

    static func of(_ details: Ecoprod_Directory_V1_OrganisationDetails, geocoder: Geocoder?) throws -> OrganisationPlacement {
        var placed = OrganisationPlacement(location: nil, source: .none, place: nil)
        let hasAddress = !details.postcode.isEmpty || !details.city.isEmpty
        if let geocoder, hasAddress, tableCountries.contains(details.country) {
            do {
                let found = try geocoder.locate(postcode: details.postcode, city: details.city)
                placed.place = message(found)
                placed.location = placed.place?.location
                placed.source = .postcodeTable
            } catch {
                let field = if case .unknownPostcode = error { "postcode" } else { "city" }
                throw RPCError(.invalidArgument, "details.\(field): \(error)")
            }
        }
        if details.hasLocation {
            placed.location = details.location
            placed.source = .explicit
        }
        return placed
    }

    static func message(_ place: PostcodeTable.Place) -> Ecoprod_Directory_V1_Place {
        .with {
            $0.postcode = place.postcode
            $0.inseeCode = place.inseeCode
            $0.commune = place.commune
            $0.location = .with { point in
                point.latitude = place.latitude
                point.longitude = place.longitude
            }
            $0.department = place.department
            $0.departmentName = place.departmentName
            $0.region = place.region
            $0.regionName = place.regionName
            $0.attribution = PostcodeTable.attribution
        }
    }
}
