import EcoprodAPI
import Foundation
import SwiftProtobuf

/// The life of a charter enrolment: what each transition needs and makes of it. Plain
/// functions of the enrolment, its charter and today's date; the plugin reads and stores.
public enum EnrolmentRules {
    public typealias Enrolment = Ecoprod_Directory_V1_Enrolment
    public typealias Charter = Ecoprod_Directory_V1_Charter

    public struct Refusal: Error, Equatable, CustomStringConvertible {
        public enum Code: Sendable { case invalidArgument, failedPrecondition }
        public let code: Code
        public let message: String
        public var description: String { message }
    }

    static let maximumTextLength = 500

    /// A new PENDING enrolment of `organisationID` under `charter`.
    public static func enrolled(_ request: Ecoprod_Charter_V1_EnrolRequest, charter: Charter, today: CalendarDate) throws(Refusal) -> Enrolment {
        guard !request.organisationID.isEmpty else { throw invalid("organisation_id: required") }
        var enrolment = Enrolment.with {
            $0.organisationID = request.organisationID
            $0.charterID = charter.id
            $0.charterVersion = charter.version
            $0.state = .pending
            $0.signatory = request.signatory
            $0.signedOn = request.signedOn
            $0.commitments = request.commitments
            $0.training = request.training
            $0.note = request.note
        }
        try checkFields(&enrolment, charter: charter, today: today)
        return enrolment
    }

    /// PENDING → ACTIVE, valid for the charter's period from the date of signature.
    public static func activated(_ enrolment: Enrolment, charter: Charter, today: CalendarDate, note: String) throws(Refusal) -> Enrolment {
        switch enrolment.state {
        case .pending: break
        case .active: throw precondition("enrolment \(enrolment.id) is already active")
        case .lapsed: throw precondition("enrolment \(enrolment.id) has lapsed: renew it with a new date of signature")
        case .withdrawn: throw precondition("enrolment \(enrolment.id) is withdrawn: a withdrawn enrolment cannot be activated")
        default: throw precondition("enrolment \(enrolment.id) is in no known state")
        }
        var active = enrolment
        active.state = .active
        if !note.isEmpty { active.note = note }
        try requireActivatable(active, charter: charter)
        try setValidity(&active, charter: charter, today: today)
        return active
    }

    /// ACTIVE or LAPSED → ACTIVE for a new period from a new date of signature.
    public static func renewed(_ enrolment: Enrolment, signedOn: String, commitments: [String], charter: Charter, today: CalendarDate) throws(Refusal) -> Enrolment {
        switch enrolment.state {
        case .active, .lapsed: break
        case .pending: throw precondition("enrolment \(enrolment.id) is pending: activate it first")
        case .withdrawn: throw precondition("enrolment \(enrolment.id) is withdrawn: a withdrawn enrolment cannot be renewed")
        default: throw precondition("enrolment \(enrolment.id) is in no known state")
        }
        guard !signedOn.isEmpty else { throw invalid("signed_on: required, the date of the new signature") }
        var renewed = enrolment
        renewed.signedOn = signedOn
        if !commitments.isEmpty { renewed.commitments = commitments }
        try checkFields(&renewed, charter: charter, today: today)
        if let before = CalendarDate(enrolment.signedOn), CalendarDate(signedOn)! < before {
            throw invalid("signed_on: \(signedOn) is before the previous signature (\(before))")
        }
        renewed.state = .active
        try requireActivatable(renewed, charter: charter)
        try setValidity(&renewed, charter: charter, today: today)
        return renewed
    }

    /// Any state but WITHDRAWN → WITHDRAWN, for good.
    public static func withdrawn(_ enrolment: Enrolment, note: String) throws(Refusal) -> Enrolment {
        guard enrolment.state != .withdrawn else { throw precondition("enrolment \(enrolment.id) is already withdrawn") }
        var withdrawn = enrolment
        withdrawn.state = .withdrawn
        withdrawn.clearValidUntil()
        withdrawn.clearRemindAt()
        if !note.isEmpty { withdrawn.note = note }
        return withdrawn
    }

    public static let amendablePaths = ["signatory", "commitments", "training", "note"]

    /// A PENDING or ACTIVE enrolment with the masked fields changed; an ACTIVE one must
    /// still meet the activation rules.
    public static func amended(_ enrolment: Enrolment, _ request: Ecoprod_Charter_V1_AmendRequest, charter: Charter, today: CalendarDate) throws(Refusal) -> Enrolment {
        guard enrolment.state == .pending || enrolment.state == .active else {
            throw precondition("enrolment \(enrolment.id) is \(DirectoryNames.enrolmentStates.name(of: enrolment.state)): only a pending or active enrolment is amended")
        }
        guard !request.updateMask.paths.isEmpty else { throw invalid("update_mask: name the fields to change (\(amendablePaths.joined(separator: ", ")))") }
        var amended = enrolment
        for path in request.updateMask.paths {
            switch path {
            case "signatory": amended.signatory = request.signatory
            case "commitments": amended.commitments = request.commitments
            case "training": amended.training = request.training
            case "note": amended.note = request.note
            default: throw invalid("update_mask: \(path) is not one of \(amendablePaths.joined(separator: ", "))")
            }
        }
        try checkFields(&amended, charter: charter, today: today)
        if amended.state == .active { try requireActivatable(amended, charter: charter) }
        return amended
    }

    /// What any enrolment's fields must be: known commitments once each, a real date of
    /// signature not in the future, bounded text.
    private static func checkFields(_ enrolment: inout Enrolment, charter: Charter, today: CalendarDate) throws(Refusal) {
        let known = Set(charter.commitments.map(\.id))
        var seen: Set<String> = []
        for (index, commitment) in enrolment.commitments.enumerated() {
            guard known.contains(commitment) else { throw invalid("commitments[\(index)]: \"\(commitment)\" is not a commitment of \(charter.id) \(charter.version)") }
            guard seen.insert(commitment).inserted else { throw invalid("commitments[\(index)]: \"\(commitment)\" is chosen twice") }
        }
        if !enrolment.signedOn.isEmpty {
            guard let signed = CalendarDate(enrolment.signedOn) else { throw invalid("signed_on: \"\(enrolment.signedOn)\" is not a date like 2026-03-01") }
            guard signed <= today else { throw invalid("signed_on: \(signed) is in the future") }
        }
        for (field, value) in [("signatory.name", enrolment.signatory.name), ("signatory.role", enrolment.signatory.role),
                               ("signatory.email", enrolment.signatory.email), ("note", enrolment.note)] where value.utf8.count > maximumTextLength {
            throw invalid("\(field): at most \(maximumTextLength) bytes")
        }
        if case .UNRECOGNIZED(let value) = enrolment.training { throw invalid("training: \(value) is not a training status") }
    }

    /// What an active enrolment needs.
    private static func requireActivatable(_ enrolment: Enrolment, charter: Charter) throws(Refusal) {
        func missing(_ field: String, _ why: String) -> Refusal { precondition("\(field): \(why), to be active") }
        guard !enrolment.signatory.name.trimmingCharacters(in: .whitespaces).isEmpty else { throw missing("signatory.name", "required") }
        guard !enrolment.signatory.role.trimmingCharacters(in: .whitespaces).isEmpty else { throw missing("signatory.role", "required") }
        guard !enrolment.signedOn.isEmpty else { throw missing("signed_on", "required") }
        let chosen = Set(enrolment.commitments)
        let absent = charter.commitments.filter { $0.required && !chosen.contains($0.id) }.map(\.id)
        guard absent.isEmpty else { throw missing("commitments", "\(absent.joined(separator: ", ")) required by \(charter.id) \(charter.version)") }
        guard chosen.count >= charter.minimumCommitments else {
            throw missing("commitments", "at least \(charter.minimumCommitments) of the charter's \(charter.commitments.count) (\(chosen.count) chosen)")
        }
    }

    /// Valid until the signature's anniversary after the charter's period; reminded
    /// the charter's reminder days before. Refused when that is already past.
    private static func setValidity(_ enrolment: inout Enrolment, charter: Charter, today: CalendarDate) throws(Refusal) {
        let signed = CalendarDate(enrolment.signedOn)!
        let end = signed.adding(months: Int(charter.validityMonths))
        guard today < end else {
            throw precondition("signed_on: signed on \(signed), the charter's \(charter.validityMonths) months ended on \(end): sign again")
        }
        enrolment.validUntil = Google_Protobuf_Timestamp(date: end.start)
        enrolment.remindAt = Google_Protobuf_Timestamp(date: end.start.addingTimeInterval(-Double(charter.reminderDays) * 86_400))
    }

    private static func invalid(_ message: String) -> Refusal { Refusal(code: .invalidArgument, message: message) }
    private static func precondition(_ message: String) -> Refusal { Refusal(code: .failedPrecondition, message: message) }
}
