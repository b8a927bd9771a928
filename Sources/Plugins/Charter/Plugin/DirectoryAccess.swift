import CharterRules
import EcoprodAPI
import EcoprodPluginKit
import Synchronization

/// The directory domain as the charter plugin uses it, always as the caller being served.
struct DirectoryAccess: Sendable {
    static let directory = "ecoprod.directory.v1.Directory"
    let call: PluginCall

    /// A charter version; with no id, the only charter shipped.
    func charter(id: String, version: String) async throws -> Ecoprod_Directory_V1_Charter {
        var id = id
        if id.isEmpty {
            let shipped = Set(try await call.host.call("\(Self.directory)/ListCharters", Ecoprod_Directory_V1_ListChartersRequest(),
                                                       as: Ecoprod_Directory_V1_ListChartersResponse.self, onBehalfOf: call).charters.map(\.id))
            guard shipped.count == 1 else {
                throw PluginError(.invalidArgument, "charter_id: required, one of: \(shipped.sorted().joined(separator: ", "))")
            }
            id = shipped.first!
        }
        return try await call.host.call("\(Self.directory)/GetCharter", Ecoprod_Directory_V1_GetCharterRequest.with {
            $0.id = id
            $0.version = version
        }, as: Ecoprod_Directory_V1_Charter.self, onBehalfOf: call)
    }

    func store(_ enrolment: Ecoprod_Directory_V1_Enrolment, expectedRevision: UInt64, action: String) async throws -> Ecoprod_Directory_V1_Enrolment {
        try await call.host.call("\(Self.directory)/StoreEnrolment", Ecoprod_Directory_V1_StoreEnrolmentRequest.with {
            $0.enrolment = enrolment
            $0.expectedRevision = expectedRevision
            $0.action = action
        }, as: Ecoprod_Directory_V1_Enrolment.self, onBehalfOf: call)
    }

    /// Reads the enrolment at the revision the request was based on, applies `rule`, stores
    /// the result; the directory refuses it if another change came in between.
    func transition(
        _ id: String, _ expectedRevision: UInt64, action: String,
        _ rule: (Ecoprod_Directory_V1_Enrolment, Ecoprod_Directory_V1_Charter) throws(EnrolmentRules.Refusal) -> Ecoprod_Directory_V1_Enrolment
    ) async throws -> Ecoprod_Directory_V1_Enrolment {
        guard !id.isEmpty else { throw PluginError(.invalidArgument, "enrolment_id: required") }
        guard expectedRevision > 0 else { throw PluginError(.invalidArgument, "expected_revision: required (the revision the change is based on)") }
        let enrolment = try await call.host.call("\(Self.directory)/GetEnrolment", Ecoprod_Directory_V1_GetEnrolmentRequest.with { $0.id = id },
                                                  as: Ecoprod_Directory_V1_Enrolment.self, onBehalfOf: call)
        guard enrolment.revision == expectedRevision else {
            throw PluginError(.aborted, "enrolment \(id) is at revision \(enrolment.revision); the request was based on revision \(expectedRevision)")
        }
        let charter = try await charter(id: enrolment.charterID, version: enrolment.charterVersion)
        let changed = try ruled { () throws(EnrolmentRules.Refusal) in try rule(enrolment, charter) }
        return try await store(changed, expectedRevision: expectedRevision, action: action)
    }

    /// Every organisation with an active enrolment (of the version asked), with it.
    func activeSignatories(
        _ request: Ecoprod_Charter_V1_ListActiveSignatoriesRequest, send: (Ecoprod_Charter_V1_ActiveSignatory) async throws -> Void
    ) async throws {
        let enrolments = Mutex<[String: Ecoprod_Directory_V1_Enrolment]>([:])
        try await call.host.stream("\(Self.directory)/ListEnrolments", Ecoprod_Directory_V1_ListEnrolmentsRequest.with { $0.states = [.active] },
                                   as: Ecoprod_Directory_V1_Enrolment.self, onBehalfOf: call) { enrolment in
            if request.charterVersion.isEmpty || enrolment.charterVersion == request.charterVersion {
                enrolments.withLock { $0[enrolment.organisationID] = enrolment }
            }
            return true
        }
        var filter = request.filter
        filter.enrolmentStates = [.active]
        filter.charterVersion = request.charterVersion
        let organisations = Mutex<[Ecoprod_Directory_V1_Organisation]>([])
        try await call.host.stream("\(Self.directory)/ListOrganisations", Ecoprod_Directory_V1_ListOrganisationsRequest.with { $0.filter = filter },
                                   as: Ecoprod_Directory_V1_Organisation.self, onBehalfOf: call) { organisation in
            organisations.withLock { $0.append(organisation) }
            return true
        }
        let active = enrolments.withLock { $0 }
        for organisation in organisations.withLock({ $0 }) {
            guard let enrolment = active[organisation.id] else { continue }
            try await send(.with {
                $0.organisation = organisation
                $0.enrolment = enrolment
            })
        }
    }
}
