@testable import EcoprodDaemon
import EcoprodAPI
import EcoprodProtocol
import Foundation
import Testing

@Suite("Directory search")
struct DirectorySearchTests {
    typealias Fixture = DirectoryFixture

    /// Real communes around Lyon and elsewhere, an explicit point in Wallis (across the
    /// antimeridian) and one without a place.
    static func populated() async throws -> Fixture {
        let fixture = try await Fixture()
        let places: [(String, String, String, [String], String)] = [
            ("Lumière Énergie", "69002", "Lyon", ["energy-generators"], "Groupes électrogènes à l'hydrogène et batteries"),
            ("Villeurbanne Traiteur", "69100", "Villeurbanne", ["catering"], "Cantine bio et locale pour les tournages"),
            ("Stéphanois Décors", "42000", "Saint-Étienne", ["set-construction-reuse"], "Réemploi de décors, ressourcerie"),
            ("Grenoble Loc", "38000", "Grenoble", ["equipment-rental", "energy-generators"], "Location de matériel électrique"),
            ("Mâcon Transports", "71000", "Mâcon", ["transport-mobility"], "Navettes électriques"),
            ("Paris Post", "75002", "Paris", ["post-production-digital"], "Post-production sobre"),
            ("Ajaccio Lumière", "20000", "Ajaccio", ["energy-generators"], "Batteries pour tournages en Corse"),
            ("Réunion Location", "97400", "Saint-Denis", ["equipment-rental"], "Location de groupes électrogènes"),
        ]
        for (name, postcode, city, categories, description) in places {
            try await fixture.create(Fixture.details(name, categories: categories, postcode: postcode, city: city, description: description))
        }
        var wallis = Fixture.details("Mata-Utu Services", kind: .other, categories: [], description: "Services")
        wallis.country = "WF"
        wallis.location = .with { $0.latitude = -13.28; $0.longitude = -176.17 }
        try await fixture.create(wallis)
        try await fixture.create(Fixture.details("Sans Adresse", kind: .fundingBody, categories: ["funding"], description: "Aides régionales"))
        return fixture
    }

    @Test func fullTextIgnoresAccentsAndCaseAndMatchesPrefixes() async throws {
        let fixture = try await Self.populated()
        for text in ["électrogènes", "ELECTROGENES", "electrog", "Groupes Électro", "groupe electrogene"] {
            #expect(Set(try await fixture.search { $0.text = text }.map(\.name)) == ["Lumière Énergie", "Réunion Location"], "\(text)")
        }
        #expect(try await fixture.search { $0.text = "decors reemploi" }.map(\.name) == ["Stéphanois Décors"], "every word must match")
        #expect(try await fixture.search { $0.text = "location" }.map(\.name) == ["Réunion Location", "Grenoble Loc"],
                "a word in the name ranks above one in the description")
        #expect(try await fixture.search { $0.text = "téléportation" }.isEmpty)
        #expect(try await fixture.search { $0.text = "\"*)(" }.count == 10, "punctuation alone is no text condition")
    }

    @Test func wholeWordsComeBeforeTheWordsTheyBegin() async throws {
        #expect(OrganisationSearch.matchQuery("Groupe électro")?.wideningToPrefixes
                == ["\"groupe\" \"electro\"", "\"groupe\" \"electro\"*", "\"groupe\"* \"electro\"*"])
        #expect(OrganisationSearch.matchQuery("groupe")?.wideningToPrefixes == ["\"groupe\"", "\"groupe\"*"])
        let fixture = try await Fixture()
        for (name, description) in [("Navettes", "Groupes de navettes électriques"), ("Réseau", "Raccordement électrique d'un groupe")] {
            try await fixture.create(Fixture.details(name, categories: ["transport-mobility"], description: description))
        }
        #expect(try await fixture.search { $0.text = "groupe electrique" }.map(\.name) == ["Réseau", "Navettes"])
        #expect(try await fixture.search { $0.text = "groupe electr" }.map(\.name) == ["Réseau", "Navettes"], "the last word typed partly")
        #expect(try await fixture.search { $0.text = "groupes" }.map(\.name) == ["Navettes"])
    }

    @Test func radiusSearchReturnsExactlyWhatIsWithinTheRadiusNearestFirst() async throws {
        let fixture = try await Self.populated()
        let lyon = (latitude: 45.758, longitude: 4.835)
        let everything = try await fixture.service.hits(.with { $0.limit = 100 })
        for radius in [5.0, 30, 50, 100, 500] {
            let hits = try await fixture.search {
                $0.nearPoint = .with { $0.latitude = lyon.latitude; $0.longitude = lyon.longitude }
                $0.radiusKm = radius
            }
            let expected = everything.filter(\.organisation.hasLocation).map { hit in
                (hit.organisation.details.name, Self.independentDistanceKm(lyon, (hit.organisation.location.latitude, hit.organisation.location.longitude)))
            }.filter { $0.1 <= radius }.sorted { $0.1 < $1.1 }
            #expect(hits.map(\.name) == expected.map(\.0), "radius \(radius)")
            for (hit, wanted) in zip(hits, expected) { #expect(abs(hit.distanceKm - wanted.1) < 1e-6) }
        }
        let around50 = try await fixture.search { $0.nearPostcode = "69002"; $0.nearCity = "Lyon"; $0.radiusKm = 50 }
        #expect(around50.map(\.name).prefix(2) == ["Lumière Énergie", "Villeurbanne Traiteur"])
        #expect(!around50.map(\.name).contains("Grenoble Loc"), "Grenoble is ~95 km away")
        let categoryNear = try await fixture.search {
            $0.nearCity = "Lyon 02"; $0.radiusKm = 150; $0.filter.categories = ["energy-generators"]
        }
        #expect(categoryNear.map(\.name) == ["Lumière Énergie", "Grenoble Loc"])
        let textNear = try await fixture.search { $0.nearPostcode = "69002"; $0.radiusKm = 150; $0.text = "location" }
        #expect(textNear.map(\.name) == ["Grenoble Loc"])
    }

    @Test func aRadiusAcrossTheAntimeridianAndBoundingBoxes() async throws {
        let fixture = try await Self.populated()
        let wallis = try await fixture.search { $0.nearPoint = .with { $0.latitude = -13.3; $0.longitude = 179.9 }; $0.radiusKm = 500 }
        #expect(wallis.map(\.name) == ["Mata-Utu Services"])
        #expect(abs(wallis[0].distanceKm - Self.independentDistanceKm((-13.3, 179.9), (-13.28, -176.17))) < 1e-6)
        let corsica = try await fixture.search {
            $0.boundingBox = .with { $0.southWest = .with { $0.latitude = 41.3; $0.longitude = 8.5 }; $0.northEast = .with { $0.latitude = 43.1; $0.longitude = 9.6 } }
        }
        #expect(corsica.map(\.name) == ["Ajaccio Lumière"])
        let acrossDateLine = try await fixture.search {
            $0.boundingBox = .with { $0.southWest = .with { $0.latitude = -20; $0.longitude = 170 }; $0.northEast = .with { $0.latitude = -10; $0.longitude = -170 } }
        }
        #expect(acrossDateLine.map(\.name) == ["Mata-Utu Services"])
    }

    @Test func filtersByKindCategoryRegionAndDepartment() async throws {
        let fixture = try await Self.populated()
        #expect(try await fixture.search { $0.filter.region = "auvergne rhone alpes" }.map(\.name)
                == ["Grenoble Loc", "Lumière Énergie", "Stéphanois Décors", "Villeurbanne Traiteur"], "by name, sorted by name")
        #expect(try await fixture.search { $0.filter.region = "84" }.count == 4)
        #expect(try await fixture.search { $0.filter.department = "2a" }.map(\.name) == ["Ajaccio Lumière"])
        #expect(try await fixture.search { $0.filter.department = "La Réunion" }.map(\.name) == ["Réunion Location"])
        #expect(try await fixture.search { $0.filter.kinds = [.fundingBody, .other] }.map(\.name) == ["Mata-Utu Services", "Sans Adresse"])
        #expect(try await fixture.search { $0.filter.categories = ["equipment-rental"]; $0.filter.region = "84" }.map(\.name) == ["Grenoble Loc"])
    }

    @Test func countsByRegionCategoryAndKind() async throws {
        let fixture = try await Self.populated()
        let counts = try await fixture.store.counts(try await fixture.service.filterSQL(.init()))
        #expect(counts.total == 10)
        let region = try #require(counts.byRegion.first)
        #expect((region.key, region.name, region.organisations) == ("84", "Auvergne-Rhône-Alpes", 4))
        #expect(counts.byRegion.first { $0.key == "" }?.organisations == 2, "two have no French region")
        let category = try #require(counts.byCategory.first)
        #expect((category.key, category.organisations) == ("energy-generators", 3))
        #expect(counts.byKind.map(\.key) == ["service-provider", "funding-body", "other"])
    }

    static let badSearches: [Breakage<Ecoprod_Directory_V1_SearchOrganisationsRequest, String>] = [
        Breakage("a place without radius", { $0.nearPostcode = "69002" }, "radius_km: required around a place"),
        Breakage("a radius without place", { $0.radiusKm = 10 }, "radius_km: only around a place"),
        Breakage("too large a radius", { $0.nearPostcode = "69002"; $0.radiusKm = 5000 }, "radius_km: required around a place, more than 0 and at most 1000"),
        Breakage("latitude out of range", { $0.nearPoint = .with { $0.latitude = 95 }; $0.radiusKm = 10 }, "near_point.latitude: 95.0 is not between -90 and 90"),
        Breakage("point and postcode", { $0.nearPoint = .with { $0.latitude = 45 }; $0.nearPostcode = "69002"; $0.radiusKm = 10 }, "near_point: give a point or a postcode and city, not both"),
        Breakage("unknown postcode", { $0.nearPostcode = "00000"; $0.radiusKm = 10 }, "near_postcode: postcode 00000 is not in La Poste's table"),
        Breakage("unknown category", { $0.filter.categories = ["teleportation"] }, "filter.categories[0]: \"teleportation\" is not a category"),
        Breakage("unknown region", { $0.filter.region = "Atlantis" }, "filter.region: no region is called or numbered \"Atlantis\""),
        Breakage("box upside down", { $0.boundingBox = .with { $0.southWest.latitude = 50; $0.northEast.latitude = 40 } }, "bounding_box: south_west.latitude is north of north_east.latitude"),
        Breakage("too many", { $0.limit = 20_000 }, "limit: at most 10000"),
    ]

    @Test(arguments: badSearches)
    func badSearchesAreRefusedNamingTheField(_ breakage: Breakage<Ecoprod_Directory_V1_SearchOrganisationsRequest, String>) async throws {
        let fixture = try await Fixture()
        let refusal = await #expect(throws: RPCError.self) { try await fixture.service.hits(breakage.applied(to: .init())) }
        #expect(refusal?.code == .invalidArgument)
        #expect(refusal?.message.hasPrefix(breakage.expected) == true, "\(refusal?.message ?? "")")
    }

    /// The central angle from unit vectors (atan2 of the cross and dot products), not the
    /// haversine the daemon uses, on the same sphere.
    static func independentDistanceKm(_ a: (Double, Double), _ b: (Double, Double)) -> Double {
        func vector(_ point: (Double, Double)) -> (Double, Double, Double) {
            let (φ, λ) = (point.0 * .pi / 180, point.1 * .pi / 180)
            return (cos(φ) * cos(λ), cos(φ) * sin(λ), sin(φ))
        }
        let (u, v) = (vector(a), vector(b))
        let cross = (u.1 * v.2 - u.2 * v.1, u.2 * v.0 - u.0 * v.2, u.0 * v.1 - u.1 * v.0)
        let crossLength = (cross.0 * cross.0 + cross.1 * cross.1 + cross.2 * cross.2).squareRoot()
        return atan2(crossLength, u.0 * v.0 + u.1 * v.1 + u.2 * v.2) * 6371.0088
    }
}
