/// Offline geocoding of French addresses from their postcode and city, with the postcode
/// table: a commune's centroid, never a guess. An unknown postcode, a city that is not at
/// that postcode, or a name several communes share is an error that says so and lists the
/// candidates.
struct Geocoder: Sendable {
    enum Failure: Error, Equatable, CustomStringConvertible {
        case nothingGiven
        case unknownPostcode(String)
        case notAtPostcode(city: String, postcode: String, communes: [String])
        case ambiguous(what: String, communes: [String])
        case unknownCity(String)

        var description: String {
            switch self {
            case .nothingGiven:
                "give a postcode, a city, or both"
            case .unknownPostcode(let postcode):
                "postcode \(postcode) is not in La Poste's table"
            case .notAtPostcode(let city, let postcode, let communes):
                "\"\(city)\" is not at postcode \(postcode), which serves \(communes.joined(separator: ", "))"
            case .ambiguous(let what, let communes):
                "\(what) could be \(communes.joined(separator: ", ")): give the postcode too, or the exact commune"
            case .unknownCity(let city):
                "no commune is called \"\(city)\""
            }
        }
    }

    let table: PostcodeTable

    func locate(postcode: String, city: String) throws(Failure) -> PostcodeTable.Place {
        let postcode = TextFolding.trimmed(postcode).replacingOccurrences(of: " ", with: "")
        let name = PostcodeTable.normalized(city)
        guard !postcode.isEmpty else {
            guard !name.isEmpty else { throw .nothingGiven }
            return try unique(table.byName[name] ?? [], orElse: .unknownCity(city), what: "\"\(city)\"")
        }
        guard let entries = table.byPostcode[postcode] else { throw .unknownPostcode(postcode) }
        guard !name.isEmpty else { return try unique(entries.map(\.place), orElse: .unknownPostcode(postcode), what: "postcode \(postcode)") }
        let matching = entries.filter { $0.names.contains(name) }.map(\.place)
        return try unique(matching, orElse: .notAtPostcode(city: city, postcode: postcode, communes: Self.names(entries.map(\.place))),
                          what: "\"\(city)\" at \(postcode)")
    }

    /// The one commune among `places` (a commune has one row per locality).
    private func unique(_ places: [PostcodeTable.Place], orElse none: Failure, what: String) throws(Failure) -> PostcodeTable.Place {
        guard let first = places.first else { throw none }
        guard places.allSatisfy({ $0.inseeCode == first.inseeCode }) else { throw .ambiguous(what: what, communes: Self.names(places)) }
        return first
    }

    /// "Saint-Denis (974)", once each, sorted.
    private static func names(_ places: [PostcodeTable.Place]) -> [String] {
        var seen: Set<String> = []
        return places.filter { seen.insert($0.inseeCode).inserted }.map { "\($0.commune) (\($0.postcode), INSEE \($0.inseeCode))" }.sorted()
    }
}
