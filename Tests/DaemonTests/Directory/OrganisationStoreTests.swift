@testable import EcoprodDaemon
import EcoprodAPI
import EcoprodProtocol
import Foundation
import Testing

@Suite("Directory organisations")
struct OrganisationStoreTests {
    typealias Fixture = DirectoryFixture

    @Test func aFrenchAddressIsPlacedAtItsCommuneAndTheCreationIsInTheHistory() async throws {
        let fixture = try await Fixture()
        let created = try await fixture.create(Fixture.details("Groupes Verts", postcode: "75002", city: "Paris"))
        #expect(created.revision == 1 && created.id.hasPrefix("org-"))
        #expect(created.geocoding == .postcodeTable)
        #expect((created.place.inseeCode, created.place.department, created.place.region, created.place.regionName) == ("75102", "75", "11", "Île-de-France"))
        #expect((created.location.latitude, created.location.longitude) == (48.86827, 2.34279))
        #expect(created.place.attribution.contains("La Poste") && created.place.attribution.contains("ODbL"))
        #expect(created.details.country == "FR", "France by default")
        let history = try await fixture.store.organisationHistory(id: created.id, afterSequence: 0)
        #expect(history.map(\.action) == ["organisation.created"])
        #expect(history[0].actor.user == "camille")
        #expect(history[0].changes.contains { $0.field == "postcode" && $0.newValue == "75002" })
    }

    @Test func explicitCoordinatesOverrideTheCentroidAndTheCommuneIsStillKnown() async throws {
        let fixture = try await Fixture()
        var details = Fixture.details("Studio du Port", postcode: "13002", city: "Marseille")
        details.location = .with { $0.latitude = 43.3094; $0.longitude = 5.3656 }
        let created = try await fixture.create(details)
        #expect(created.geocoding == .explicit)
        #expect((created.location.latitude, created.location.longitude) == (43.3094, 5.3656))
        #expect(created.place.department == "13")
    }

    @Test func anAddressOutsideTheTableIsNotPlacedAndAnUnknownFrenchPostcodeIsRefused() async throws {
        let fixture = try await Fixture()
        var foreign = Fixture.details("Brussels Green Rental", postcode: "1000", city: "Bruxelles")
        foreign.country = "BE"
        let stored = try await fixture.create(foreign)
        #expect(stored.geocoding == .none && !stored.hasLocation && stored.place.region.isEmpty)

        let refusal = await #expect(throws: RPCError.self) { try await fixture.create(Fixture.details("Nowhere", postcode: "99999")) }
        #expect(refusal?.code == .invalidArgument)
        #expect(refusal?.message == "details.postcode: postcode 99999 is not in La Poste's table")
        let ambiguous = await #expect(throws: RPCError.self) { try await fixture.create(Fixture.details("Somewhere", city: "Saint-Denis")) }
        #expect(ambiguous?.message.hasPrefix("details.city: \"Saint-Denis\" could be") == true)
        #expect(try await fixture.store.organisations(try OrganisationFilterSQL(.init(), table: nil), afterID: "", limit: 10).count == 1, "nothing stored by the refusals")
    }

    static let badDetails: [Breakage<Ecoprod_Directory_V1_OrganisationDetails, String>] = [
        Breakage("invalid SIRET", { $0.siret = "732 829 320 00075" }, "details.siret:"),
        Breakage("unknown category", { $0.categories = ["energy-generators", "teleportation"] }, "details.categories[1]: \"teleportation\" is not a category"),
        Breakage("latitude out of range", { $0.location = .with { $0.latitude = 91; $0.longitude = 2 } }, "details.location.latitude: 91.0 is not between -90 and 90"),
        Breakage("longitude out of range", { $0.location = .with { $0.latitude = 45; $0.longitude = -181 } }, "details.location.longitude: -181.0 is not between -180 and 180"),
        Breakage("no name", { $0.name = "  " }, "details.name: required"),
        Breakage("no kind", { $0.kind = .unspecified }, "details.kind: required"),
        Breakage("e-mail", { $0.email = "contact-at-example.fr" }, "details.email:"),
    ]

    @Test(arguments: badDetails)
    func badDetailsAreRefusedNamingTheField(_ breakage: Breakage<Ecoprod_Directory_V1_OrganisationDetails, String>) async throws {
        let fixture = try await Fixture()
        let refusal = await #expect(throws: RPCError.self) {
            try await fixture.create(breakage.applied(to: Fixture.details("Groupes Verts", postcode: "69001", city: "Lyon")))
        }
        #expect(refusal?.code == .invalidArgument)
        #expect(refusal?.message.hasPrefix(breakage.expected) == true, "\(refusal?.message ?? "")")
    }

    @Test func aSiretBelongsToOneOrganisation() async throws {
        let fixture = try await Fixture()
        let first = try await fixture.create(Fixture.details("Transports Martin", siret: "732 829 320 00074"))
        #expect(first.details.siret == "73282932000074")
        let refusal = await #expect(throws: RPCError.self) { try await fixture.create(Fixture.details("Martin bis", siret: "73282932000074")) }
        #expect(refusal?.code == .alreadyExists)
        #expect(refusal?.message == "details.siret: 73282932000074 is already organisation \(first.id)'s")
    }

    @Test func anUpdateReplacesTheMaskedFieldsRegeocodesAndIsRecorded() async throws {
        let fixture = try await Fixture()
        let created = try await fixture.create(Fixture.details("Groupes Verts", postcode: "69001", city: "Lyon"))
        var moved = Fixture.details("ignored", postcode: "42000", city: "ST ETIENNE")
        moved.phone = "+33 4 77 00 00 00"
        let (updated, event) = try await fixture.store.updateOrganisation(.with {
            $0.id = created.id
            $0.expectedRevision = 1
            $0.details = moved
            $0.updateMask.paths = ["postcode", "city", "phone"]
        }, by: Fixture.editor)
        #expect(updated.revision == 2 && updated.details.name == "Groupes Verts")
        #expect(updated.place.commune == "Saint-Étienne" && updated.place.department == "42")
        #expect(event?.changes.map(\.field) == ["postcode", "city", "phone"])

        let stale = await #expect(throws: RPCError.self) {
            try await fixture.store.updateOrganisation(.with { $0.id = created.id; $0.expectedRevision = 1; $0.details = moved; $0.updateMask.paths = ["phone"] }, by: Fixture.editor)
        }
        #expect(stale?.code == .aborted)
        let unknownField = await #expect(throws: RPCError.self) {
            try await fixture.store.updateOrganisation(.with { $0.id = created.id; $0.expectedRevision = 2; $0.updateMask.paths = ["colour"] }, by: Fixture.editor)
        }
        #expect(unknownField?.message.hasPrefix("update_mask: colour is not a field of OrganisationDetails") == true)

        _ = try await fixture.store.archiveOrganisation(.with { $0.id = created.id; $0.expectedRevision = 2 }, by: Fixture.editor)
        let archived = await #expect(throws: RPCError.self) {
            try await fixture.store.updateOrganisation(.with { $0.id = created.id; $0.expectedRevision = 3; $0.details = moved; $0.updateMask.paths = ["phone"] }, by: Fixture.editor)
        }
        #expect(archived?.code == .failedPrecondition)
        #expect(try await fixture.store.organisationHistory(id: created.id, afterSequence: 0).map(\.action)
                == ["organisation.created", "organisation.updated", "organisation.archived"])
    }

    @Test func listingPagesInCreationOrder() async throws {
        let fixture = try await Fixture()
        for index in 0..<7 { try await fixture.create(Fixture.details("Org \(index)")) }
        let all = try OrganisationFilterSQL(.init(), table: nil)
        let first = try await fixture.store.organisations(all, afterID: "", limit: 3)
        let second = try await fixture.store.organisations(all, afterID: first.last!.id, limit: 3)
        let third = try await fixture.store.organisations(all, afterID: second.last!.id, limit: 3)
        #expect((first + second + third).map(\.details.name) == (0..<7).map { "Org \($0)" })
    }

    @Test func theBasicViewKeepsWhatAMapNeedsAndLeavesTheRest() async throws {
        let fixture = try await Fixture()
        var details = Fixture.details("Groupes Verts", postcode: "69002", city: "Lyon", description: "Une longue description", tags: ["hydrogène"])
        details.website = "https://groupes-verts.example"
        let created = try await fixture.create(details)
        let stored = try await fixture.store.storedOrganisations(try OrganisationFilterSQL(.init(), table: nil), afterID: "", limit: 1, basic: true)
        let basic = try Ecoprod_Directory_V1_Organisation(serializedBytes: try #require(stored.first).content)
        #expect(basic.id == created.id && basic.details.name == "Groupes Verts" && basic.details.website == details.website)
        #expect(basic.location == created.location && basic.place.regionName == "Auvergne-Rhône-Alpes" && basic.place.commune == created.place.commune)
        #expect(basic.details.description_p.isEmpty && basic.details.tags.isEmpty && basic.place.attribution.isEmpty)
    }
}
