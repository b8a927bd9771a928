import EcoprodAPI

/// A signatory as the map shows it: an organisation with a point.
public struct Signatory: Sendable, Equatable {
    public var id: String
    public var name: String
    public var kind: String
    public var city: String
    public var postcode: String
    public var region: String       // the region's name
    public var categories: [String] // category ids
    public var website: String
    public var latitude: Double
    public var longitude: Double

    /// The organisation's signatory, or nil when it has no point to show.
    public init?(_ organisation: Ecoprod_Directory_V1_Organisation) {
        guard organisation.hasLocation else { return nil }
        let details = organisation.details
        id = organisation.id
        name = details.name
        kind = DirectoryNames.kinds.name(of: details.kind)
        city = organisation.place.commune.isEmpty ? details.city : organisation.place.commune
        postcode = details.postcode
        region = organisation.place.regionName
        categories = details.categories
        website = details.website
        latitude = organisation.location.latitude
        longitude = organisation.location.longitude
    }
}
