@testable import EcoprodDaemon
import EcoprodAPI
import EcoprodProtocol
import Foundation
import Testing

@Suite("Organisations and the taxonomy")
struct OrganisationRulesTests {
    static func taxonomy() throws -> Ecoprod_Directory_V1_Taxonomy {
        try TaxonomyFile.decode(Data(contentsOf: URL(fileURLWithPath: Repository.path("data/directory/taxonomy/taxonomy-draft.json"))), fileName: "taxonomy-draft.json")
    }

    static let valid = Ecoprod_Directory_V1_OrganisationDetails.with {
        $0.kind = .serviceProvider
        $0.name = "  Groupes Verts  "
        $0.categories = ["energy-generators", "equipment-rental"]
        $0.siret = "732 829 320 00074"
        $0.postcode = "93200"
        $0.city = "Saint-Denis"
        $0.email = "contact@groupes-verts.example"
        $0.website = "https://groupes-verts.example"
    }

    @Test func theShippedTaxonomyLoadsAndSaysItIsADraft() throws {
        let taxonomy = try Self.taxonomy()
        #expect(taxonomy.draft && !taxonomy.draftNotice.isEmpty)
        #expect(taxonomy.categories.count == 11 && taxonomy.categories.first?.id == "energy-generators")
    }

    @Test(arguments: [
        Breakage("a repeated id", { $0.categories[1].id = $0.categories[0].id }, #"categories[1].id: "energy-generators" is used twice (also categories[0])"#),
        Breakage("an id with capitals", { $0.categories[2].id = "Transport" }, #"categories[2].id: "Transport" must be 1 to 64 of a-z, 0-9 and -"#),
        Breakage("a draft without notice", { $0.draftNotice = "" }, "draft_notice: required for a draft, to tell users what is not official"),
        Breakage("a nameless category", { $0.categories[3].nameFr = ""; $0.categories[3].nameEn = "" }, "categories[3] (set-construction-reuse): name_fr or name_en required"),
    ] as [Breakage<Ecoprod_Directory_V1_Taxonomy, String>])
    func aBrokenTaxonomyIsRefusedByName(_ breakage: Breakage<Ecoprod_Directory_V1_Taxonomy, String>) throws {
        #expect(TaxonomyFile.firstProblem(in: breakage.applied(to: try Self.taxonomy())) == breakage.expected)
    }

    @Test func validDetailsAreMadeCanonical() throws {
        let details = try OrganisationRules.validated(Self.valid, taxonomy: Self.taxonomy())
        #expect(details.name == "Groupes Verts" && details.siret == "73282932000074" && details.country == "FR")
    }

    @Test(arguments: [
        Breakage("a SIRET", { $0.siret = "73282932000075" }, #"details.siret: "73282932000075" fails its check digit (Luhn): a digit is wrong or two are swapped"#),
        Breakage("a category", { $0.categories = ["energy-generators", "teleportation"] }, #"details.categories[1]: "teleportation" is not a category of ecoprod-directory 2025.1-draft"#),
        Breakage("a latitude", { $0.location = .with { $0.latitude = 91; $0.longitude = 2 } }, "details.location.latitude: 91.0 is not between -90 and 90"),
        Breakage("a longitude", { $0.location = .with { $0.latitude = 48; $0.longitude = .nan } }, "details.location.longitude: nan is not between -180 and 180"),
        Breakage("no kind", { $0.kind = .unspecified }, "details.kind: required"),
        Breakage("a blank name", { $0.name = "   " }, "details.name: required"),
        Breakage("an e-mail", { $0.email = "contact.example" }, #"details.email: "contact.example" is not an e-mail address"#),
        Breakage("a website", { $0.website = "groupes-verts.example" }, #"details.website: "groupes-verts.example" is not an http(s) address"#),
        Breakage("a country", { $0.country = "France" }, #"details.country: "FRANCE" is not an ISO 3166-1 alpha-2 code"#),
        Breakage("a long tag", { $0.tags = ["hvo", String(repeating: "x", count: 501)] }, "details.tags[1]: at most 500 bytes"),
    ] as [Breakage<Ecoprod_Directory_V1_OrganisationDetails, String>])
    func badDetailsAreRefusedNamingTheField(_ breakage: Breakage<Ecoprod_Directory_V1_OrganisationDetails, String>) throws {
        let (details, taxonomy) = (breakage.applied(to: Self.valid), try Self.taxonomy())
        #expect(throws: RPCError(.invalidArgument, breakage.expected)) { try OrganisationRules.validated(details, taxonomy: taxonomy) }
    }
}
