import ArgumentParser
import EcoprodAPI
import EcoprodClient
import Foundation
import SwiftProtobuf

let charterService = "ecoprod.charter.v1.Charter"

struct CharterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "charter", abstract: "Providers' commitment charter: versions, enrolments and their life (the charter plugin).",
        subcommands: [
            ShowCharterCommand.self, EnrolCommand.self, ShowEnrolmentCommand.self, ActivateEnrolmentCommand.self, RenewEnrolmentCommand.self,
            WithdrawEnrolmentCommand.self, AmendEnrolmentCommand.self, ListEnrolmentsCommand.self, EnrolmentHistoryCommand.self,
            SignatoriesCommand.self,
        ]
    )
}

private func printEnrolment(_ enrolment: Ecoprod_Directory_V1_Enrolment, _ global: GlobalOptions) throws {
    guard global.output == .table else { return try printJSON(enrolment) }
    print(keyValueLines(enrolmentLines(enrolment)))
}

/// Calls a Charter transition with the enrolment's expected revision (default: its current one).
private func transition<Request: SwiftProtobuf.Message>(
    _ method: String, _ id: String, _ revision: ExpectedRevisionOption, _ global: GlobalOptions, _ build: @escaping (UInt64) -> Request
) throws {
    try reportingFailures {
        let connection = try global.connect()
        let enrolment: Ecoprod_Directory_V1_Enrolment = try revision.write(
            charterService, method, current: { try connection.enrolment(id).revision }, check: "ecoprodctl charter show-enrolment \(id)",
            over: connection, build
        )
        try printEnrolment(enrolment, global)
    }
}

struct ShowCharterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "A charter version and its commitments.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "The charter id (default: the only one).") var id: String = "ecoprod-provider-charter"
    @Option(help: "Its version (default: the latest).") var version: String = ""

    func run() throws {
        try reportingFailures {
            let charter: Ecoprod_Directory_V1_Charter = try global.connect().call(directoryService, "GetCharter", Ecoprod_Directory_V1_GetCharterRequest.with {
                $0.id = id
                $0.version = version
            })
            guard global.output == .table else { return try printJSON(charter) }
            if charter.draft { print(charter.draftNotice + "\n") }
            print("\(charter.title) — \(charter.id) \(charter.version): valid \(charter.validityMonths) months, reminder \(charter.reminderDays) days before, at least \(charter.minimumCommitments) commitments")
            var table = Table("ID", "REQUIRED", "COMMITMENT")
            for commitment in charter.commitments { table.add(commitment.id, commitment.required ? "yes" : "", commitment.titleFr) }
            print(table.render())
        }
    }
}

struct SignatoryOptions: ParsableArguments {
    @Option(name: .customLong("signatory-name")) var name: String?
    @Option(name: .customLong("signatory-role"), help: "e.g. Gérante, Directeur.") var role: String?
    @Option(name: .customLong("signatory-email")) var email: String?

    var given: Bool { name != nil || role != nil || email != nil }
    var signatory: Ecoprod_Directory_V1_Signatory {
        .with {
            $0.name = name ?? ""
            $0.role = role ?? ""
            $0.email = email ?? ""
        }
    }
}

struct EnrolCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "enrol", abstract: "Start an organisation's enrolment, pending until activated (editor).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The organisation id.") var organisation: String
    @Option(name: .customLong("charter-version"), help: "Default: the latest.") var charterVersion: String = ""
    @OptionGroup(title: "Signatory") var signatory: SignatoryOptions
    @Option(name: .customLong("signed-on"), help: "The date of signature, 2026-03-01.") var signedOn: String = ""
    @Option(help: "A commitment id (repeatable; ecoprodctl charter show).") var commitment: [String] = []
    @Option var training: TrainingStatusArgument?
    @Option var note: String = ""

    func run() throws {
        try reportingFailures {
            let enrolment: Ecoprod_Directory_V1_Enrolment = try global.connect().call(charterService, "Enrol", Ecoprod_Charter_V1_EnrolRequest.with {
                $0.organisationID = organisation
                $0.charterVersion = charterVersion
                $0.signatory = signatory.signatory
                $0.signedOn = signedOn
                $0.commitments = commitment
                $0.training = training?.value ?? .unspecified
                $0.note = note
            })
            try printEnrolment(enrolment, global)
        }
    }
}

struct ShowEnrolmentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show-enrolment", abstract: "An enrolment as stored.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The enrolment id.") var id: String

    func run() throws {
        try reportingFailures { try printEnrolment(try global.connect().enrolment(id), global) }
    }
}

/// What Activate and Withdraw take: the enrolment, a note to keep, the revision.
struct NotedTransitionOptions: ParsableArguments {
    @Argument(help: "The enrolment id.") var id: String
    @Option(help: "Kept on the enrolment.") var note: String = ""
    @OptionGroup var revision: ExpectedRevisionOption

    func run(_ method: String, _ global: GlobalOptions) throws {
        try transition(method, id, revision, global) { [id, note] expected in
            Ecoprod_Charter_V1_TransitionRequest.with { $0.enrolmentID = id; $0.expectedRevision = expected; $0.note = note }
        }
    }
}

struct ActivateEnrolmentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "activate", abstract: "Pending → active, valid for the charter's period from the signature (editor).")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var transition: NotedTransitionOptions

    func run() throws { try transition.run("Activate", global) }
}

struct WithdrawEnrolmentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "withdraw", abstract: "End an enrolment for good (editor).")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var transition: NotedTransitionOptions

    func run() throws { try transition.run("Withdraw", global) }
}

struct RenewEnrolmentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "renew", abstract: "Active or lapsed → active for a new period from a new signature (editor).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The enrolment id.") var id: String
    @Option(name: .customLong("signed-on"), help: "The date of the new signature.") var signedOn: String
    @Option(help: "A commitment id (repeatable; default: the same ones).") var commitment: [String] = []
    @OptionGroup var revision: ExpectedRevisionOption

    func run() throws {
        try transition("Renew", id, revision, global) { expected in
            Ecoprod_Charter_V1_RenewRequest.with { $0.enrolmentID = id; $0.expectedRevision = expected; $0.signedOn = signedOn; $0.commitments = commitment }
        }
    }
}

struct AmendEnrolmentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "amend", abstract: "Change the signatory, commitments, training or note given (editor).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The enrolment id.") var id: String
    @OptionGroup(title: "Signatory") var signatory: SignatoryOptions
    @Option(help: "A commitment id (repeatable): the new list.") var commitment: [String] = []
    @Option var training: TrainingStatusArgument?
    @Option var note: String?
    @OptionGroup var revision: ExpectedRevisionOption

    func run() throws {
        var paths: [String] = []
        if signatory.given { paths.append("signatory") }
        if !commitment.isEmpty { paths.append("commitments") }
        if training != nil { paths.append("training") }
        if note != nil { paths.append("note") }
        guard !paths.isEmpty else { throw ValidationError("nothing to change: give --signatory-name, --commitment, --training or --note") }
        try transition("Amend", id, revision, global) { expected in
            Ecoprod_Charter_V1_AmendRequest.with {
                $0.enrolmentID = id
                $0.expectedRevision = expected
                $0.signatory = signatory.signatory
                $0.commitments = commitment
                $0.training = training?.value ?? .unspecified
                $0.note = note ?? ""
                $0.updateMask = Google_Protobuf_FieldMask(protoPaths: paths)
            }
        }
    }
}

struct ListEnrolmentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Enrolments (one JSON object per line with --output json).")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this organisation's.") var organisation: String = ""
    @Option(help: "Only in this state (repeatable).") var state: [EnrolmentStateArgument] = []

    func run() throws {
        let request = Ecoprod_Directory_V1_ListEnrolmentsRequest.with {
            $0.organisationID = organisation
            $0.states = state.map(\.value)
        }
        try reportingFailures {
            let connection = try global.connect()
            var table = Table("ID", "REV", "ORGANISATION", "STATE", "CHARTER", "SIGNED ON", "VALID UNTIL")
            try connection.withoutTimeout {
                try connection.stream(directoryService, "ListEnrolments", request, as: Ecoprod_Directory_V1_Enrolment.self) { enrolment in
                    if global.output == .json {
                        emitLine(try enrolment.jsonString())
                    } else {
                        table.add(enrolment.id, "\(enrolment.revision)", enrolment.organisationID, DirectoryNames.enrolmentStates.name(of: enrolment.state),
                                  enrolment.charterVersion, enrolment.signedOn, enrolment.hasValidUntil ? timestampText(enrolment.validUntil) : "")
                    }
                    return true
                }
            }
            if global.output == .table { print(table.rows.isEmpty ? "no enrolments" : table.render()) }
        }
    }
}

struct EnrolmentHistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "history", abstract: "Every transition and change of an enrolment, oldest first.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The enrolment id.") var id: String
    @Option(help: "Only the changes after this sequence number.") var after: UInt64 = 0

    func run() throws {
        let request = Ecoprod_Directory_V1_GetEnrolmentHistoryRequest.with {
            $0.enrolmentID = id
            $0.afterSequence = after
        }
        try printHistory(directoryService, "GetEnrolmentHistory", request, as: Ecoprod_Directory_V1_EnrolmentEvent.self, global: global) {
            HistoryRow(sequence: $0.sequence, revision: $0.revision, at: $0.at, actor: $0.actor, action: $0.action, changes: $0.changes)
        }
    }
}

struct SignatoriesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "signatories", abstract: "Organisations with an active enrolment (one JSON object per line with --output json).")
    @OptionGroup var global: GlobalOptions
    @OptionGroup(title: "Filters") var filter: OrganisationFilterOptions
    @Option(name: .customLong("charter-version")) var charterVersion: String = ""

    func run() throws {
        let request = Ecoprod_Charter_V1_ListActiveSignatoriesRequest.with {
            $0.filter = filter.filter
            $0.charterVersion = charterVersion
        }
        try reportingFailures {
            let connection = try global.connect()
            var table = Table("ORGANISATION", "NAME", "CITY", "ENROLMENT", "CHARTER", "VALID UNTIL")
            try connection.withoutTimeout {
                try connection.stream(charterService, "ListActiveSignatories", request, as: Ecoprod_Charter_V1_ActiveSignatory.self) { signatory in
                    if global.output == .json {
                        emitLine(try signatory.jsonString())
                    } else {
                        let (organisation, enrolment) = (signatory.organisation, signatory.enrolment)
                        table.add(organisation.id, organisation.details.name, organisation.place.commune, enrolment.id, enrolment.charterVersion,
                                  timestampText(enrolment.validUntil))
                    }
                    return true
                }
            }
            if global.output == .table { print(table.rows.isEmpty ? "no active signatories" : table.render()) }
        }
    }
}
