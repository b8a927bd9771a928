@testable import EcoprodDaemon
import EcoprodAPI
import EcoprodProtocol
import Foundation

typealias Framework = Ecoprod_Label_V1_Framework
typealias ProductionDetails = Ecoprod_Label_V1_ProductionDetails

/// Frameworks for the label tests: the shipped files, and a small one whose criteria
/// depend on the kind of production.
enum LabelFixtures {
    static let frameworksDirectory = Repository.path("data/frameworks")

    static func shipped(_ id: String) throws -> Framework {
        let (frameworks, errors) = FrameworkFile.loadDirectory(frameworksDirectory)
        guard errors.isEmpty, let found = frameworks.first(where: { $0.content.id == id }) else {
            throw RPCError(.notFound, "shipped framework \(id): \(errors)")
        }
        return found.content
    }

    /// Three criteria: M mandatory, S only for series, F for every kind.
    static let small = Framework.with {
        $0.id = "small"
        $0.version = "1"
        $0.title = "Small"
        $0.rule = .points
        $0.stages = ["preparation", "shooting"]
        $0.sections = [.with { $0.code = "A"; $0.title = "All" }]
        $0.criteria = [
            .with { $0.id = "M"; $0.section = "A"; $0.stage = "preparation"; $0.title = "Mandatory"; $0.points = 2; $0.mandatory = true },
            .with { $0.id = "S"; $0.section = "A"; $0.stage = "shooting"; $0.title = "Series only"; $0.points = 1; $0.applicableKinds = [.series] },
            .with { $0.id = "F"; $0.section = "A"; $0.stage = "shooting"; $0.title = "Free"; $0.points = 1 },
        ]
        $0.schemes = [.with { $0.id = "performance"; $0.title = "Performance"; $0.thresholdPercent = 65 }]
    }

    static let editor = Ecoprod_Label_V1_Actor.with { $0.uid = 1000; $0.pid = 42; $0.user = "camille"; $0.role = "editor" }

    static func details(_ title: String = "Les Heures claires", kind: Ecoprod_Label_V1_ProductionKind = .featureFilm, company: String = "") -> ProductionDetails {
        .with { $0.title = title; $0.kind = kind; $0.companyID = company }
    }
}

/// A label store in a fresh directory, holding the small framework.
struct LabelStoreFixture {
    let directory: TemporaryDirectory
    let store: LabelStore

    init() async throws {
        directory = try TemporaryDirectory()
        store = try await LabelStoreFixture.open("\(directory.path)/label.sqlite")
        _ = try await store.store(LabelFixtures.small, from: "small.json")
    }

    /// Opening runs the migrations with their fsyncs, which must not hold a thread of
    /// the cooperative pool that the other tests' calls run on.
    static func open(_ path: String) async throws -> LabelStore {
        try await blocking { try LabelStore(path: path) }
    }

    func create(_ details: ProductionDetails = LabelFixtures.details(), framework: String = "small") async throws -> Ecoprod_Label_V1_Production {
        try await store.createProduction(.with { $0.frameworkID = framework; $0.details = details }, by: LabelFixtures.editor).0
    }

    func update(_ production: Ecoprod_Label_V1_Production, _ paths: [String], _ details: ProductionDetails) async throws -> (Ecoprod_Label_V1_Production, Ecoprod_Label_V1_HistoryEvent?) {
        try await store.updateProduction(.with {
            $0.id = production.id
            $0.expectedRevision = production.revision
            $0.details = details
            $0.updateMask.paths = paths
        }, by: LabelFixtures.editor)
    }

    func assess(
        _ productionID: String, revision: UInt64, _ criterionID: String, _ paths: [String],
        _ criterion: Ecoprod_Label_V1_CriterionAssessment = .init(), addEvidence: [String] = []
    ) async throws -> (Ecoprod_Label_V1_UpdateCriterionResponse, Ecoprod_Label_V1_HistoryEvent?) {
        try await store.updateCriterion(.with {
            $0.productionID = productionID
            $0.expectedRevision = revision
            $0.criterionID = criterionID
            $0.criterion = criterion
            $0.updateMask.paths = paths
            $0.addEvidenceSha256 = addEvidence
        }, by: LabelFixtures.editor)
    }

    func grid(_ productionID: String) async throws -> [String: Ecoprod_Label_V1_CriterionAssessment] {
        Dictionary(uniqueKeysWithValues: try await store.assessment(productionID: productionID).criteria.map { ($0.criterionID, $0) })
    }
}

/// What a refused call threw, compared in one expectation.
struct Refusal: Equatable, CustomStringConvertible {
    let code: StatusCode
    let message: String

    init(_ code: StatusCode, _ message: String) {
        self.code = code
        self.message = message
    }

    var description: String { "\(code): \(message)" }
}

/// The refusal `body` threw; nil if it succeeded.
func refusal(_ body: () async throws -> Void) async -> Refusal? {
    do {
        try await body()
        return nil
    } catch let error as RPCError {
        return Refusal(error.code, error.message)
    } catch {
        return Refusal(.unknown, "\(error)")
    }
}
