@testable import EcoprodDaemon
import EcoprodAPI
import Foundation
import Logging

/// A directory store in a temporary directory with the shipped reference data (taxonomy,
/// funding, charter, postcode table), and its service for searches.
struct DirectoryFixture {
    typealias Details = Ecoprod_Directory_V1_OrganisationDetails

    static let editor = Ecoprod_Label_V1_Actor.with { $0.uid = 1000; $0.user = "camille"; $0.role = "editor" }
    static let logger = Logger(label: "directory-tests")
    /// The shipped table, parsed once for every test.
    static let postcodes: PostcodeTable? = try? PostcodeTable(csv: Data(contentsOf: URL(fileURLWithPath: Repository.path("data/geo/fr_postcodes.csv"))))

    let directory: TemporaryDirectory
    let store: DirectoryStore
    let service: DirectoryService
    let events = EventBus()

    init(postcodes: PostcodeTable? = DirectoryFixture.postcodes) async throws {
        directory = try TemporaryDirectory()
        let shipped = DirectoryReference.load(from: Repository.path("data/directory"), geo: "/nonexistent", logger: Self.logger)
        let reference = DirectoryReference(
            taxonomy: shipped.taxonomy, funding: shipped.funding, charters: shipped.charters, postcodes: Task { postcodes }
        )
        let path = "\(directory.path)/directory.sqlite"
        store = try await blocking { try DirectoryStore(path: path, reference: reference) }
        service = DirectoryService(store: store, events: events, router: Router(), clock: EnrolmentClock(store: store, events: events, logger: Self.logger))
    }

    static func details(
        _ name: String, kind: Ecoprod_Directory_V1_OrganisationKind = .serviceProvider, categories: [String] = ["energy-generators"],
        postcode: String = "", city: String = "", description: String = "", tags: [String] = [], siret: String = ""
    ) -> Details {
        .with {
            $0.kind = kind
            $0.name = name
            $0.categories = categories
            $0.postcode = postcode
            $0.city = city
            $0.description_p = description
            $0.tags = tags
            $0.siret = siret
        }
    }

    @discardableResult
    func create(_ details: Details) async throws -> Ecoprod_Directory_V1_Organisation {
        try await store.createOrganisation(details, by: Self.editor).0
    }

    func search(_ build: (inout Ecoprod_Directory_V1_SearchOrganisationsRequest) -> Void) async throws -> [(name: String, distanceKm: Double)] {
        var request = Ecoprod_Directory_V1_SearchOrganisationsRequest()
        build(&request)
        return try await service.hits(request).map { ($0.organisation.details.name, $0.distanceKm) }
    }
}
