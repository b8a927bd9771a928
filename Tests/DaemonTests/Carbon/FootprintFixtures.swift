@testable import EcoprodDaemon
import EcoprodAPI
import Foundation

/// A small factor set whose numbers are easy to compute by hand, in versions that differ
/// in known ways, and a store holding them.
enum FootprintFixtures {
    typealias Line = Ecoprod_Carbon_V1_ActivityLine

    static let editor = Ecoprod_Label_V1_Actor.with { $0.uid = 1000; $0.user = "camille"; $0.role = "editor" }

    static func factor(_ id: String, _ unit: String, _ kg: Double, uncertainty: Double) -> Ecoprod_Carbon_V1_Factor {
        .with { $0.id = id; $0.nameFr = "Facteur \(id)"; $0.unit = unit; $0.kgCo2EPerUnit = kg; $0.uncertaintyPercent = uncertainty }
    }

    /// Version 1: diesel 3 kg/litre ±10 %, car 0.2 kg/km ±20 %, hotel 10 kg/night ±50 %,
    /// spend-transport 100 kg/kEUR ±80 %, floor 5 kg/m² (a unit the daemon does not convert).
    static func set(version: String = "1", _ factors: [Ecoprod_Carbon_V1_Factor]? = nil) -> Ecoprod_Carbon_V1_FactorSet {
        .with {
            $0.id = "test-factors"
            $0.version = version
            $0.title = "Test factors"
            $0.source = "hand-made"
            $0.licence = "CC0"
            $0.factors = factors ?? [
                factor("diesel", "litre", 3, uncertainty: 10),
                factor("car", "km", 0.2, uncertainty: 20),
                factor("hotel", "night", 10, uncertainty: 50),
                factor("spend-transport", "kEUR", 100, uncertainty: 80),
                factor("floor", "m²", 5, uncertainty: 0),
            ]
        }
    }

    static func line(
        _ category: Ecoprod_Carbon_V1_Category, _ factorID: String, _ quantity: Double, _ unit: String,
        phase: Ecoprod_Carbon_V1_Phase = .shooting, department: String = "Régie", subcategory: Ecoprod_Carbon_V1_Subcategory = .unspecified
    ) -> Line {
        .with {
            $0.category = category
            $0.subcategory = subcategory
            $0.factorID = factorID
            $0.quantity = quantity
            $0.unit = unit
            $0.phase = phase
            $0.department = department
        }
    }

    /// 100 L of diesel (300 kg), 10 mi by car (16.09344 km: 3.218688 kg), 12 hotel nights
    /// (120 kg), 2,500 € of transport bought (250 kg), 1 US gallon of diesel (3.785411784 L:
    /// 11.356235352 kg). Total 684.574923352 kg.
    static let handComputedLines = [
        line(.transport, "diesel", 100, "L"),
        line(.transport, "car", 10, "mi", phase: .preparation),
        line(.unitBaseLogistics, "hotel", 12, "nights", department: "Production", subcategory: .accommodation),
        line(.production, "spend-transport", 2500, "€", phase: .unspecified, department: ""),
        line(.transport, "diesel", 1, "gal"),
    ]
    static let handComputedTotalKg = 684.574923352

    static let details = Ecoprod_Carbon_V1_FootprintDetails.with {
        $0.kind = .forecast
        $0.title = "Prévisionnel"
        $0.shootingDays = 20
        $0.finishedHours = 1.5
        $0.budgetEur = 1_000_000
    }
}

/// A carbon store in a temporary directory with version 1 of the test set.
struct FootprintStoreFixture {
    let directory: TemporaryDirectory
    let store: CarbonStore

    init() async throws {
        directory = try TemporaryDirectory()
        let path = "\(directory.path)/carbon.sqlite"
        store = try await blocking { try CarbonStore(path: path) }
        _ = try await store.store(FootprintFixtures.set(), from: "test.json")
    }

    func create(_ details: Ecoprod_Carbon_V1_FootprintDetails = FootprintFixtures.details, production: String = "prod-a") async throws -> Ecoprod_Carbon_V1_Footprint {
        try await store.createFootprint(.with {
            $0.productionID = production
            $0.details = details
            $0.factorSetID = "test-factors"
        }, by: FootprintFixtures.editor).0
    }

    func add(_ lines: [FootprintFixtures.Line], to footprint: Ecoprod_Carbon_V1_Footprint) async throws -> Ecoprod_Carbon_V1_AddLinesResponse {
        try await store.addLines(.with {
            $0.footprintID = footprint.id
            $0.expectedRevision = footprint.revision
            $0.lines = lines
        }, by: FootprintFixtures.editor).0
    }

    /// ImportLines as the service runs it: the header checked, then the file imported.
    func importLines(
        _ header: Ecoprod_Carbon_V1_ImportLinesHeader, file: Data, by actor: Ecoprod_Label_V1_Actor, progress: @escaping LineImport.Progress
    ) async throws -> (Ecoprod_Carbon_V1_ImportLinesResponse, Ecoprod_Carbon_V1_FootprintEvent?) {
        try await store.importLines(try await store.lineImport(header), file: file, by: actor, progress: progress)
    }
}
