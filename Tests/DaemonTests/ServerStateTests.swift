@testable import EcoprodDaemon
import EcoprodProtocol
import NIOCore
import Testing

@Suite("ServerState", .timeLimit(.minutes(1)))
struct ServerStateTests {
    private func makeServer() -> ServerState {
        ServerState(router: Router(), policy: Fixtures.policy, logger: Fixtures.logger)
    }

    @Test func drainedAtOnceWhenIdle() async throws {
        let server = makeServer()
        #expect(server.callsInFlight == 0)
        // A limit far beyond the test's time limit: only an immediate answer passes.
        #expect(try await withTimeout(10, "an idle server to drain") { await server.waitUntilDrained(within: .seconds(3600)) })
    }

    @Test func drainedWhenTheLastCallEnds() async throws {
        let server = makeServer()
        server.callStarted()
        server.callStarted()
        let waiter = Task { await server.waitUntilDrained(within: .seconds(3600)) }
        server.callEnded()
        #expect(server.callsInFlight == 1)
        server.callEnded()
        #expect(try await withTimeout(10, "the drain to finish") { await waiter.value })
        #expect(server.callsInFlight == 0)
    }

    @Test func notDrainedAfterTheLimitWithACallInFlight() async throws {
        let server = makeServer()
        server.callStarted()
        let clock = ContinuousClock()
        let start = clock.now
        let drained = try await withTimeout(10, "the drain limit") { await server.waitUntilDrained(within: .milliseconds(100)) }
        #expect(!drained)
        #expect(clock.now - start >= .milliseconds(100))
        #expect(server.callsInFlight == 1)
        // A call ending later does not disturb the finished wait, and a new wait succeeds.
        server.callEnded()
        #expect(try await withTimeout(10) { await server.waitUntilDrained(within: .seconds(3600)) })
    }

    @Test func drainWaitsForARealCallOnAConnection() async throws {
        let router = Router()
        let started = Signals<Void>()
        let gate = Gate()
        try router.registerUnary(service: Fixtures.service, method: "Slow", role: .reader, mutating: false) { (_: TestRequest, _) in
            started.send(())
            await gate.wait()
            return TestResponse()
        }
        let connection = try await TestConnection.open(router: router)
        try await connection.request(1, method: "Slow")
        try await started.next()
        connection.server.beginDraining()
        #expect(try await withTimeout(10) { await connection.server.waitUntilDrained(within: .milliseconds(50)) } == false)

        let server = connection.server
        let waiter = Task { await server.waitUntilDrained(within: .seconds(3600)) }
        gate.open()
        #expect(try await withTimeout(10, "the drain to finish") { await waiter.value })
        #expect(try await connection.nextResponse(1).code == .ok)
    }

    @Test func countersTrackConnectionsAndRequests() async throws {
        let router = Router()
        try router.registerInline(service: Fixtures.service, method: "Echo", role: .reader) { (_: TestRequest, _) in TestResponse() }
        let server = try TestServer(router: router)
        #expect(server.state.connectionsOpen == 0)
        let first = try server.connect(as: Fixtures.root)
        let second = try server.connect(as: Fixtures.root)
        try await first.request(1, method: "Echo")
        try await first.request(3, method: "Echo")
        try await second.request(1, method: "Echo")
        for (connection, id) in [(first, UInt32(1)), (first, 3), (second, 1)] {
            #expect(try await connection.nextResponse(id).code == .ok)
        }
        #expect(server.state.connectionsOpen == 2)
        #expect(server.state.connectionsTotal == 2)
        #expect(server.state.requestsTotal == 3)
        first.disconnect()
        // The close is ready on the (single) reactor before the barrier request is, and
        // epoll reports readiness in the order it arose: once the barrier is answered,
        // the close has been handled.
        #expect(try await second.framesBeforeBarrier().isEmpty)
        #expect(server.state.connectionsOpen == 1)
        #expect(server.state.connectionsTotal == 2)
    }
}
