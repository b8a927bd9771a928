import EcoprodAPI
import EcoprodProtocol

/// Charters and the stored enrolments.
extension DirectoryService {
    func registerEnrolments(on router: Router) throws {
        try router.registerUnary(service: Self.name, method: "ListCharters", role: .reader, mutating: false) {
            (_: Ecoprod_Directory_V1_ListChartersRequest, _) in Ecoprod_Directory_V1_ListChartersResponse.with { $0.charters = store.reference.charters }
        }
        try router.registerUnary(service: Self.name, method: "GetCharter", role: .reader, mutating: false) {
            (request: Ecoprod_Directory_V1_GetCharterRequest, _) in
            guard !request.id.isEmpty else { throw RPCError(.invalidArgument, "id: required") }
            let versions = store.reference.charters.filter { $0.id == request.id }
            guard let charter = request.version.isEmpty ? versions.last : versions.first(where: { $0.version == request.version }) else {
                throw RPCError(.notFound, "charter \(request.id)\(request.version.isEmpty ? "" : " version \(request.version)") is not shipped")
            }
            return charter
        }
        try router.registerUnary(service: Self.name, method: "StoreEnrolment", role: .editor, mutating: true) {
            (request: Ecoprod_Directory_V1_StoreEnrolmentRequest, call) in
            let (enrolment, event) = try await store.storeEnrolment(request, by: .init(call))
            clock.wake()
            events.publish(
                topic: "directory.\(event.action)",
                summary: "\(event.enrolmentID) of \(event.organisationID) revision \(event.revision): \(event.action) by uid \(event.actor.uid)",
                detail: event
            )
            return enrolment
        }
        try router.registerUnary(service: Self.name, method: "GetEnrolment", role: .reader, mutating: false) {
            (request: Ecoprod_Directory_V1_GetEnrolmentRequest, _) in try await store.enrolment(id: request.id)
        }
        try router.registerServerStreaming(service: Self.name, method: "ListEnrolments", role: .reader) {
            (request: Ecoprod_Directory_V1_ListEnrolmentsRequest, _, stream: TypedResponseStream<Ecoprod_Directory_V1_Enrolment>) in
            for enrolment in try await store.enrolments(request) { try await stream.send(enrolment) }
        }
        try router.registerServerStreaming(service: Self.name, method: "GetEnrolmentHistory", role: .reader) {
            (request: Ecoprod_Directory_V1_GetEnrolmentHistoryRequest, _, stream: TypedResponseStream<Ecoprod_Directory_V1_EnrolmentEvent>) in
            for event in try await store.enrolmentHistory(id: request.enrolmentID, afterSequence: request.afterSequence) {
                try await stream.send(event)
            }
        }
    }
}
