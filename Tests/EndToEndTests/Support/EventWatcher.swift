import EcoprodClient
import EcoprodProtocol
import Foundation

/// Daemon/Watch on a thread of its own, so a test can wait for an event.
final class EventWatcher: @unchecked Sendable {
    private var received: [Ecoprod_Daemon_V1_Event] = []
    private let arrived = DispatchSemaphore(value: 0)
    private let lock = NSLock()

    init(socketPath: String) throws {
        let started = DispatchSemaphore(value: 0)
        Thread { [self] in
            try? Connection(socketPath: socketPath, timeout: nil).stream("ecoprod.daemon.v1.Daemon", "Watch", Ecoprod_Daemon_V1_WatchRequest(), as: Ecoprod_Daemon_V1_Event.self) { event in
                if event.topic == "daemon.watch.started" { started.signal() }
                lock.withLock { received.append(event) }
                arrived.signal()
                return true
            }
        }.start()
        guard started.wait(timeout: .now() + 10) == .success else { throw HarnessError("Watch did not start") }
    }

    /// The first event matching `match`, waiting up to 10 s for it.
    func next(_ match: (Ecoprod_Daemon_V1_Event) -> Bool) -> Ecoprod_Daemon_V1_Event? {
        let giveUp = DispatchTime.now() + 10
        while true {
            if let event = lock.withLock({ received.first(where: match) }) { return event }
            guard arrived.wait(timeout: giveUp) == .success else { return nil }
        }
    }
}
