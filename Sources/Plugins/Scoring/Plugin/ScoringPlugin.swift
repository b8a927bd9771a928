import CPluginABI
import EcoprodAPI
import EcoprodPluginKit
import Foundation
import ScoringEngine

/// The scoring plugin (../README.md): reads productions through ecoprod.label.v1.Label
/// on its caller's behalf and scores them with ScoringEngine. Its only state is the
/// cache of prepared frameworks, which never goes stale.
let scoring = Plugin(
    id: "scoring",
    version: "1.0.0",
    description: "Label score, eligibility, stars and levels; cheapest plan to a threshold; what-if; slate scores",
    provides: ["scoring"],
    requires: ["ecoprod.daemon.v1", "ecoprod.label.v1"],
    descriptorSet: Array(Data(base64Encoded: ScoringDescriptors.fileDescriptorSetBase64)!),
    methods: [
        .unary("ecoprod.scoring.v1.Scoring/Score", role: .reader) {
            (request: Ecoprod_Scoring_V1_ScoreRequest, call) -> Ecoprod_Scoring_V1_ScoreReport in
            let (assessment, index) = try await LabelReader(call).assessment(request.productionID)
            return try answer { () throws(ScoringError) in try Scorer.score(assessment, with: index) }
        },
        .unary("ecoprod.scoring.v1.Scoring/PlanToThreshold", role: .reader) {
            (request: Ecoprod_Scoring_V1_PlanRequest, call) -> Ecoprod_Scoring_V1_Plan in
            let (assessment, index) = try await LabelReader(call).assessment(request.productionID)
            return try answer { () throws(ScoringError) in try Planner.plan(assessment, with: index, scheme: request.scheme) }
        },
        .unary("ecoprod.scoring.v1.Scoring/WhatIf", role: .reader) {
            (request: Ecoprod_Scoring_V1_WhatIfRequest, call) -> Ecoprod_Scoring_V1_ScoreReport in
            let (assessment, index) = try await LabelReader(call).assessment(request.productionID)
            return try answer { () throws(ScoringError) in try Scorer.whatIf(assessment, overrides: request.overrides, with: index) }
        },
        .serverStreaming("ecoprod.scoring.v1.Scoring/ScoreMany", role: .reader) {
            (request: Ecoprod_Scoring_V1_ScoreManyRequest, call, stream: PluginResponseStream<Ecoprod_Scoring_V1_ScoreReport>) in
            try await scoreMany(request, LabelReader(call), stream)
        },
    ]
)

/// The engine's answer, or its error as the plugin status of the same meaning.
func answer<Result>(_ work: () throws(ScoringError) -> Result) throws(PluginError) -> Result {
    do {
        return try work()
    } catch {
        let status: PluginStatus = switch error.code {
        case .invalidArgument: .invalidArgument
        case .notFound: .notFound
        case .failedPrecondition: .failedPrecondition
        case .resourceExhausted: .resourceExhausted
        }
        throw PluginError(status, error.message)
    }
}

@c(ecoprod_plugin_entry_v1)
public func ecoprodPluginEntry(_ hostMajor: UInt32, _ hostMinor: UInt32) -> UnsafePointer<ecoprod_plugin_descriptor>? {
    scoring.entry(hostMajor: hostMajor, hostMinor: hostMinor)
}

// Fails to compile if the entry point's signature drifts from the ABI's.
private let entryTypeCheck: ecoprod_plugin_entry_fn = ecoprodPluginEntry
