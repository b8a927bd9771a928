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
    private let drainingFlag = Atomic<Bool>(false)
    let openConnections = Atomic<UInt64>(0)
    let totalConnections = Atomic<UInt64>(0)
    let totalRequests = Atomic<UInt64>(0)
    /// Calls served off the event loop that have not answered yet.
    private let inFlight = NIOLockedValueBox<(count: Int, idleWaiters: [CheckedContinuation<Void, Never>])>((0, []))

    public init(router: Router, policy: RolePolicy, logger: Logger, maximumStreamsPerConnection: Int = 1024) {
        self.router = router
        self.policyBox = NIOLockedValueBox(policy)
        self.logger = logger
        self.maximumStreamsPerConnection = maximumStreamsPerConnection
    }

    public var policy: RolePolicy {
        get { policyBox.withLockedValue { $0 } }
        set { policyBox.withLockedValue { $0 = newValue } }
    }

    public var isDraining: Bool { drainingFlag.load(ordering: .relaxed) }

    public var connectionsOpen: UInt64 { openConnections.load(ordering: .relaxed) }
    public var connectionsTotal: UInt64 { totalConnections.load(ordering: .relaxed) }
    public var requestsTotal: UInt64 { totalRequests.load(ordering: .relaxed) }

    func callStarted() {
        inFlight.withLockedValue { $0.count += 1 }
    }

    func callEnded() {
        let waiters = inFlight.withLockedValue { state -> [CheckedContinuation<Void, Never>] in
            state.count -= 1
            guard state.count == 0 else { return [] }
            defer { state.idleWaiters = [] }
            return state.idleWaiters
        }
        waiters.forEach { $0.resume() }
    }

    public var callsInFlight: Int { inFlight.withLockedValue { $0.count } }

    /// Refuses new calls from now on and returns once every call in flight has answered.
    public func drain() async {
        drainingFlag.store(true, ordering: .relaxed)
        await withCheckedContinuation { continuation in
            let idle = inFlight.withLockedValue { state in
                if state.count == 0 { return true }
                state.idleWaiters.append(continuation)
                return false
            }
            if idle { continuation.resume() }
        }
    }
}
