@testable import EcoprodDaemon
import EcoprodAPI
import EcoprodProtocol
import Foundation
import Testing

@Suite("Carbon store")
struct CarbonStoreTests {
    static func shipped() throws -> Ecoprod_Carbon_V1_FactorSet {
        try #require(FactorSetFile.loadDirectory(FactorSetFileTests.factorsDirectory).files.first?.content)
    }

    static func open(_ directory: TemporaryDirectory) async throws -> CarbonStore {
        let path = "\(directory.path)/carbon.sqlite"
        return try await blocking { try CarbonStore(path: path) }
    }

    @Test func aPublishedVersionNeverChanges() async throws {
        let directory = try TemporaryDirectory()
        let store = try await Self.open(directory)
        let set = try Self.shipped()
        let (first, imported) = try await store.store(set, from: "reference.json")
        #expect(imported && first.factors == 80 && first.importedFrom == "reference.json" && first.sha256.count == 64)
        let again = try await store.store(set, from: "copy.json")
        #expect(!again.imported && again.summary == first, "the first import is kept")

        var changed = set
        changed.factors[0].kgCo2EPerUnit += 0.001
        #expect(await refusal { _ = try await store.store(changed, from: "changed.json") } == Refusal(
            .alreadyExists, "factor set ecoprod-reference version 2025.1-draft is already stored with other content; published versions never change, so give this one a new version"
        ))
        changed.version = "2025.2-draft"
        #expect(try await store.store(changed, from: "v2.json").imported)
        #expect(try await store.summary(id: "ecoprod-reference", version: "").version == "2025.2-draft")
        #expect(try await store.summaries().map(\.version) == ["2025.1-draft", "2025.2-draft"])
        #expect(await refusal { _ = try await store.summary(id: "nope", version: "") } == Refusal(.notFound, "factor set nope is not stored"))
    }

    @Test func factorsAreListedInOrderAndFilteredByTextAndUnit() async throws {
        let directory = try TemporaryDirectory()
        let set = try Self.shipped()
        let summary: Ecoprod_Carbon_V1_FactorSetSummary
        do {
            summary = try await Self.open(directory).store(set, from: "reference.json").summary
        }
        let store = try await Self.open(directory)
        let firstPage = try await store.factors(of: summary, textContains: "", unit: nil, afterPosition: -1, limit: 50)
        let secondPage = try await store.factors(of: summary, textContains: "", unit: nil, afterPosition: try #require(firstPage.last).position, limit: 50)
        #expect((firstPage + secondPage).map(\.factor) == set.factors, "the set, whole and in order, after reopening")

        let meals = try await store.factors(of: summary, textContains: "MEAL", unit: nil, afterPosition: -1, limit: 100).map(\.factor.id)
        #expect(meals == set.factors.filter { $0.id.contains("meal") || $0.nameEn.lowercased().contains("meal") }.map(\.id))
        #expect(!meals.isEmpty)
        let perLitre = try await store.factors(of: summary, textContains: "", unit: ActivityUnit.named("L"), afterPosition: -1, limit: 100)
        #expect(perLitre.map(\.factor.id) == set.factors.filter { $0.unit == "litre" }.map(\.id))
    }
}
