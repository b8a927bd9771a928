import EcoprodAPI
import EcoprodProtocol
import Foundation

/// `ecoprod.label.v1.Label`: frameworks, productions, their assessment and history.
/// Reads need the reader role, writes the editor role, imports the admin role.
struct LabelService {
    static let name = "ecoprod.label.v1.Label"
    static let exportPageSize = 256

    let store: LabelStore
    let events: EventBus

    func register(on router: Router) throws {
        try registerFrameworks(on: router)
        try registerProductions(on: router)
        try registerAssessment(on: router)
    }

    private func registerFrameworks(on router: Router) throws {
        try router.registerUnary(service: Self.name, method: "ListFrameworks", role: .reader, mutating: false) {
            (_: Ecoprod_Label_V1_ListFrameworksRequest, _) in
            let summaries = try await store.frameworkSummaries()
            return Ecoprod_Label_V1_ListFrameworksResponse.with { $0.frameworks = summaries }
        }
        try router.registerUnary(service: Self.name, method: "GetFramework", role: .reader, mutating: false) {
            (request: Ecoprod_Label_V1_GetFrameworkRequest, _) in
            guard !request.id.isEmpty else { throw RPCError(.invalidArgument, "id: required") }
            return try await store.framework(id: request.id, version: request.version)
        }
        try router.registerUnary(service: Self.name, method: "ImportFramework", role: .admin, mutating: true) {
            (request: Ecoprod_Label_V1_ImportFrameworkRequest, call) in
            let fileName = request.fileName.isEmpty ? "(imported by uid \(call.caller.uid))" : request.fileName
            let framework: Ecoprod_Label_V1_Framework
            do {
                framework = try FrameworkFile.decode(request.content, fileName: fileName)
            } catch {
                throw RPCError(.invalidArgument, "content: \(error)")
            }
            let (stored, imported) = try await store.store(framework, from: fileName)
            if imported {
                events.publish(topic: "label.framework.imported", summary: "framework \(stored.id) \(stored.version) imported by uid \(call.caller.uid)\(stored.draft ? " (draft)" : "")")
            }
            return stored
        }
    }

    private func registerProductions(on router: Router) throws {
        try router.registerUnary(service: Self.name, method: "CreateProduction", role: .editor, mutating: true) {
            (request: Ecoprod_Label_V1_CreateProductionRequest, call) in
            let (production, event) = try await store.createProduction(request, by: .init(call))
            publish(event, title: production.details.title)
            return production
        }
        try router.registerUnary(service: Self.name, method: "UpdateProduction", role: .editor, mutating: true) {
            (request: Ecoprod_Label_V1_UpdateProductionRequest, call) in
            let (production, event) = try await store.updateProduction(request, by: .init(call))
            if let event { publish(event, title: production.details.title) }
            return production
        }
        try router.registerUnary(service: Self.name, method: "ArchiveProduction", role: .editor, mutating: true) {
            (request: Ecoprod_Label_V1_ArchiveProductionRequest, call) in
            let (production, event) = try await store.archiveProduction(request, by: .init(call))
            publish(event, title: production.details.title)
            return production
        }
        try router.registerUnary(service: Self.name, method: "GetProduction", role: .reader, mutating: false) {
            (request: Ecoprod_Label_V1_GetProductionRequest, _) in
            try await store.production(id: request.id)
        }
        try router.registerServerStreaming(service: Self.name, method: "ListProductions", role: .reader) {
            (request: Ecoprod_Label_V1_ListProductionsRequest, _, stream: TypedResponseStream<Ecoprod_Label_V1_Production>) in
            guard request.pageSize <= 1000 else { throw RPCError(.invalidArgument, "page_size: at most 1000") }
            let filter = ProductionFilter(
                companyID: request.companyID, kind: request.kind, frameworkID: request.frameworkID,
                includeArchived: request.includeArchived, titleContains: request.titleContains
            )
            let after = try await startOfPage(request.pageToken)
            for (_, production) in try await store.productions(filter, afterSeq: after, limit: Int(request.pageSize == 0 ? 100 : request.pageSize)) {
                try await stream.send(production)
            }
        }
        try router.registerServerStreaming(service: Self.name, method: "GetHistory", role: .reader) {
            (request: Ecoprod_Label_V1_GetHistoryRequest, _, stream: TypedResponseStream<Ecoprod_Label_V1_HistoryEvent>) in
            for event in try await store.history(productionID: request.productionID, afterSequence: request.afterSequence) {
                try await stream.send(event)
            }
        }
    }

    private func registerAssessment(on router: Router) throws {
        try router.registerUnary(service: Self.name, method: "GetAssessment", role: .reader, mutating: false) {
            (request: Ecoprod_Label_V1_GetAssessmentRequest, _) in
            try await store.assessment(productionID: request.productionID)
        }
        try router.registerUnary(service: Self.name, method: "UpdateCriterion", role: .editor, mutating: true) {
            (request: Ecoprod_Label_V1_UpdateCriterionRequest, call) in
            let (response, event) = try await store.updateCriterion(request, by: .init(call))
            if let event { publish(event, title: "") }
            return response
        }
        try router.registerServerStreaming(service: Self.name, method: "ExportAssessments", role: .reader) {
            (request: Ecoprod_Label_V1_ExportAssessmentsRequest, _, stream: TypedResponseStream<Ecoprod_Label_V1_ProductionAssessment>) in
            let filter = ProductionFilter(ids: request.productionIds, companyID: request.companyID, includeArchived: request.includeArchived)
            var after: Int64 = 0
            while true {
                let (page, last) = try await store.exportPage(filter, afterSeq: after, limit: Self.exportPageSize, statusesOnly: request.statusesOnly)
                for assessment in page { try await stream.send(assessment) }
                guard let last, page.count == Self.exportPageSize else { return }
                after = last
            }
        }
    }

    /// A page starts after the production whose id the previous page ended with.
    private func startOfPage(_ token: String) async throws -> Int64 {
        guard !token.isEmpty else { return 0 }
        guard let seq = try await store.seq(ofProduction: token) else {
            throw RPCError(.invalidArgument, "page_token: \(token) is not a production of this list (pass the id of the last production of the previous page)")
        }
        return seq
    }

    private func publish(_ event: Ecoprod_Label_V1_HistoryEvent, title: String) {
        let subject = title.isEmpty ? event.productionID : "\(event.productionID) (\(title))"
        let what = event.criterionID.isEmpty ? event.action : "\(event.action) \(event.criterionID)"
        events.publish(
            topic: "label.\(event.action)",
            summary: "\(subject) revision \(event.revision): \(what) by uid \(event.actor.uid)\(event.actor.user.isEmpty ? "" : " (\(event.actor.user))")",
            detail: event
        )
    }
}
