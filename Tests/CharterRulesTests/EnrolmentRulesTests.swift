@testable import CharterRules
import EcoprodAPI
import Foundation
import Testing

@Suite("Charter enrolment transitions")
struct EnrolmentRulesTests {
    typealias Rules = EnrolmentRules
    static let today = CalendarDate("2026-06-15")!

    static let charter = Ecoprod_Directory_V1_Charter.with {
        $0.id = "charter"
        $0.version = "1"
        $0.validityMonths = 12
        $0.reminderDays = 30
        $0.minimumCommitments = 2
        $0.commitments = [
            .with { $0.id = "measure"; $0.titleEn = "Measure"; $0.required = true },
            .with { $0.id = "energy"; $0.titleEn = "Energy" },
            .with { $0.id = "waste"; $0.titleEn = "Waste" },
        ]
    }

    static func enrol(_ change: (inout Ecoprod_Charter_V1_EnrolRequest) -> Void = { _ in }) throws -> Ecoprod_Directory_V1_Enrolment {
        var request = Ecoprod_Charter_V1_EnrolRequest.with {
            $0.organisationID = "org-a"
            $0.signatory = .with { $0.name = "Camille Martin"; $0.role = "Gérante" }
            $0.signedOn = "2026-06-01"
            $0.commitments = ["measure", "energy"]
            $0.training = .inProgress
        }
        change(&request)
        var enrolment = try Rules.enrolled(request, charter: charter, today: today)
        enrolment.id = "enr-1"
        return enrolment
    }

    static func refusal(_ body: () throws -> Any) -> Rules.Refusal? {
        do {
            _ = try body()
            return nil
        } catch {
            return error as? Rules.Refusal
        }
    }

    static func state(_ state: Ecoprod_Directory_V1_EnrolmentState) throws -> Ecoprod_Directory_V1_Enrolment {
        var enrolment = try enrol()
        enrolment.state = state
        return enrolment
    }

    @Test func enrollingMakesAPendingEnrolmentOfTheCharterVersion() throws {
        let enrolment = try Self.enrol()
        #expect((enrolment.state, enrolment.charterID, enrolment.charterVersion) == (.pending, "charter", "1"))
        #expect(!enrolment.hasValidUntil)
    }

    @Test func activationSetsTheValidityFromTheSignature() throws {
        let active = try Rules.activated(try Self.enrol(), charter: Self.charter, today: Self.today, note: "signed at the festival")
        #expect(active.state == .active && active.note == "signed at the festival")
        #expect(active.validUntil.date == CalendarDate("2027-06-01")!.start)
        #expect(active.remindAt.date == CalendarDate("2027-05-02")!.start)
    }

    @Test func renewalFromActiveOrLapsedStartsANewPeriod() throws {
        for state in [Ecoprod_Directory_V1_EnrolmentState.active, .lapsed] {
            let renewed = try Rules.renewed(try Self.state(state), signedOn: "2026-06-10", commitments: ["measure", "energy", "waste"], charter: Self.charter, today: Self.today)
            #expect(renewed.state == .active && renewed.commitments.count == 3)
            #expect(renewed.validUntil.date == CalendarDate("2027-06-10")!.start)
        }
    }

    @Test func withdrawalFromAnyStateButWithdrawn() throws {
        for state in [Ecoprod_Directory_V1_EnrolmentState.pending, .active, .lapsed] {
            var from = try Self.state(state)
            from.validUntil = .init(date: Date())
            let withdrawn = try Rules.withdrawn(from, note: "ceased trading")
            #expect(withdrawn.state == .withdrawn && !withdrawn.hasValidUntil && withdrawn.note == "ceased trading")
        }
    }

    @Test func amendingPendingOrActiveChangesTheMaskedFields() throws {
        let active = try Rules.activated(try Self.enrol(), charter: Self.charter, today: Self.today, note: "")
        let amended = try Rules.amended(active, .with {
            $0.training = .completed
            $0.commitments = ["waste"]
            $0.updateMask.paths = ["training"]
        }, charter: Self.charter, today: Self.today)
        #expect(amended.training == .completed && amended.commitments == ["measure", "energy"])
    }

    /// Every transition a state does not allow, with what it says.
    static let refusedTransitions: [(String, Ecoprod_Directory_V1_EnrolmentState, String)] = [
        ("activate", .active, "enrolment enr-1 is already active"),
        ("activate", .lapsed, "enrolment enr-1 has lapsed: renew it with a new date of signature"),
        ("activate", .withdrawn, "enrolment enr-1 is withdrawn: a withdrawn enrolment cannot be activated"),
        ("renew", .pending, "enrolment enr-1 is pending: activate it first"),
        ("renew", .withdrawn, "enrolment enr-1 is withdrawn: a withdrawn enrolment cannot be renewed"),
        ("withdraw", .withdrawn, "enrolment enr-1 is already withdrawn"),
        ("amend", .lapsed, "enrolment enr-1 is lapsed: only a pending or active enrolment is amended"),
        ("amend", .withdrawn, "enrolment enr-1 is withdrawn: only a pending or active enrolment is amended"),
    ]

    @Test(arguments: refusedTransitions.indices)
    func aTransitionTheStateDoesNotAllowIsRefused(_ index: Int) throws {
        let (transition, state, message) = Self.refusedTransitions[index]
        let from = try Self.state(state)
        let refusal = Self.refusal {
            switch transition {
            case "activate": try Rules.activated(from, charter: Self.charter, today: Self.today, note: "")
            case "renew": try Rules.renewed(from, signedOn: "2026-06-10", commitments: [], charter: Self.charter, today: Self.today)
            case "withdraw": try Rules.withdrawn(from, note: "")
            default: try Rules.amended(from, .with { $0.updateMask.paths = ["note"] }, charter: Self.charter, today: Self.today)
            }
        }
        #expect(refusal == Rules.Refusal(code: .failedPrecondition, message: message))
    }

    /// What activation needs, each missing once.
    static let incompleteActivations: [(String, @Sendable (inout Ecoprod_Charter_V1_EnrolRequest) -> Void, String)] = [
        ("no signatory name", { $0.signatory.name = " " }, "signatory.name: required, to be active"),
        ("no signatory role", { $0.signatory.role = "" }, "signatory.role: required, to be active"),
        ("no date of signature", { $0.signedOn = "" }, "signed_on: required, to be active"),
        ("a required commitment left out", { $0.commitments = ["energy", "waste"] }, "commitments: measure required by charter 1, to be active"),
        ("too few commitments", { $0.commitments = ["measure"] }, "commitments: at least 2 of the charter's 3 (1 chosen), to be active"),
        ("a signature whose validity ended", { $0.signedOn = "2025-06-15" }, "signed_on: signed on 2025-06-15, the charter's 12 months ended on 2026-06-15: sign again"),
    ]

    @Test(arguments: incompleteActivations.indices)
    func activationWithoutWhatItNeedsIsRefusedNamingTheField(_ index: Int) throws {
        let (_, change, message) = Self.incompleteActivations[index]
        let pending = try Self.enrol(change)
        #expect(Self.refusal { try Rules.activated(pending, charter: Self.charter, today: Self.today, note: "") }
                == Rules.Refusal(code: .failedPrecondition, message: message))
    }

    @Test func badFieldsAreRefusedWhenever() throws {
        #expect(Self.refusal { try Self.enrol { $0.commitments = ["measure", "teleport"] } }
                == Rules.Refusal(code: .invalidArgument, message: "commitments[1]: \"teleport\" is not a commitment of charter 1"))
        #expect(Self.refusal { try Self.enrol { $0.commitments = ["measure", "measure"] } }
                == Rules.Refusal(code: .invalidArgument, message: "commitments[1]: \"measure\" is chosen twice"))
        #expect(Self.refusal { try Self.enrol { $0.signedOn = "2026-02-30" } }
                == Rules.Refusal(code: .invalidArgument, message: "signed_on: \"2026-02-30\" is not a date like 2026-03-01"))
        #expect(Self.refusal { try Self.enrol { $0.signedOn = "2026-07-01" } }
                == Rules.Refusal(code: .invalidArgument, message: "signed_on: 2026-07-01 is in the future"))
        #expect(Self.refusal { try Self.enrol { $0.organisationID = "" } }
                == Rules.Refusal(code: .invalidArgument, message: "organisation_id: required"))
        let active = try Rules.activated(try Self.enrol(), charter: Self.charter, today: Self.today, note: "")
        #expect(Self.refusal { try Rules.renewed(active, signedOn: "2026-05-01", commitments: [], charter: Self.charter, today: Self.today) }
                == Rules.Refusal(code: .invalidArgument, message: "signed_on: 2026-05-01 is before the previous signature (2026-06-01)"))
        #expect(Self.refusal { try Rules.renewed(active, signedOn: "", commitments: [], charter: Self.charter, today: Self.today) }
                == Rules.Refusal(code: .invalidArgument, message: "signed_on: required, the date of the new signature"))
        #expect(Self.refusal { try Rules.amended(active, .with { $0.commitments = ["energy", "waste"]; $0.updateMask.paths = ["commitments"] }, charter: Self.charter, today: Self.today) }
                == Rules.Refusal(code: .failedPrecondition, message: "commitments: measure required by charter 1, to be active"), "an active enrolment keeps what activation needed")
        #expect(Self.refusal { try Rules.amended(active, .with { $0.updateMask.paths = ["state"] }, charter: Self.charter, today: Self.today) }
                == Rules.Refusal(code: .invalidArgument, message: "update_mask: state is not one of signatory, commitments, training, note"))
    }
}
