import Dispatch
import EcoprodProtocol
import Logging
import NIOConcurrencyHelpers
import NIOCore
import Synchronization

/// What every connection shares: the router, the current role policy, the drain
/// switch and the counters Info reports.
public final class ServerState: Sendable {
    public let router: Router
    public let logger: Logger
    /// Streams one connection may have in flight at once.
    public let maximumStreamsPerConnection: Int

    private let policyBox: NIOLockedValueBox<RolePolicy>
    private let policyChanges = Atomic<UInt64>(0)
    private let drainingFlag = Atomic<Bool>(false)
    // Counted with `wrappingAdd`: one locked add, where `add` loops on compare-and-swap to
    // check for an overflow that 64 bits never reach.
    let openConnections = Atomic<UInt64>(0)
    let totalConnections = Atomic<UInt64>(0)
    let totalRequests = Atomic<UInt64>(0)
    /// Calls running off the I/O threads (tasks) that have not answered yet.
    private let inFlight = NIOLockedValueBox<(count: Int, idleWaiters: [@Sendable () -> Void])>((0, []))

    public init(router: Router, policy: RolePolicy, logger: Logger, maximumStreamsPerConnection: Int = 1024) {
        self.router = router
        self.policyBox = NIOLockedValueBox(policy)
        self.logger = logger
        self.maximumStreamsPerConnection = maximumStreamsPerConnection
    }

    public var policy: RolePolicy {
        get { policyBox.withLockedValue { $0 } }
        set {
            policyBox.withLockedValue { $0 = newValue }
            policyChanges.add(1, ordering: .releasing)
        }
    }

    /// Changes with every new policy, so connections may cache a peer's role until then.
    public var policyGeneration: UInt64 { policyChanges.load(ordering: .acquiring) }

    public var isDraining: Bool { drainingFlag.load(ordering: .relaxed) }

    public var connectionsOpen: UInt64 { openConnections.load(ordering: .relaxed) }
    public var connectionsTotal: UInt64 { totalConnections.load(ordering: .relaxed) }
    public var requestsTotal: UInt64 { totalRequests.load(ordering: .relaxed) }

    func callStarted() {
        inFlight.withLockedValue { $0.count += 1 }
    }

    func callEnded() {
        let waiters = inFlight.withLockedValue { state -> [@Sendable () -> Void] in
            state.count -= 1
            guard state.count == 0 else { return [] }
            defer { state.idleWaiters = [] }
            return state.idleWaiters
        }
        waiters.forEach { $0() }
    }

    public var callsInFlight: Int { inFlight.withLockedValue { $0.count } }

    /// Refuses new calls from now on.
    public func beginDraining() {
        drainingFlag.store(true, ordering: .relaxed)
    }

    /// Waits until every call in flight has answered, or `limit` has passed; true if drained.
    public func waitUntilDrained(within limit: Duration) async -> Bool {
        let outcome = NIOLockedValueBox<CheckedContinuation<Bool, Never>?>(nil)
        return await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            outcome.withLockedValue { $0 = continuation }
            // Whichever comes first resumes: the last call ending, or the timer.
            let resume: @Sendable (Bool) -> Void = { drained in
                outcome.withLockedValue { pending in
                    pending?.resume(returning: drained)
                    pending = nil
                }
            }
            let idle = inFlight.withLockedValue { state in
                if state.count == 0 { return true }
                state.idleWaiters.append { resume(true) }
                return false
            }
            if idle { return resume(true) }
            DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(Int(limit.wholeNanoseconds))) { resume(false) }
        }
    }
}
