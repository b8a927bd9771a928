import EcoprodAPI
import EcoprodProtocol

/// What an organisation's details may hold, which fields an update may change, and how a
/// change is written in its history; every refusal names the field.
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
        if details.hasLocation { try GeoPointRules.check(details.location, field: "details.location") }
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

    /// Each field of the details: how history writes it, and how an update copies it.
    private struct Field: Sendable {
        let path: String
        let text: @Sendable (Details) -> String
        let copy: @Sendable (Details, inout Details) -> Void
    }

    private static func field<Value>(_ path: String, _ keyPath: WritableKeyPath<Details, Value> & Sendable, _ text: @escaping @Sendable (Value) -> String) -> Field {
        Field(path: path, text: { text($0[keyPath: keyPath]) }, copy: { $1[keyPath: keyPath] = $0[keyPath: keyPath] })
    }

    private static let fields: [Field] = [
        field("kind", \.kind) { $0 == .unspecified ? "" : DirectoryNames.kinds.name(of: $0) },
        field("name", \.name) { $0 },
        field("categories", \.categories) { $0.joined(separator: "|") },
        field("siret", \.siret) { $0 },
        field("address", \.address) { $0 },
        field("postcode", \.postcode) { $0 },
        field("city", \.city) { $0 },
        field("country", \.country) { $0 },
        field("website", \.website) { $0 },
        field("email", \.email) { $0 },
        field("phone", \.phone) { $0 },
        field("description", \.description_p) { $0 },
        field("tags", \.tags) { $0.joined(separator: "|") },
        field("certifications", \.certifications) { $0.joined(separator: "|") },
        Field(path: "location", text: { $0.hasLocation ? "\($0.location.latitude),\($0.location.longitude)" : "" }, copy: { given, merged in
            if given.hasLocation { merged.location = given.location } else { merged.clearLocation() }
        }),
    ]

    /// `current` with the fields `paths` names taken from `given`; every field when empty.
    static func applying(_ paths: [String], from given: Details, to current: Details) throws -> Details {
        guard !paths.isEmpty else { return given }
        var merged = current
        for path in paths {
            guard let field = fields.first(where: { $0.path == path }) else {
                throw RPCError(.invalidArgument, "update_mask: \(path) is not a field of OrganisationDetails (\(fields.map(\.path).joined(separator: ", ")))")
            }
            field.copy(given, &merged)
        }
        return merged
    }

    static func changes(from old: Details, to new: Details) -> [Ecoprod_Label_V1_FieldChange] {
        fields.compactMap { field in
            let (before, after) = (field.text(old), field.text(new))
            return before == after ? nil : .with { $0.field = field.path; $0.oldValue = before; $0.newValue = after }
        }
    }
}
