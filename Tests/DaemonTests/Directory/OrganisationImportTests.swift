@testable import EcoprodDaemon
import EcoprodAPI
import EcoprodProtocol
import Foundation
import Synchronization
import Testing

@Suite("Directory CSV import and export")
struct OrganisationImportTests {
    typealias Fixture = DirectoryFixture

    static func importing(_ csv: String, into fixture: Fixture, dryRun: Bool = false) async throws -> Ecoprod_Directory_V1_ImportOrganisationsResponse {
        try await fixture.store.importOrganisations(Data(csv.utf8), header: .with { $0.fileName = "providers.csv"; $0.dryRun = dryRun }, by: Fixture.editor) { _, _ in }
    }

    static let mixed = """
        kind,name,categories,siret,postcode,city,description,tags,latitude,longitude
        prestataire,Groupes Verts,energy-generators,732 829 320 00074,69002,Lyon,"Groupes électrogènes, hydrogène",hydrogène|batteries,,
        service-provider,Bad Siret,catering,73282932000075,75002,Paris,,,,
        service-provider,Unknown Category,teleportation,,75002,Paris,,,,
        service-provider,Out Of Range,catering,,,,,,95,2
        service-provider,Stray "quote",catering,,75002,Paris,,,,
        service-provider,Nowhere,catering,,99999,,,,,
        service-provider,Same Siret,catering,73282932000074,75002,Paris,,,,
        funding-body,Région Sud,funding,,13001,Marseille,"Aides ""éco"" tournages",,,
        spaceship,Wrong Kind,catering,,,,,,,
        service-provider,Short row
        """

    @Test func goodRowsAreCreatedAndEachBadRowIsReportedWithItsLineAndColumn() async throws {
        let fixture = try await Fixture()
        let response = try await Self.importing(Self.mixed, into: fixture)
        #expect((response.rowsRead, response.created, response.rejected) == (10, 2, 8))
        let rejected = response.rejectedRows.map { "\($0.line) \($0.column)" }
        #expect(rejected == ["3 siret", "4 categories", "5 location", "6 2", "7 postcode", "8 siret", "10 kind", "11 "])
        #expect(response.rejectedRows[3].message.contains("a quote inside an unquoted field"))
        #expect(response.rejectedRows[4].message == "postcode 99999 is not in La Poste's table")
        #expect(response.rejectedRows[5].message == "73282932000074 is also on line 2")
        let created = try await fixture.store.organisation(id: response.createdIds[0])
        #expect(created.details.tags == ["hydrogène", "batteries"] && created.place.department == "69")
        #expect(try await fixture.store.organisation(id: response.createdIds[1]).details.description_p == "Aides \"éco\" tournages")
        #expect(try await fixture.store.organisationHistory(id: created.id, afterSequence: 0).map(\.action) == ["organisation.created"])

        let again = try await Self.importing(Self.mixed, into: fixture)
        #expect(again.created == 1, "the SIRET is taken now; Région Sud has none and is created again")
        #expect(again.rejectedRows.contains { $0.line == 2 && $0.message == "73282932000074 is already organisation \(created.id)'s" })
    }

    @Test func anUnclosedQuoteRefusesTheWholeFileNamingWhereItOpened() async throws {
        let fixture = try await Fixture()
        let refusal = await #expect(throws: RPCError.self) {
            try await Self.importing("kind,name,description\nresource,Guide,\"ok\"\nresource,Broken,\"never closed\nresource,Next,x\n", into: fixture)
        }
        #expect(refusal?.code == .invalidArgument)
        #expect(refusal?.message == "line 3, column 3: a quoted field is not closed before the end of the file; nothing was imported")
        let unknownColumn = await #expect(throws: RPCError.self) { try await Self.importing("kind,name,colour\n", into: fixture) }
        #expect(unknownColumn?.message.hasPrefix("line 1, column 3: \"colour\" is not a column") == true)
    }

    @Test func aDryRunReportsWithoutCreating() async throws {
        let fixture = try await Fixture()
        let response = try await Self.importing(Self.mixed, into: fixture, dryRun: true)
        #expect((response.created, response.rejected, response.createdIds.count) == (2, 8, 0))
        #expect(try await fixture.store.counts(try OrganisationFilterSQL(.init(), table: nil)).total == 0)
    }

    @Test func anExportImportsIntoAnotherDirectoryAsTheSameOrganisations() async throws {
        let source = try await Fixture()
        _ = try await Self.importing(Self.mixed, into: source)
        var explicit = Fixture.details("Point, \"exact\"", kind: .resource, categories: ["consulting-training"], description: "Line one\nline two", tags: ["a", "b"])
        explicit.location = .with { $0.latitude = 44.5; $0.longitude = -0.25 }
        try await source.create(explicit)
        let originals = try await source.store.organisations(try OrganisationFilterSQL(.init(), table: nil), afterID: "", limit: 100)
        let csv = OrganisationCSV.header + originals.map(OrganisationCSV.row).joined()

        let copy = try await Fixture()
        let response = try await Self.importing(csv, into: copy)
        #expect(response.rejected == 0 && response.created == 3)
        let copies = try await copy.store.organisations(try OrganisationFilterSQL(.init(), table: nil), afterID: "", limit: 100)
        #expect(copies.map(\.details) == originals.map(\.details))
        #expect(copies.map(\.location) == originals.map(\.location))
    }

    @Test func progressIsReportedAsRowsAreRead() async throws {
        let fixture = try await Fixture()
        let rows = (0..<2500).map { "resource,Guide \($0),consulting-training" }.joined(separator: "\n")
        let reports = Mutex<[Int]>([])
        let response = try await fixture.store.importOrganisations(Data(("kind,name,categories\n" + rows).utf8), header: .with { $0.fileName = "big.csv" }, by: Fixture.editor) { read, _ in
            reports.withLock { $0.append(read) }
        }
        #expect(response.created == 2500)
        #expect(reports.withLock { $0 } == [1000, 2000, 2500])
    }
}
