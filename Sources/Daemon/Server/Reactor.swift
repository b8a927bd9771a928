import CSystemSupport
import Glibc
import Logging
import NIOCore
import Synchronization

/// One thread running an epoll loop. It owns the connections accepted on it and runs
/// everything that touches them, so their state needs no locks; other threads hand it
/// work with `execute`. A dedicated loop rather than SwiftNIO's channel pipeline: on
/// this workload a bare NIO frame echo reaches 0.60–0.74 of a C epoll server pinned
/// to one core, and the daemon must reach 0.85 (docs/ARCHITECTURE.md, Transport).
final class Reactor: @unchecked Sendable {
    // @unchecked: everything but `jobs`, `wakePending` and `thread` is touched only on
    // the reactor's own thread.
    typealias Job = @Sendable () -> Void

    let index: Int
    private let epollFD: CInt
    private let wakeFD: CInt
    private let jobs = Mutex<[Job]>([])
    private let wakePending = Atomic<Bool>(false)
    private let threadID = Atomic<UInt>(0)
    /// Indexed by descriptor: descriptors are small and dense, and this is looked up per
    /// event. Each entry holds one reference, so an event reaches its connection without a
    /// retain; a connection that closes keeps it until the end of the loop's turn, which
    /// lets everything running on this thread use connections unretained.
    private var connections: [Unmanaged<ServerConnection>?] = []
    private var closedConnections: [Unmanaged<ServerConnection>] = []
    private var connectionCount = 0
    private var timers: [UInt64: (deadline: NIODeadline, job: () -> Void)] = [:]
    private var nextTimerID: UInt64 = 0
    private var listener: Listener?
    /// `listener?.fd`, kept apart so the per-event check copies nothing.
    private var listenerFD: CInt = -1
    private var stopping = false
    private let logger: Logger

    /// What the reactor needs to accept connections and serve them.
    struct Listener {
        let fd: CInt
        let accept: (CInt, Reactor) -> ServerConnection?
    }

    init(index: Int, logger: Logger) throws {
        self.index = index
        self.logger = logger
        epollFD = epoll_create1(Int32(EPOLL_CLOEXEC))
        wakeFD = eventfd(0, Int32(EFD_NONBLOCK) | Int32(EFD_CLOEXEC))
        guard epollFD >= 0, wakeFD >= 0 else { throw IOError(errnoCode: errno, reason: "epoll_create1/eventfd") }
        try register(wakeFD, events: EPOLLIN.rawValue)
    }

    // MARK: - Any thread

    /// Runs `job` on the reactor thread, after what is already queued.
    func execute(_ job: @escaping Job) {
        jobs.withLock { $0.append(job) }
        if !wakePending.exchange(true, ordering: .acquiringAndReleasing) {
            var one: UInt64 = 1
            _ = write(wakeFD, &one, 8)
        }
    }

    var isCurrent: Bool { threadID.load(ordering: .relaxed) == pthread_self() }

    // MARK: - Reactor thread

    /// The loop; returns after `stop()` once every connection is closed.
    func run() {
        threadID.store(pthread_self(), ordering: .relaxed)
        // Not an Array: the loop would retain and release it on every event.
        let events = UnsafeMutableBufferPointer<epoll_event>.allocate(capacity: 64)
        defer { events.deallocate() }
        while !(stopping && connectionCount == 0) {
            // Most turns have no timer: they skip the search, as they skip `runDueTimers`.
            let count = ecoprod_io_wait(epollFD, events.baseAddress, Int32(events.count), timers.isEmpty ? -1 : nextTimeoutMilliseconds())
            if count < 0 {
                if errno == EINTR { continue }
                logger.critical("epoll_pwait failed: \(String(cString: strerror(errno)))")
                return
            }
            for index in 0..<Int(count) {
                let fd = events[index].data.fd
                if fd == wakeFD {
                    runJobs()
                } else if fd == listenerFD {
                    acceptConnections()
                } else if Int(fd) < connections.count, let connection = connections[Int(fd)] {
                    connection._withUnsafeGuaranteedRef { $0.handle(events: events[index].events) }
                }
            }
            if !timers.isEmpty { runDueTimers() }
            releaseClosedConnections()
        }
    }

    private func releaseClosedConnections() {
        guard !closedConnections.isEmpty else { return }
        for connection in closedConnections { connection.release() }
        closedConnections.removeAll(keepingCapacity: true)
    }

    // The descriptors live as long as the reactor: a task finishing after the loop
    // ended may still call `execute`, which must not write to a reused descriptor.
    deinit {
        releaseClosedConnections()
        connections.forEach { $0?.release() }
        close(epollFD)
        close(wakeFD)
    }

    func adopt(listener: Listener) throws {
        self.listener = listener
        listenerFD = listener.fd
        // EPOLLEXCLUSIVE: each new connection wakes one reactor, which keeps it.
        try register(listener.fd, events: EPOLLIN.rawValue | EPOLLEXCLUSIVE.rawValue)
    }

    /// Stops accepting; connections already open carry on.
    func stopAccepting() {
        guard let listener else { return }
        epoll_ctl(epollFD, EPOLL_CTL_DEL, listener.fd, nil)
        self.listener = nil
        listenerFD = -1
    }

    /// Closes every connection and ends the loop.
    func stop() {
        stopAccepting()
        stopping = true
        for connection in connections.compactMap({ $0?.takeUnretainedValue() }) { connection.close() }
    }

    func register(_ fd: CInt, events: UInt32) throws {
        var event = epoll_event(events: events, data: epoll_data_t(fd: fd))
        guard epoll_ctl(epollFD, EPOLL_CTL_ADD, fd, &event) == 0 else {
            throw IOError(errnoCode: errno, reason: "epoll_ctl(ADD)")
        }
    }

    func modify(_ fd: CInt, events: UInt32) {
        var event = epoll_event(events: events, data: epoll_data_t(fd: fd))
        epoll_ctl(epollFD, EPOLL_CTL_MOD, fd, &event)
    }

    func remove(_ connection: ServerConnection) {
        epoll_ctl(epollFD, EPOLL_CTL_DEL, connection.fd, nil)
        if let entry = connections[Int(connection.fd)] {
            connections[Int(connection.fd)] = nil
            closedConnections.append(entry)
            connectionCount -= 1
        }
    }

    /// Runs `job` on this thread at `deadline`; returns an id for `cancelTimer`.
    func schedule(at deadline: NIODeadline, _ job: @escaping () -> Void) -> UInt64 {
        nextTimerID += 1
        timers[nextTimerID] = (deadline, job)
        return nextTimerID
    }

    func cancelTimer(_ id: UInt64) {
        timers.removeValue(forKey: id)
    }

    private func nextTimeoutMilliseconds() -> Int32 {
        guard let next = timers.values.min(by: { $0.deadline < $1.deadline })?.deadline else { return -1 }
        let nanoseconds = (next - .now()).nanoseconds
        return nanoseconds <= 0 ? 0 : Int32(clamping: (nanoseconds + 999_999) / 1_000_000)
    }

    private func runDueTimers() {
        let now = NIODeadline.now()
        for (id, timer) in timers where timer.deadline <= now {
            timers.removeValue(forKey: id)
            timer.job()
        }
    }

    private func runJobs() {
        var drained: UInt64 = 0
        _ = read(wakeFD, &drained, 8)
        wakePending.store(false, ordering: .releasing)
        let batch = jobs.withLock { jobs in
            defer { jobs.removeAll(keepingCapacity: true) }
            return jobs
        }
        batch.forEach { $0() }
    }

    private func acceptConnections() {
        guard let listener else { return }
        while true {
            let fd = accept4(listener.fd, nil, nil, Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue))
            if fd < 0 {
                switch errno {
                case EAGAIN, EWOULDBLOCK, EINTR, ECONNABORTED:
                    return
                case EMFILE, ENFILE:
                    // Out of descriptors: pause accepting briefly rather than spin on a ready listener.
                    logger.error("cannot accept connections: \(String(cString: strerror(errno))); retrying in 100 ms")
                    epoll_ctl(epollFD, EPOLL_CTL_DEL, listener.fd, nil)
                    _ = schedule(at: .now() + .milliseconds(100)) { [self] in
                        guard let listener = self.listener, !stopping else { return }
                        try? register(listener.fd, events: EPOLLIN.rawValue | EPOLLEXCLUSIVE.rawValue)
                    }
                    return
                default:
                    logger.error("accept failed: \(String(cString: strerror(errno)))")
                    return
                }
            }
            guard let connection = listener.accept(fd, self) else {
                close(fd)
                continue
            }
            add(connection)
        }
    }

    /// Starts serving a connected socket on this reactor.
    func add(_ connection: ServerConnection) {
        do {
            try register(connection.fd, events: ServerConnection.readEvents)
            let slot = Int(connection.fd)
            if slot >= connections.count { connections += Array(repeating: nil, count: slot + 1 - connections.count) }
            connections[slot] = Unmanaged.passRetained(connection)
            connectionCount += 1
            connection.start()
        } catch {
            logger.error("cannot watch a new connection: \(error)")
            close(connection.fd)
        }
    }
}

/// A value that belongs to one reactor's thread, carried through other threads only
/// to be handed back to it.
struct ReactorBound<Value: AnyObject>: @unchecked Sendable {
    let reactor: Reactor
    private let storage: Value

    init(_ value: Value, reactor: Reactor) {
        self.reactor = reactor
        self.storage = value
    }

    var value: Value {
        precondition(reactor.isCurrent, "reactor-bound value used off its reactor")
        return storage
    }

    /// Runs `body` with the value on its reactor.
    func execute(_ body: @escaping @Sendable (Value) -> Void) {
        let bound = self
        reactor.execute { body(bound.value) }
    }
}
