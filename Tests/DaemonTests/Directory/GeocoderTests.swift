@testable import EcoprodDaemon
import Foundation
import Testing

@Suite("Offline geocoding")
struct GeocoderTests {
    /// The shipped table, read once for every test.
    static let geocoder: Result<Geocoder, Error> = Result {
        Geocoder(table: try PostcodeTable(csv: Data(contentsOf: URL(fileURLWithPath: Repository.path("data/geo/fr_postcodes.csv")))))
    }

    static func locate(_ postcode: String, _ city: String) throws -> PostcodeTable.Place {
        try geocoder.get().locate(postcode: postcode, city: city)
    }

    static func refusal(_ postcode: String, _ city: String) throws -> Geocoder.Failure? {
        do {
            _ = try geocoder.get().locate(postcode: postcode, city: city)
            return nil
        } catch let failure as Geocoder.Failure {
            return failure
        }
    }

    @Test func theWholeTableLoads() throws {
        let table = try Self.geocoder.get().table
        #expect(table.byPostcode.values.reduce(0) { $0 + $1.count } == 39_193)
        #expect(table.byPostcode.count > 6000)
    }

    @Test(arguments: [
        // A Paris arrondissement, by the city people write and by its own name.
        ("75002", "Paris", "75102", "Paris 2e Arrondissement", "75", "11"),
        ("75002", "Paris 02", "75102", "Paris 2e Arrondissement", "75", "11"),
        ("13001", "Marseille", "13201", "Marseille 1er Arrondissement", "13", "93"),
        // Corsica: department 2A, not a number.
        ("20000", "Ajaccio", "2A004", "Ajaccio", "2A", "94"),
        // Overseas: La Réunion, in the southern hemisphere.
        ("97400", "Saint-Denis", "97411", "Saint-Denis", "974", "04"),
        // SAINT written out, abbreviated, with and without accents and hyphens.
        ("42000", "Saint-Étienne", "42218", "Saint-Étienne", "42", "84"),
        ("42100", "ST ETIENNE", "42218", "Saint-Étienne", "42", "84"),
        ("42100", "saint etienne", "42218", "Saint-Étienne", "42", "84"),
        ("01000", "Saint-Denis-lès-Bourg", "01344", "Saint-Denis-lès-Bourg", "01", "84"),
        // A locality (lieu-dit) of a commune.
        ("97400", "Belle Pierre", "97411", "Saint-Denis", "974", "04"),
    ] as [(String, String, String, String, String, String)])
    func realAddressesFindTheirCommune(_ postcode: String, _ city: String, _ insee: String, _ commune: String, _ department: String, _ region: String) throws {
        let place = try Self.locate(postcode, city)
        #expect((place.inseeCode, place.commune, place.department, place.region) == (insee, commune, department, region))
    }

    @Test func coordinatesAreTheCommunesCentroid() throws {
        let paris = try Self.locate("75002", "Paris")
        #expect((paris.latitude, paris.longitude) == (48.86827, 2.34279))
        let reunion = try Self.locate("97400", "")
        #expect(reunion.latitude < 0 && reunion.longitude > 55, "one commune at that postcode needs no city")
    }

    @Test func whatCannotBeLocatedExactlyIsAnErrorNeverAWrongPoint() throws {
        #expect(try Self.refusal("00000", "Paris") == .unknownPostcode("00000"))
        #expect(try Self.refusal("", "") == .nothingGiven)
        #expect(try Self.refusal("nowhere", "") == .unknownPostcode("nowhere"))
        guard case .notAtPostcode(let city, "42000", let communes)? = try Self.refusal("42000", "Lyon") else {
            Issue.record("Lyon is not at 42000"); return
        }
        #expect(city == "Lyon" && communes == ["Saint-Étienne (42000, INSEE 42218)"])
        guard case .ambiguous(_, let candidates)? = try Self.refusal("01000", "") else { Issue.record("01000 serves two communes"); return }
        #expect(candidates == ["Bourg-en-Bresse (01000, INSEE 01053)", "Saint-Denis-lès-Bourg (01000, INSEE 01344)"])
        guard case .ambiguous? = try Self.refusal("", "Saint-Denis") else { Issue.record("many communes are called Saint-Denis"); return }
        #expect(try Self.refusal("", "Atlantis") == .unknownCity("Atlantis"))
        #expect(try Self.locate("", "Ajaccio").inseeCode == "2A004", "a city alone, when only one commune has the name")
    }

    @Test func aCommuneWithoutAnOfficialNameInTheTableIsNamedAsLaPosteWritesIt() throws {
        // 374 rows have no INSEE name (merged communes such as Orée d'Anjou).
        #expect(try Self.locate("49270", "Champtoceaux").commune == "OREE D ANJOU")
        guard case .ambiguous(_, let candidates)? = try Self.refusal("49270", "") else { Issue.record("49270 serves two communes"); return }
        #expect(candidates.first == "Montrevault-sur-Èvre (49270, INSEE 49218)" && candidates.last == "OREE D ANJOU (49270, INSEE 49069)")
    }
}
