import CPluginABI
import EcoprodAPI
import EcoprodPluginKit
import Foundation
import ScoringEngine
import Synchronization

/// The scoring plugin (../README.md): reads productions through ecoprod.label.v1.Label
/// as its caller, and scores them with ScoringEngine. It holds no state but a cache of
/// prepared frameworks, which never goes stale: published versions never change.
let scoring = Plugin(
    id: "scoring",
    version: "1.0.0",
    description: "Label score, eligibility, stars and levels; cheapest plan to a threshold; what-if; slate scores",
    provides: ["scoring"],
    requires: ["ecoprod.daemon.v1"],
    descriptorSet: Array(Data(base64Encoded: ScoringDescriptors.fileDescriptorSetBase64)!),
    methods: [
        .unary("ecoprod.scoring.v1.Scoring/Score", role: .reader) {
            (request: Ecoprod_Scoring_V1_ScoreRequest, call) -> Ecoprod_Scoring_V1_ScoreReport in
            let (assessment, index) = try await load(request.productionID, for: call)
            return try scored { () throws(ScoringError) in try Scorer.score(assessment, with: index) }
        },
        .unary("ecoprod.scoring.v1.Scoring/WhatIf", role: .reader) {
            (request: Ecoprod_Scoring_V1_WhatIfRequest, call) -> Ecoprod_Scoring_V1_ScoreReport in
            let (assessment, index) = try await load(request.productionID, for: call)
            return try scored { () throws(ScoringError) in try Scorer.score(assessment, with: index, overrides: request.overrides) }
        },
        .unary("ecoprod.scoring.v1.Scoring/PlanToThreshold", role: .reader) {
            (request: Ecoprod_Scoring_V1_PlanRequest, call) -> Ecoprod_Scoring_V1_Plan in
            let (assessment, index) = try await load(request.productionID, for: call)
            return try scored { () throws(ScoringError) in try Planner.plan(assessment, with: index, scheme: request.scheme) }
        },
        .serverStreaming("ecoprod.scoring.v1.Scoring/ScoreMany", role: .reader, scoreMany),
    ]
)

private let label = "ecoprod.label.v1.Label"
private let indexes = Mutex<[String: ScoringIndex]>([:])

private func cachedIndex(_ id: String, _ version: String) -> ScoringIndex? {
    indexes.withLock { $0["\(id)@\(version)"] }
}

private func index(_ id: String, _ version: String, for call: PluginCall) async throws -> ScoringIndex {
    if let index = cachedIndex(id, version) { return index }
    let framework = try await call.host.call("\(label)/GetFramework", Ecoprod_Label_V1_GetFrameworkRequest.with {
        $0.id = id
        $0.version = version
    }, as: Ecoprod_Label_V1_Framework.self, onBehalfOf: call)
    let index = ScoringIndex(framework)
    indexes.withLock { $0["\(id)@\(version)"] = index }
    return index
}

private func load(_ productionID: String, for call: PluginCall) async throws -> (Ecoprod_Label_V1_ProductionAssessment, ScoringIndex) {
    guard !productionID.isEmpty else { throw PluginError(.invalidArgument, "production_id: required") }
    let assessment = try await call.host.call("\(label)/GetAssessment", Ecoprod_Label_V1_GetAssessmentRequest.with {
        $0.productionID = productionID
    }, as: Ecoprod_Label_V1_ProductionAssessment.self, onBehalfOf: call)
    let production = assessment.production
    return (assessment, try await index(production.frameworkID, production.frameworkVersion, for: call))
}

private func scored<T>(_ work: () throws(ScoringError) -> T) throws(PluginError) -> T {
    do {
        return try work()
    } catch {
        let code: PluginStatus = switch error.code {
        case .invalidArgument: .invalidArgument
        case .notFound: .notFound
        case .failedPrecondition: .failedPrecondition
        case .resourceExhausted: .resourceExhausted
        }
        throw PluginError(code, error.message)
    }
}

/// Scores every production the label domain exports, as it arrives. The export's
/// messages come on a host thread that must not wait, so each is scored there (tens of
/// microseconds) and its report queued for this task, which sends at the client's pace.
/// A production of a framework not yet prepared waits until the export has ended.
@Sendable private func scoreMany(
    _ request: Ecoprod_Scoring_V1_ScoreManyRequest, _ call: PluginCall, _ stream: PluginResponseStream<Ecoprod_Scoring_V1_ScoreReport>
) async throws {
    let (reports, queue) = AsyncStream.makeStream(of: Result<Ecoprod_Scoring_V1_ScoreReport, PluginError>.self)
    let unprepared = Mutex<[Ecoprod_Label_V1_ProductionAssessment]>([])
    let stopped = Atomic<Bool>(false)
    let export = Task {
        defer { queue.finish() }
        try await call.host.stream("\(label)/ExportAssessments", Ecoprod_Label_V1_ExportAssessmentsRequest.with {
            $0.productionIds = request.productionIds
            $0.companyID = request.companyID
            $0.includeArchived = request.includeArchived
            $0.statusesOnly = true
        }, as: Ecoprod_Label_V1_ProductionAssessment.self, onBehalfOf: call) { assessment in
            let production = assessment.production
            if let index = cachedIndex(production.frameworkID, production.frameworkVersion) {
                queue.yield(Result { () throws(PluginError) in try scored { () throws(ScoringError) in try Scorer.score(assessment, with: index) } })
            } else {
                unprepared.withLock { $0.append(assessment) }
            }
            return !stopped.load(ordering: .relaxed)
        }
    }
    do {
        for await report in reports { try await stream.send(try report.get()) }
        try await export.value
        for assessment in unprepared.withLock({ $0 }) {
            let index = try await index(assessment.production.frameworkID, assessment.production.frameworkVersion, for: call)
            try await stream.send(try scored { () throws(ScoringError) in try Scorer.score(assessment, with: index) })
        }
    } catch {
        stopped.store(true, ordering: .relaxed)
        _ = try? await export.value
        throw error
    }
}

@c(ecoprod_plugin_entry_v1)
public func ecoprodPluginEntry(_ hostMajor: UInt32, _ hostMinor: UInt32) -> UnsafePointer<ecoprod_plugin_descriptor>? {
    scoring.entry(hostMajor: hostMajor, hostMinor: hostMinor)
}

// Fails to compile if the entry point's signature drifts from the ABI's.
private let entryTypeCheck: ecoprod_plugin_entry_fn = ecoprodPluginEntry
