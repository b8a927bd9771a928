import DossierKit
import EcoprodAPI
import EcoprodPluginKit
import SwiftProtobuf
import Synchronization

/// Reads what a dossier is made from, as the caller being served: the label domain, the
/// scoring plugin and the carbon domain answer it as they would answer the caller, so a
/// dossier never shows more than its caller could read.
struct DossierReader: Sendable {
    static let label = "ecoprod.label.v1.Label"
    static let carbon = "ecoprod.carbon.v1.Carbon"

    let call: PluginCall

    struct Basis: Sendable {
        var assessment: Ecoprod_Label_V1_ProductionAssessment
        var framework: Ecoprod_Label_V1_Framework
        var score: Ecoprod_Scoring_V1_ScoreReport
        var finalFootprint: Ecoprod_Carbon_V1_Footprint?
        var forecast: Ecoprod_Carbon_V1_Footprint?
    }

    func basis(_ productionID: String) async throws -> Basis {
        guard !productionID.isEmpty else { throw PluginError(.invalidArgument, "production_id: required") }
        let assessment = try await call.host.call("\(Self.label)/GetAssessment", Ecoprod_Label_V1_GetAssessmentRequest.with {
            $0.productionID = productionID
        }, as: Ecoprod_Label_V1_ProductionAssessment.self, onBehalfOf: call)
        let production = assessment.production
        let framework = try await call.host.call("\(Self.label)/GetFramework", Ecoprod_Label_V1_GetFrameworkRequest.with {
            $0.id = production.frameworkID
            $0.version = production.frameworkVersion
        }, as: Ecoprod_Label_V1_Framework.self, onBehalfOf: call)
        let score = try await call.host.call("ecoprod.scoring.v1.Scoring/Score", Ecoprod_Scoring_V1_ScoreRequest.with {
            $0.productionID = productionID
        }, as: Ecoprod_Scoring_V1_ScoreReport.self, onBehalfOf: call)
        let footprints = Mutex<[Ecoprod_Carbon_V1_Footprint]>([])
        try await call.host.stream("\(Self.carbon)/ListFootprints", Ecoprod_Carbon_V1_ListFootprintsRequest.with {
            $0.productionID = productionID
        }, as: Ecoprod_Carbon_V1_Footprint.self, onBehalfOf: call) { footprint in
            footprints.withLock { $0.append(footprint) }
            return true
        }
        // The latest of each kind: footprints are listed in creation order.
        let all = footprints.withLock { $0 }
        return Basis(
            assessment: assessment, framework: framework, score: score,
            finalFootprint: all.last { $0.details.kind == .final }, forecast: all.last { $0.details.kind == .forecast }
        )
    }

    func evidence(_ sha256: String) async throws -> Ecoprod_Label_V1_Evidence {
        try await call.host.call("\(Self.label)/GetEvidence", Ecoprod_Label_V1_GetEvidenceRequest.with { $0.sha256 = sha256 },
                                 as: Ecoprod_Label_V1_Evidence.self, onBehalfOf: call)
    }

    /// A footprint's lines or results as the carbon domain exports them.
    func export(_ footprintID: String, _ content: Ecoprod_Carbon_V1_ExportContent) async throws -> [UInt8] {
        let bytes = Mutex<[UInt8]>([])
        try await call.host.stream("\(Self.carbon)/ExportFootprint", Ecoprod_Carbon_V1_ExportFootprintRequest.with {
            $0.footprintID = footprintID
            $0.content = content
        }, as: Ecoprod_Carbon_V1_ExportChunk.self, onBehalfOf: call) { chunk in
            bytes.withLock { $0 += chunk.data }
            return true
        }
        return bytes.withLock { $0 }
    }

    func variance(forecast: String, final: String) async throws -> Ecoprod_Carbon_V1_VarianceReport {
        try await call.host.call("\(Self.carbon)/CompareFootprints", Ecoprod_Carbon_V1_CompareFootprintsRequest.with {
            $0.baseID = forecast
            $0.otherID = final
        }, as: Ecoprod_Carbon_V1_VarianceReport.self, onBehalfOf: call)
    }

    /// Daemon/Info's version. A plugin sees the domain APIs, not the daemon's own messages:
    /// InfoRequest is empty and InfoResponse's field 1 is the version string, which is
    /// exactly the wire form of the well-known Empty and StringValue.
    func daemonVersion() async throws -> String {
        try await call.host.call("ecoprod.daemon.v1.Daemon/Info", Google_Protobuf_Empty(), as: Google_Protobuf_StringValue.self, onBehalfOf: call).value
    }

    /// An evidence file's bytes, handed to `onChunk` in order on a host thread.
    func download(_ sha256: String, onChunk: @escaping @Sendable ([UInt8]) -> Void) async throws {
        try await call.host.stream("\(Self.label)/DownloadEvidence", Ecoprod_Label_V1_DownloadEvidenceRequest.with { $0.sha256 = sha256 },
                                   as: Ecoprod_Label_V1_EvidenceChunk.self, onBehalfOf: call) { chunk in
            onChunk(Array(chunk.data))
            return true
        }
    }
}
