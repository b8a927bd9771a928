@testable import EcoprodDaemon
import EcoprodAPI
import EcoprodProtocol
import Foundation
import SwiftProtobuf
import Testing

@Suite("Charter enrolments as stored")
struct EnrolmentStoreTests {
    typealias Fixture = DirectoryFixture

    static func enrolment(_ organisation: String, state: Ecoprod_Directory_V1_EnrolmentState = .pending) -> Ecoprod_Directory_V1_Enrolment {
        .with {
            $0.organisationID = organisation
            $0.charterID = "ecoprod-provider-charter"
            $0.charterVersion = "2025.1-draft"
            $0.state = state
            $0.signatory = .with { $0.name = "Camille Martin"; $0.role = "Gérante" }
        }
    }

    static func store(_ fixture: Fixture, _ enrolment: Ecoprod_Directory_V1_Enrolment, revision: UInt64 = 0, action: String) async throws -> Ecoprod_Directory_V1_Enrolment {
        try await fixture.store.storeEnrolment(.with { $0.enrolment = enrolment; $0.expectedRevision = revision; $0.action = action }, by: Fixture.editor).0
    }

    @Test func storingKeepsTheOrganisationTheRevisionAndTheWithdrawnStateWhole() async throws {
        let fixture = try await Fixture()
        let organisation = try await fixture.create(Fixture.details("Groupes Verts"))
        var enrolment = try await Self.store(fixture, Self.enrolment(organisation.id), action: "enrolled")
        #expect(enrolment.revision == 1 && enrolment.id.hasPrefix("enr-"))

        enrolment.state = .active
        let stale = await #expect(throws: RPCError.self) { try await Self.store(fixture, enrolment, revision: 5, action: "activated") }
        #expect(stale?.code == .aborted)
        enrolment = try await Self.store(fixture, enrolment, revision: 1, action: "activated")
        enrolment.state = .withdrawn
        enrolment = try await Self.store(fixture, enrolment, revision: 2, action: "withdrawn")
        enrolment.state = .active
        let withdrawn = await #expect(throws: RPCError.self) { try await Self.store(fixture, enrolment, revision: 3, action: "renewed") }
        #expect(withdrawn?.code == .failedPrecondition)
        #expect(withdrawn?.message == "enrolment \(enrolment.id) is withdrawn; a withdrawn enrolment never changes")

        let history = try await fixture.store.enrolmentHistory(id: enrolment.id, afterSequence: 0)
        #expect(history.map(\.action) == ["enrolment.enrolled", "enrolment.activated", "enrolment.withdrawn"])
        #expect(history.map(\.toState) == [.pending, .active, .withdrawn])
        #expect(history[1].fromState == .pending && history[1].actor.user == "camille")
    }

    @Test func anArchivedOrganisationCannotEnrolAndUnknownChartersAreRefused() async throws {
        let fixture = try await Fixture()
        let organisation = try await fixture.create(Fixture.details("Groupes Verts"))
        _ = try await fixture.store.archiveOrganisation(.with { $0.id = organisation.id; $0.expectedRevision = 1 }, by: Fixture.editor)
        let archived = await #expect(throws: RPCError.self) { try await Self.store(fixture, Self.enrolment(organisation.id), action: "enrolled") }
        #expect(archived?.code == .failedPrecondition)
        #expect(archived?.message == "organisation \(organisation.id) is archived: its enrolments can only be withdrawn")

        var unknown = Self.enrolment(organisation.id)
        unknown.charterVersion = "1999"
        let refusal = await #expect(throws: RPCError.self) { try await Self.store(fixture, unknown, action: "enrolled") }
        #expect(refusal?.message == "enrolment.charter_version: charter ecoprod-provider-charter 1999 is not shipped")
        var teleport = Self.enrolment(try await fixture.create(Fixture.details("Autre")).id)
        teleport.commitments = ["energy", "teleport"]
        let badCommitment = await #expect(throws: RPCError.self) { try await Self.store(fixture, teleport, action: "enrolled") }
        #expect(badCommitment?.message == "enrolment.commitments[1]: \"teleport\" is not a commitment of ecoprod-provider-charter 2025.1-draft")
        teleport.commitments = []
        teleport.note = String(repeating: "x", count: 501)
        let longNote = await #expect(throws: RPCError.self) { try await Self.store(fixture, teleport, action: "enrolled") }
        #expect(longNote?.message == "enrolment.note: at most 500 bytes")
        let missing = await #expect(throws: RPCError.self) { try await Self.store(fixture, Self.enrolment("org-nothere"), action: "enrolled") }
        #expect(missing?.code == .notFound)
    }

    @Test func timeLapsesWhatIsPastItsValidityAndRemindsOnce() async throws {
        let fixture = try await Fixture()
        let organisation = try await fixture.create(Fixture.details("Groupes Verts"))
        let now = Date()
        var enrolment = Self.enrolment(organisation.id, state: .active)
        enrolment.validUntil = .init(date: now.addingTimeInterval(100))
        enrolment.remindAt = .init(date: now.addingTimeInterval(50))
        enrolment = try await Self.store(fixture, enrolment, action: "activated")
        #expect(try await fixture.store.nextEnrolmentDeadline() == Date(timeIntervalSince1970: enrolment.remindAt.timeIntervalSince1970))

        let daemon = Ecoprod_Label_V1_Actor.with { $0.user = "ecoprodd"; $0.role = "daemon" }
        var (lapsed, due) = try await fixture.store.lapseAndRemind(now: now, by: daemon)
        #expect(lapsed.isEmpty && due.isEmpty)
        (lapsed, due) = try await fixture.store.lapseAndRemind(now: now.addingTimeInterval(60), by: daemon)
        #expect(lapsed.isEmpty && due.map(\.id) == [enrolment.id])
        (lapsed, due) = try await fixture.store.lapseAndRemind(now: now.addingTimeInterval(70), by: daemon)
        #expect(due.isEmpty, "reminded once")
        (lapsed, due) = try await fixture.store.lapseAndRemind(now: now.addingTimeInterval(101), by: daemon)
        #expect(lapsed.map { ($0.enrolmentID, $0.action, $0.fromState, $0.toState, $0.actor.user) } .elementsEqual(
            [(enrolment.id, "enrolment.lapsed", .active, .lapsed, "ecoprodd")], by: ==))
        #expect(try await fixture.store.enrolment(id: enrolment.id).state == .lapsed)
        #expect(try await fixture.store.nextEnrolmentDeadline() == nil)
    }

    /// A clock running over the fixture's store, and the events it publishes.
    static func clockEvents(_ fixture: Fixture) async -> (EnrolmentClock, Task<Void, Never>, EventBus.Subscription.AsyncIterator) {
        var events = fixture.events.subscribe(prefixes: ["directory.enrolment"]).makeAsyncIterator()
        _ = await events.next()  // daemon.watch.started
        let clock = EnrolmentClock(store: fixture.store, events: fixture.events, logger: Fixture.logger)
        return (clock, Task { await clock.run() }, events)
    }

    @Test func theClockRemindsOnceWhenTheReminderIsDue() async throws {
        let fixture = try await Fixture()
        var (clock, running, events) = await Self.clockEvents(fixture)
        defer { running.cancel() }
        let organisation = try await fixture.create(Fixture.details("Groupes Verts"))
        var enrolment = Self.enrolment(organisation.id, state: .active)
        enrolment.validUntil = .init(date: Date().addingTimeInterval(3600))
        enrolment.remindAt = .init(date: Date().addingTimeInterval(-1))
        enrolment = try await Self.store(fixture, enrolment, action: "activated")
        clock.wake()
        let reminder = try #require(await events.next())
        #expect(reminder.topic == "directory.enrolment.lapsing")
        #expect(try Ecoprod_Directory_V1_Enrolment(unpackingAny: reminder.detail).id == enrolment.id)
        #expect(try await fixture.store.enrolment(id: enrolment.id).state == .active)
    }

    @Test func theClockLapsesAnEnrolmentAtItsDeadlineAndNotBefore() async throws {
        let fixture = try await Fixture()
        var (clock, running, events) = await Self.clockEvents(fixture)
        defer { running.cancel() }
        let organisation = try await fixture.create(Fixture.details("Groupes Verts"))
        var enrolment = Self.enrolment(organisation.id, state: .active)
        enrolment.validUntil = .init(date: Date().addingTimeInterval(0.3))
        enrolment = try await Self.store(fixture, enrolment, action: "activated")
        clock.wake()
        let lapsed = try #require(await events.next())
        #expect(lapsed.topic == "directory.enrolment.lapsed")
        #expect(Date() >= enrolment.validUntil.date, "not before its validity ended")
        #expect(try await fixture.store.enrolment(id: enrolment.id).state == .lapsed)
        let history = try await fixture.store.enrolmentHistory(id: enrolment.id, afterSequence: 0)
        #expect(history.last.map { ($0.action, $0.actor.user) } ?? ("", "") == ("enrolment.lapsed", "ecoprodd"))
    }
}
