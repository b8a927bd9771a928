import CSystemSupport
import Dispatch
import Glibc
import Logging
import NIOCore

/// Serves a listening Unix socket on a set of reactor threads (Configuration.effectiveIOThreads).
final class SocketServer: Sendable {
    let state: ServerState
    private let reactors: [Reactor]
    private let threads: [Thread]
    private let listenFD: CInt

    /// Starts serving `listenFD`, a bound and listening stream socket.
    init(listenFD: CInt, state: ServerState, threads count: Int) throws {
        self.state = state
        self.listenFD = listenFD
        _ = fcntl(listenFD, F_SETFL, fcntl(listenFD, F_GETFL) | O_NONBLOCK)
        reactors = try (0..<count).map { try Reactor(index: $0, logger: state.logger) }
        for reactor in reactors {
            try reactor.adopt(listener: Reactor.Listener(fd: listenFD) { [state] fd, reactor in
                Self.connection(fd: fd, reactor: reactor, state: state)
            })
        }
        threads = reactors.map { reactor in
            Thread(name: "ecoprodd-io-\(reactor.index)") { reactor.run() }
        }
    }

    private static func connection(fd: CInt, reactor: Reactor, state: ServerState) -> ServerConnection? {
        do {
            return ServerConnection(fd: fd, reactor: reactor, peer: try PeerIdentity.read(fromSocket: fd), server: state)
        } catch {
            state.logger.error("refusing a connection whose peer credentials cannot be read: \(error)")
            return nil
        }
    }

    /// Serves an already connected socket as if accepted; for tests that speak to the
    /// server over a socketpair with a chosen identity.
    func adopt(connectedSocket fd: CInt, peer: PeerIdentity) {
        let reactor = reactors[Int(fd) % reactors.count]
        reactor.execute { [state] in
            reactor.add(ServerConnection(fd: fd, reactor: reactor, peer: peer, server: state))
        }
    }

    /// Stops accepting new connections; open ones carry on.
    func stopAccepting() {
        for reactor in reactors { reactor.execute { reactor.stopAccepting() } }
    }

    /// Closes every connection and waits for the reactor threads to end.
    func shutdown() {
        for reactor in reactors { reactor.execute { reactor.stop() } }
        threads.forEach { $0.join() }
        close(listenFD)
    }

    /// True when every reactor runs a job within `limit`: the watchdog's proof of life.
    func isResponsive(within limit: Duration) async -> Bool {
        await withTaskGroup(of: Bool.self) { tasks in
            tasks.addTask { [reactors] in
                for reactor in reactors {
                    await withCheckedContinuation { done in reactor.execute { done.resume() } }
                }
                return true
            }
            tasks.addTask {
                try? await Task.sleep(for: limit)
                return false
            }
            let first = await tasks.next()!
            tasks.cancelAll()
            return first
        }
    }
}

/// A joinable thread (Foundation's Thread cannot be joined).
final class Thread: Sendable {
    private let handle: pthread_t

    init(name: String, _ body: @escaping @Sendable () -> Void) {
        final class Box { let body: @Sendable () -> Void; init(_ body: @escaping @Sendable () -> Void) { self.body = body } }
        var handle = pthread_t()
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        let status = pthread_create(&handle, nil, { argument in
            let box = Unmanaged<Box>.fromOpaque(argument!).takeRetainedValue()
            box.body()
            return nil
        }, box)
        precondition(status == 0, "pthread_create failed: \(status)")
        _ = pthread_setname_np(handle, String(name.prefix(15)))
        self.handle = handle
    }

    func join() { pthread_join(handle, nil) }
}
