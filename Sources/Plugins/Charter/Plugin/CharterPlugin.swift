import CPluginABI
import CharterRules
import EcoprodAPI
import EcoprodPluginKit
import Foundation

/// The charter enrolment plugin (../README.md): the rules of an enrolment's life
/// (CharterRules), applied to enrolments the directory domain stores. It keeps no state;
/// every read and write goes through the daemon as its caller.
let charter = Plugin(
    id: "charter",
    version: "1.0.0",
    description: "Commitment charter enrolments of service providers: enrol, activate, renew, withdraw, amend; active signatories",
    provides: ["charter"],
    requires: ["ecoprod.daemon.v1", "ecoprod.directory.v1"],
    descriptorSet: Array(Data(base64Encoded: CharterDescriptors.fileDescriptorSetBase64)!),
    methods: [
        .unary("ecoprod.charter.v1.Charter/Enrol", role: .editor) {
            (request: Ecoprod_Charter_V1_EnrolRequest, call) -> Ecoprod_Directory_V1_Enrolment in
            let directory = DirectoryAccess(call: call)
            let charter = try await directory.charter(id: request.charterID, version: request.charterVersion)
            let enrolment = try ruled { () throws(EnrolmentRules.Refusal) in try EnrolmentRules.enrolled(request, charter: charter, today: .today) }
            return try await directory.store(enrolment, expectedRevision: 0, action: "enrolled")
        },
        .unary("ecoprod.charter.v1.Charter/Activate", role: .editor) {
            (request: Ecoprod_Charter_V1_TransitionRequest, call) -> Ecoprod_Directory_V1_Enrolment in
            try await DirectoryAccess(call: call).transition(request.enrolmentID, request.expectedRevision, action: "activated") { enrolment, charter throws(EnrolmentRules.Refusal) in
                try EnrolmentRules.activated(enrolment, charter: charter, today: .today, note: request.note)
            }
        },
        .unary("ecoprod.charter.v1.Charter/Renew", role: .editor) {
            (request: Ecoprod_Charter_V1_RenewRequest, call) -> Ecoprod_Directory_V1_Enrolment in
            try await DirectoryAccess(call: call).transition(request.enrolmentID, request.expectedRevision, action: "renewed") { enrolment, charter throws(EnrolmentRules.Refusal) in
                try EnrolmentRules.renewed(enrolment, signedOn: request.signedOn, commitments: request.commitments, charter: charter, today: .today)
            }
        },
        .unary("ecoprod.charter.v1.Charter/Withdraw", role: .editor) {
            (request: Ecoprod_Charter_V1_TransitionRequest, call) -> Ecoprod_Directory_V1_Enrolment in
            try await DirectoryAccess(call: call).transition(request.enrolmentID, request.expectedRevision, action: "withdrawn") { enrolment, _ throws(EnrolmentRules.Refusal) in
                try EnrolmentRules.withdrawn(enrolment, note: request.note)
            }
        },
        .unary("ecoprod.charter.v1.Charter/Amend", role: .editor) {
            (request: Ecoprod_Charter_V1_AmendRequest, call) -> Ecoprod_Directory_V1_Enrolment in
            try await DirectoryAccess(call: call).transition(request.enrolmentID, request.expectedRevision, action: "amended") { enrolment, charter throws(EnrolmentRules.Refusal) in
                try EnrolmentRules.amended(enrolment, request, charter: charter, today: .today)
            }
        },
        .serverStreaming("ecoprod.charter.v1.Charter/ListActiveSignatories", role: .reader) {
            (request: Ecoprod_Charter_V1_ListActiveSignatoriesRequest, call, stream: PluginResponseStream<Ecoprod_Charter_V1_ActiveSignatory>) in
            try await DirectoryAccess(call: call).activeSignatories(request) { try await stream.send($0) }
        },
    ]
)

/// A rule's answer, or its refusal as the plugin status of the same meaning.
func ruled<Result>(_ rule: () throws(EnrolmentRules.Refusal) -> Result) throws(PluginError) -> Result {
    do {
        return try rule()
    } catch {
        throw PluginError(error.code == .invalidArgument ? .invalidArgument : .failedPrecondition, error.message)
    }
}

@c(ecoprod_plugin_entry_v1)
public func ecoprodPluginEntry(_ hostMajor: UInt32, _ hostMinor: UInt32) -> UnsafePointer<ecoprod_plugin_descriptor>? {
    charter.entry(hostMajor: hostMajor, hostMinor: hostMinor)
}

// Fails to compile if the entry point's signature drifts from the ABI's.
private let entryTypeCheck: ecoprod_plugin_entry_fn = ecoprodPluginEntry
