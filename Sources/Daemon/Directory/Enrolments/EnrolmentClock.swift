import EcoprodAPI
import Foundation
import Glibc
import Logging
import Synchronization

/// Time's part in enrolments: an active enrolment lapses at its valid_until, recorded in
/// its history by the daemon, and directory.enrolment.lapsing is published once at its
/// remind_at. Sleeps until the next deadline; a stored enrolment wakes it, as it may
/// bring a nearer one.
final class EnrolmentClock: Sendable {
    private let store: DirectoryStore
    private let events: EventBus
    private let logger: Logger
    private struct Sleep {
        var task: Task<Void, Never>?
        var woken = false
    }
    private let sleep = Mutex(Sleep())
    /// Deadlines are checked at least this often, so that a changed clock is caught up.
    static let longestSleep: Duration = .seconds(3600)

    init(store: DirectoryStore, events: EventBus, logger: Logger) {
        (self.store, self.events, self.logger) = (store, events, logger)
    }

    /// A deadline may have come nearer.
    func wake() {
        sleep.withLock {
            $0.woken = true
            $0.task?.cancel()
        }
    }

    func run() async {
        let daemon = Ecoprod_Label_V1_Actor.with {
            $0.uid = getuid()
            $0.pid = UInt32(bitPattern: getpid())
            $0.user = "ecoprodd"
            $0.role = "daemon"
        }
        while !Task.isCancelled {
            var wait = Self.longestSleep
            do {
                let (lapsed, due) = try await store.lapseAndRemind(now: Date(), by: daemon)
                for event in lapsed {
                    events.publish(topic: "directory.\(event.action)", summary: "\(event.enrolmentID) of \(event.organisationID): lapsed, its validity ended", detail: event)
                }
                for enrolment in due {
                    events.publish(
                        topic: "directory.enrolment.lapsing",
                        summary: "\(enrolment.id) of \(enrolment.organisationID) lapses on \(ISO8601DateFormatter().string(from: enrolment.validUntil.date)) unless renewed",
                        detail: enrolment
                    )
                }
                if let next = try await store.nextEnrolmentDeadline() {
                    wait = min(wait, .milliseconds(max(0, Int64(next.timeIntervalSinceNow * 1000)) + 1))
                }
            } catch {
                logger.error("enrolment deadlines not checked: \(error)")
            }
            let task = Task { _ = try? await Task.sleep(for: wait) }
            let skip = sleep.withLock { state -> Bool in
                defer { state.woken = false }
                state.task = task
                return state.woken
            }
            if skip { task.cancel() }
            await task.value
        }
    }
}
