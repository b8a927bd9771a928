import EcoprodAPI
import EcoprodProtocol
import Foundation

/// The footprint methods of `ecoprod.carbon.v1.Carbon`.
extension CarbonService {
    static let linePageSize = 1000

    func registerFootprints(on router: Router) throws {
        try router.registerUnary(service: Self.name, method: "CreateFootprint", role: .editor, mutating: true) {
            (request: Ecoprod_Carbon_V1_CreateFootprintRequest, call) in
            guard !request.productionID.isEmpty else { throw RPCError(.invalidArgument, "production_id: required") }
            guard try await productions.productionKinds([request.productionID])[request.productionID] != nil else {
                throw RPCError(.notFound, "production_id: production \(request.productionID) does not exist")
            }
            let (footprint, event) = try await store.createFootprint(request, by: .init(call))
            publish(event)
            return footprint
        }
        try router.registerUnary(service: Self.name, method: "GetFootprint", role: .reader, mutating: false) {
            (request: Ecoprod_Carbon_V1_GetFootprintRequest, _) in
            try await store.footprint(id: request.id)
        }
        try router.registerUnary(service: Self.name, method: "UpdateFootprint", role: .editor, mutating: true) {
            (request: Ecoprod_Carbon_V1_UpdateFootprintRequest, call) in
            let (footprint, event) = try await store.updateFootprint(request, by: .init(call))
            if let event { publish(event) }
            return footprint
        }
        try router.registerUnary(service: Self.name, method: "ArchiveFootprint", role: .editor, mutating: true) {
            (request: Ecoprod_Carbon_V1_ArchiveFootprintRequest, call) in
            let (footprint, event) = try await store.archiveFootprint(request, by: .init(call))
            publish(event)
            return footprint
        }
        try router.registerServerStreaming(service: Self.name, method: "ListFootprints", role: .reader) {
            (request: Ecoprod_Carbon_V1_ListFootprintsRequest, _, stream: TypedResponseStream<Ecoprod_Carbon_V1_Footprint>) in
            for footprint in try await store.footprints(request) { try await stream.send(footprint) }
        }
        try router.registerServerStreaming(service: Self.name, method: "GetFootprintHistory", role: .reader) {
            (request: Ecoprod_Carbon_V1_GetFootprintHistoryRequest, _, stream: TypedResponseStream<Ecoprod_Carbon_V1_FootprintEvent>) in
            for event in try await store.footprintHistory(id: request.footprintID, afterSequence: request.afterSequence) {
                try await stream.send(event)
            }
        }
        try registerLines(on: router)
        try registerResults(on: router)
    }

    private func registerLines(on router: Router) throws {
        try router.registerUnary(service: Self.name, method: "AddLines", role: .editor, mutating: true) {
            (request: Ecoprod_Carbon_V1_AddLinesRequest, call) in
            let (response, event) = try await store.addLines(request, by: .init(call))
            publish(event)
            return response
        }
        try router.registerUnary(service: Self.name, method: "RemoveLines", role: .editor, mutating: true) {
            (request: Ecoprod_Carbon_V1_RemoveLinesRequest, call) in
            let (footprint, event) = try await store.removeLines(request, by: .init(call))
            publish(event)
            return footprint
        }
        try router.registerServerStreaming(service: Self.name, method: "ListLines", role: .reader) {
            (request: Ecoprod_Carbon_V1_ListLinesRequest, _, stream: TypedResponseStream<Ecoprod_Carbon_V1_ActivityLine>) in
            try await forEachLinePage(request.footprintID) { lines in
                for line in lines { try await stream.send(line) }
            }
        }
        try router.registerClientStreaming(service: Self.name, method: "ImportLines", role: .editor, mutating: true) {
            (messages: AsyncThrowingMapSequence<RequestStream, Ecoprod_Carbon_V1_ImportLinesRequest>, call) in
            let (importer, file) = try await StreamedFile.read(
                messages, maximumSize: LineImport.maximumSize, kind: "a file of lines",
                header: { if case .header(let header)? = $0.part { header } else { nil } },
                chunk: { if case .chunk(let chunk)? = $0.part { chunk } else { nil } },
                prepare: store.lineImport
            )
            let (events, header) = (events, importer.header)
            let (response, event) = try await store.importLines(importer, file: file, by: .init(call)) { rows, bytes in
                events.publish(
                    topic: "carbon.footprint.import.progress",
                    summary: "\(header.footprintID): \(rows) rows of \(header.fileName) read",
                    detail: Ecoprod_Carbon_V1_ImportProgress.with {
                        $0.footprintID = header.footprintID
                        $0.fileName = header.fileName
                        $0.rowsRead = UInt64(rows)
                        $0.bytesRead = UInt64(bytes)
                    }
                )
            }
            if let event { publish(event) }
            return response
        }
    }

    private func registerResults(on router: Router) throws {
        try router.registerUnary(service: Self.name, method: "GetResults", role: .reader, mutating: false) {
            (request: Ecoprod_Carbon_V1_GetResultsRequest, _) in
            try await results(footprintID: request.footprintID, topSources: Int(request.topSources))
        }
        try router.registerUnary(service: Self.name, method: "CompareFootprints", role: .reader, mutating: false) {
            (request: Ecoprod_Carbon_V1_CompareFootprintsRequest, _) in
            guard !request.baseID.isEmpty else { throw RPCError(.invalidArgument, "base_id: required") }
            guard !request.otherID.isEmpty else { throw RPCError(.invalidArgument, "other_id: required") }
            return VarianceReportBuilder.report(
                base: try await store.snapshot(footprintID: request.baseID), other: try await store.snapshot(footprintID: request.otherID)
            )
        }
        try router.registerUnary(service: Self.name, method: "RecomputeFootprint", role: .reader, mutating: false) {
            (request: Ecoprod_Carbon_V1_RecomputeFootprintRequest, _) in
            guard !request.factorSetID.isEmpty else { throw RPCError(.invalidArgument, "factor_set_id: required") }
            let snapshot = try await store.snapshot(footprintID: request.footprintID, quantities: true)
            let target = try await store.pinnedSet(id: request.factorSetID, version: request.factorSetVersion)
            return Recomputation(snapshot, under: target).response
        }
        try router.registerUnary(service: Self.name, method: "RepinFootprint", role: .editor, mutating: true) {
            (request: Ecoprod_Carbon_V1_RepinFootprintRequest, call) in
            let (response, event) = try await store.repin(request, by: .init(call))
            if let event { publish(event) }
            return response
        }
        try router.registerServerStreaming(service: Self.name, method: "ExportFootprint", role: .reader) {
            (request: Ecoprod_Carbon_V1_ExportFootprintRequest, _, stream: TypedResponseStream<Ecoprod_Carbon_V1_ExportChunk>) in
            switch request.content {
            case .lines:
                try await stream.send(.with { $0.data = Data(FootprintCSV.row(FootprintCSV.lineHeader).utf8) })
                try await forEachLinePage(request.footprintID) { lines in
                    try await stream.send(.with { $0.data = Data(lines.map(FootprintCSV.row).joined().utf8) })
                }
            case .results:
                let results = try await results(footprintID: request.footprintID, topSources: 0)
                try await stream.send(.with { $0.data = Data(FootprintCSV.results(results).utf8) })
            default:
                throw RPCError(.invalidArgument, "content: LINES or RESULTS")
            }
        }
    }

    /// The results, with where the footprint stands among its peers.
    private func results(footprintID: String, topSources: Int) async throws -> Ecoprod_Carbon_V1_FootprintResults {
        let snapshot = try await store.snapshot(footprintID: footprintID)
        var results = snapshot.builder.results(snapshot.groups, topSources: topSources == 0 ? FootprintResultsBuilder.defaultTopSources : topSources)
        let footprint = snapshot.footprint
        let candidates = try await store.benchmarkCandidates(kind: footprint.details.kind)
        let kinds = try await productions.productionKinds(Array(Set(candidates.map(\.productionID) + [footprint.productionID])))
        results.benchmark = IntensityBenchmark.benchmark(
            productionID: footprint.productionID, tonnes: results.totalTCo2E, details: footprint.details, among: candidates, kinds: kinds
        )
        return results
    }

    private func forEachLinePage(_ footprintID: String, _ body: ([Ecoprod_Carbon_V1_ActivityLine]) async throws -> Void) async throws {
        var after: UInt64 = 0
        while true {
            let (_, lines) = try await store.lines(footprintID: footprintID, afterID: after, limit: Self.linePageSize)
            try await body(lines)
            guard let last = lines.last, lines.count == Self.linePageSize else { return }
            after = last.id
        }
    }

    private func publish(_ event: Ecoprod_Carbon_V1_FootprintEvent) {
        events.publish(
            topic: "carbon.\(event.action)",
            summary: "\(event.footprintID) (production \(event.productionID)) revision \(event.revision): \(event.action) by uid \(event.actor.uid)\(event.actor.user.isEmpty ? "" : " (\(event.actor.user))")",
            detail: event
        )
    }
}
