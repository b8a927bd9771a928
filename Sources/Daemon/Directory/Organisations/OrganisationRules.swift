import EcoprodAPI
import EcoprodProtocol

/// What an organisation's details may hold; every refusal names the field.
enum OrganisationRules {
    typealias Details = Ecoprod_Directory_V1_OrganisationDetails

    static let maximumNameLength = 200
    static let maximumDescriptionLength = 5000
    static let maximumFieldLength = 500

    /// `details` made canonical (the SIRET's digits without spaces, the country in capitals,
    /// "FR" by default), or INVALID_ARGUMENT naming the first field that is wrong.
    static func validated(_ details: Details, taxonomy: Ecoprod_Directory_V1_Taxonomy) throws -> Details {
        var details = details
        func refuse(_ field: String, _ message: String) -> RPCError { RPCError(.invalidArgument, "details.\(field): \(message)") }
        guard details.kind != .unspecified else { throw refuse("kind", "required") }
        if case .UNRECOGNIZED(let value) = details.kind { throw refuse("kind", "\(value) is not a kind of organisation") }
        details.name = TextFolding.trimmed(details.name)
        guard !details.name.isEmpty else { throw refuse("name", "required") }
        guard details.name.utf8.count <= maximumNameLength else { throw refuse("name", "at most \(maximumNameLength) bytes") }
        guard details.description_p.utf8.count <= maximumDescriptionLength else { throw refuse("description", "at most \(maximumDescriptionLength) bytes") }
        let shortFields = [("address", details.address), ("postcode", details.postcode), ("city", details.city), ("website", details.website),
                           ("email", details.email), ("phone", details.phone)]
            + details.tags.enumerated().map { ("tags[\($0)]", $1) } + details.certifications.enumerated().map { ("certifications[\($0)]", $1) }
        for (field, value) in shortFields where value.utf8.count > maximumFieldLength {
            throw refuse(field, "at most \(maximumFieldLength) bytes")
        }
        let known = Set(taxonomy.categories.map(\.id))
        for (index, category) in details.categories.enumerated() where !known.contains(category) {
            throw refuse("categories[\(index)]", "\"\(category)\" is not a category of \(taxonomy.id) \(taxonomy.version)")
        }
        if !details.siret.isEmpty {
            do {
                switch try CompanyIdentifier(details.siret) {
                case .siren(let digits), .siret(let digits): details.siret = digits
                }
            } catch {
                throw refuse("siret", "\(error)")
            }
        }
        details.country = details.country.isEmpty ? "FR" : details.country.uppercased()
        guard details.country.count == 2, details.country.allSatisfy({ $0.isASCII && $0.isLetter }) else {
            throw refuse("country", "\"\(details.country)\" is not an ISO 3166-1 alpha-2 code")
        }
        if details.hasLocation {
            let point = details.location
            guard point.latitude.isFinite, (-90...90).contains(point.latitude) else { throw refuse("location.latitude", "\(point.latitude) is not between -90 and 90") }
            guard point.longitude.isFinite, (-180...180).contains(point.longitude) else { throw refuse("location.longitude", "\(point.longitude) is not between -180 and 180") }
        }
        if !details.email.isEmpty {
            let parts = details.email.split(separator: "@", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !details.email.contains(" ") else { throw refuse("email", "\"\(details.email)\" is not an e-mail address") }
        }
        if !details.website.isEmpty {
            guard details.website.hasPrefix("https://") || details.website.hasPrefix("http://"), !details.website.contains(" ") else {
                throw refuse("website", "\"\(details.website)\" is not an http(s) address")
            }
        }
        return details
    }
}
