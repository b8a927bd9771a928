import EcoprodAPI
import EcoprodProtocol

/// `ecoprod.carbon.v1.Carbon`: factor sets, and footprints (CarbonService+Footprints).
struct CarbonService {
    static let name = "ecoprod.carbon.v1.Carbon"
    static let factorPageSize = 500

    let store: CarbonStore
    let events: EventBus
    let productions: ProductionCatalog

    func register(on router: Router) throws {
        try registerFootprints(on: router)
        try router.registerUnary(service: Self.name, method: "ListFactorSets", role: .reader, mutating: false) {
            (_: Ecoprod_Carbon_V1_ListFactorSetsRequest, _) in
            let summaries = try await store.summaries()
            return Ecoprod_Carbon_V1_ListFactorSetsResponse.with { $0.factorSets = summaries }
        }
        try router.registerUnary(service: Self.name, method: "GetFactorSet", role: .reader, mutating: false) {
            (request: Ecoprod_Carbon_V1_GetFactorSetRequest, _) in
            guard !request.id.isEmpty else { throw RPCError(.invalidArgument, "id: required") }
            return try await store.summary(id: request.id, version: request.version)
        }
        try router.registerServerStreaming(service: Self.name, method: "ListFactors", role: .reader) {
            (request: Ecoprod_Carbon_V1_ListFactorsRequest, _, stream: TypedResponseStream<Ecoprod_Carbon_V1_Factor>) in
            guard !request.factorSetID.isEmpty else { throw RPCError(.invalidArgument, "factor_set_id: required") }
            var unit: ActivityUnit?
            if !request.unit.isEmpty {
                guard let named = ActivityUnit.named(request.unit) else { throw RPCError(.invalidArgument, "unit: \(UnitError.unknown(request.unit))") }
                unit = named
            }
            let summary = try await store.summary(id: request.factorSetID, version: request.version)
            var after = -1
            while true {
                let page = try await store.factors(of: summary, textContains: request.textContains, unit: unit, afterPosition: after, limit: Self.factorPageSize)
                for (_, factor) in page { try await stream.send(factor) }
                guard let last = page.last, page.count == Self.factorPageSize else { return }
                after = last.position
            }
        }
        try router.registerClientStreaming(service: Self.name, method: "ImportFactorSet", role: .admin, mutating: true) {
            (messages: AsyncThrowingMapSequence<RequestStream, Ecoprod_Carbon_V1_ImportFactorSetRequest>, call) in
            let (set, fileName) = try await FactorSetImport.read(messages)
            let (summary, imported) = try await store.store(set, from: fileName)
            if imported {
                events.publish(
                    topic: "carbon.factor_set.imported",
                    summary: "factor set \(summary.id) \(summary.version) imported (\(summary.factors) factors\(summary.draft ? ", draft" : "")) by uid \(call.caller.uid)",
                    detail: summary
                )
            }
            return summary
        }
    }
}
