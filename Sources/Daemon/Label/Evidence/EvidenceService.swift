import EcoprodAPI
import EcoprodProtocol

/// The evidence methods of `ecoprod.label.v1.Label`: uploads need the editor role,
/// metadata and downloads the reader role.
struct EvidenceService {
    let store: EvidenceStore
    let events: EventBus

    func register(on router: Router) throws {
        try router.registerClientStreaming(service: LabelService.name, method: "UploadEvidence", role: .editor, mutating: true) {
            (messages: AsyncThrowingMapSequence<RequestStream, Ecoprod_Label_V1_UploadEvidenceRequest>, call) in
            let evidence = try await store.upload(messages, by: Ecoprod_Label_V1_Actor(call))
            if !evidence.alreadyStored {
                events.publish(
                    topic: "label.evidence.uploaded",
                    summary: "evidence \(evidence.name) uploaded (\(evidence.size) bytes, sha256 \(evidence.sha256.prefix(12))…)",
                    detail: evidence
                )
            }
            return evidence
        }
        try router.registerUnary(service: LabelService.name, method: "GetEvidence", role: .reader, mutating: false) {
            (request: Ecoprod_Label_V1_GetEvidenceRequest, _) in
            try await store.evidence(request.sha256)
        }
        try router.registerServerStreaming(service: LabelService.name, method: "DownloadEvidence", role: .reader) {
            (request: Ecoprod_Label_V1_DownloadEvidenceRequest, _, stream: TypedResponseStream<Ecoprod_Label_V1_EvidenceChunk>) in
            let reader = try await store.reader(request.sha256)
            while let data = try await reader.next() {
                try await stream.send(.with { $0.data = data })
            }
        }
    }
}
