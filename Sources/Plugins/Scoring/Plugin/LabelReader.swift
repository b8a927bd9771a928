import EcoprodAPI
import EcoprodPluginKit
import ScoringEngine
import Synchronization

/// Reads the label domain as the caller being served: the host runs each call with the
/// caller's identity and role, so a score never shows more than the caller could read,
/// and the label's errors (NOT_FOUND, PERMISSION_DENIED, …) pass through unchanged.
struct LabelReader: Sendable {
    private static let service = "ecoprod.label.v1.Label"
    /// Prepared frameworks by "id@version". A published version never changes, so an
    /// entry never goes stale and is never dropped.
    private static let indexes = Mutex<[String: ScoringIndex]>([:])

    let call: PluginCall

    init(_ call: PluginCall) {
        self.call = call
    }

    /// A production's grid and its pinned framework, prepared.
    func assessment(_ productionID: String) async throws -> (Ecoprod_Label_V1_ProductionAssessment, ScoringIndex) {
        guard !productionID.isEmpty else { throw PluginError(.invalidArgument, "production_id: required") }
        let assessment = try await call.host.call("\(Self.service)/GetAssessment", Ecoprod_Label_V1_GetAssessmentRequest.with {
            $0.productionID = productionID
        }, as: Ecoprod_Label_V1_ProductionAssessment.self, onBehalfOf: call)
        return (assessment, try await index(for: assessment.production))
    }

    /// The production's framework version, prepared; read through the label domain on
    /// first use.
    func index(for production: Ecoprod_Label_V1_Production) async throws -> ScoringIndex {
        let key = "\(production.frameworkID)@\(production.frameworkVersion)"
        if let index = Self.indexes.withLock({ $0[key] }) { return index }
        let framework = try await call.host.call("\(Self.service)/GetFramework", Ecoprod_Label_V1_GetFrameworkRequest.with {
            $0.id = production.frameworkID
            $0.version = production.frameworkVersion
        }, as: Ecoprod_Label_V1_Framework.self, onBehalfOf: call)
        let index = ScoringIndex(framework)
        // Keyed by what was returned: an empty version asks for the latest, which is no key.
        Self.indexes.withLock { $0["\(framework.id)@\(framework.version)"] = index }
        return index
    }

    /// Every production of the export filter, statuses only, handed to `onMessage` one at
    /// a time on a host thread (which must not block); false stops the export.
    func export(
        _ request: Ecoprod_Scoring_V1_ScoreManyRequest, onMessage: @escaping @Sendable (Ecoprod_Label_V1_ProductionAssessment) -> Bool
    ) async throws {
        try await call.host.stream("\(Self.service)/ExportAssessments", Ecoprod_Label_V1_ExportAssessmentsRequest.with {
            $0.productionIds = request.productionIds
            $0.companyID = request.companyID
            $0.includeArchived = request.includeArchived
            $0.statusesOnly = true
        }, as: Ecoprod_Label_V1_ProductionAssessment.self, onBehalfOf: call, onMessage: onMessage)
    }
}
