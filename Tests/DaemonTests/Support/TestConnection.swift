@testable import EcoprodDaemon
import Dispatch
import EcoprodProtocol
import Foundation
import Glibc
import Logging
import NIOCore
import SwiftProtobuf
import Testing

typealias TestRequest = Ecoprod_Daemon_V1_WatchRequest
typealias TestResponse = Ecoprod_Daemon_V1_ReloadResponse
typealias TestEvent = Ecoprod_Daemon_V1_Event

enum Fixtures {
    static let service = "test.v1.Things"

    static let logger = Logger(label: "ecoprodd-tests", factory: { _ in SwiftLogNoOpLogHandler() })

    static let root = PeerIdentity(pid: 1, uid: 0, gid: 0, groups: [])
    static let daemonUID: UInt32 = 4242
    static let readerGID: UInt32 = 5001
    static let editorGID: UInt32 = 5002
    static let adminGID: UInt32 = 5003

    static func user(uid: UInt32 = 1000, gid: UInt32 = 1000, groups: [UInt32] = []) -> PeerIdentity {
        PeerIdentity(pid: 77, uid: uid, gid: gid, groups: groups)
    }

    /// Group names that exist nowhere, with gids set by hand.
    static var policy: RolePolicy {
        var policy = RolePolicy(
            readerGroup: "ecoprod-test-readers", editorGroup: "ecoprod-test-editors",
            adminGroup: "ecoprod-test-admins", daemonUID: daemonUID
        )
        policy.reader.gid = readerGID
        policy.editor.gid = editorGID
        policy.admin.gid = adminGID
        return policy
    }

    static func request(_ topics: String...) -> TestRequest {
        .with { $0.topics = topics }
    }

    static func response(_ changes: [String], generation: UInt64 = 0) -> TestResponse {
        .with {
            $0.changes = changes
            $0.generation = generation
        }
    }
}

struct TestIOError: Error, CustomStringConvertible {
    var description: String
}

/// Runs blocking socket I/O on a Dispatch thread, off Swift's small cooperative pool
/// that the handlers under test run on.
func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
    }
}

/// A `SocketServer` with one reactor thread, serving a listening socket nobody
/// connects to; tests hand it one end of a socketpair with the identity they choose.
///
/// The server is deliberately never shut down: `Reactor.run()` closes its eventfd on
/// exit, and a handler task finishing afterwards would still write to that fd number
/// (see the report), which a test running in parallel may have reused.
final class TestServer: Sendable {
    let state: ServerState
    let server: SocketServer
    let socketPath: String

    init(router: Router, policy: RolePolicy = Fixtures.policy, maximumStreams: Int = 1024, keepSocketFile: Bool = false) throws {
        state = ServerState(router: router, policy: policy, logger: Fixtures.logger, maximumStreamsPerConnection: maximumStreams)
        socketPath = "/tmp/ecoprodd-unit-\(UUID().uuidString.prefix(18)).sock"
        let listenFD = try ListeningSocket.bind(path: socketPath)
        if !keepSocketFile { unlink(socketPath) }
        server = try SocketServer(listenFD: listenFD, state: state, threads: 1)
    }

    /// A client connection whose peer credentials are `peer`.
    func connect(as peer: PeerIdentity) throws -> TestConnection {
        var fds: [CInt] = [0, 0]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &fds) == 0 else {
            throw TestIOError(description: "socketpair: \(String(cString: strerror(errno)))")
        }
        // As accept4 would have made it.
        _ = fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK)
        server.adopt(connectedSocket: fds[0], peer: peer)
        return TestConnection(fd: fds[1], server: state)
    }
}

/// The client end of one connection: writes frames, reads whatever the server sends.
final class TestConnection: @unchecked Sendable {
    // @unchecked: used by one test task at a time; the blocking calls hop to Dispatch
    // and back without overlapping.
    let fd: CInt
    let server: ServerState
    private var received = ByteBuffer()
    private var highestID: UInt32 = 0
    private var isClosed = false

    init(fd: CInt, server: ServerState) {
        self.fd = fd
        self.server = server
    }

    deinit { if !isClosed { Glibc.close(fd) } }

    static func open(
        router: Router, peer: PeerIdentity = Fixtures.root, policy: RolePolicy = Fixtures.policy,
        maximumStreams: Int = 1024
    ) async throws -> TestConnection {
        try TestServer(router: router, policy: policy, maximumStreams: maximumStreams).connect(as: peer)
    }

    // MARK: Sending

    /// Writes all of `bytes`, failing if the server takes none of them for 10 s.
    func send(bytes: [UInt8]) async throws {
        let fd = fd
        try await blocking {
            var offset = 0
            while offset < bytes.count {
                var poller = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                let ready = poll(&poller, 1, 10_000)
                if ready == 0 { throw TimedOut(what: "the server to take \(bytes.count - offset) more bytes") }
                if ready < 0 {
                    if errno == EINTR { continue }
                    throw TestIOError(description: "poll: \(String(cString: strerror(errno)))")
                }
                let written = bytes[offset...].withUnsafeBytes {
                    Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT))
                }
                if written < 0 {
                    if errno == EINTR || errno == EAGAIN { continue }
                    throw TestIOError(description: "send: \(String(cString: strerror(errno)))")
                }
                offset += written
            }
        }
    }

    func send(_ buffer: ByteBuffer) async throws {
        try await send(bytes: Array(buffer.readableBytesView))
    }

    func send(_ id: UInt32, type: FrameType, flags: FrameFlags = [], payload: ByteBuffer) async throws {
        var buffer = ByteBuffer()
        buffer.writeFrame(streamID: id, type: type, flags: flags, payload: payload)
        if type == .request { highestID = max(highestID, id) }
        try await send(buffer)
    }

    static func requestPayload(
        service: String = Fixtures.service, method: String, message: ByteBuffer,
        timeoutNano: Int64 = 0, metadata: [(key: String, value: String)] = []
    ) -> ByteBuffer {
        var payload = ByteBuffer()
        RequestEnvelope(service: service, method: method, payload: message, timeoutNano: timeoutNano, metadata: metadata)
            .encode(into: &payload)
        return payload
    }

    func request(
        _ id: UInt32, service: String = Fixtures.service, method: String,
        _ message: some SwiftProtobuf.Message = TestRequest(), flags: FrameFlags = [],
        timeoutNano: Int64 = 0, metadata: [(key: String, value: String)] = []
    ) async throws {
        try await request(
            id, service: service, method: method, rawMessage: try ByteBuffer(message: message), flags: flags,
            timeoutNano: timeoutNano, metadata: metadata
        )
    }

    func request(
        _ id: UInt32, service: String = Fixtures.service, method: String, rawMessage: ByteBuffer,
        flags: FrameFlags = [], timeoutNano: Int64 = 0, metadata: [(key: String, value: String)] = []
    ) async throws {
        let payload = Self.requestPayload(
            service: service, method: method, message: rawMessage, timeoutNano: timeoutNano, metadata: metadata
        )
        try await send(id, type: .request, flags: flags, payload: payload)
    }

    func data(_ id: UInt32, _ message: some SwiftProtobuf.Message, flags: FrameFlags = []) async throws {
        try await send(id, type: .data, flags: flags, payload: try ByteBuffer(message: message))
    }

    /// The client's last frame on a stream: remote-closed, no data.
    func close(_ id: UInt32) async throws {
        try await send(id, type: .data, flags: [.remoteClosed, .noData], payload: ByteBuffer())
    }

    /// Closes the client's end of the connection.
    func disconnect() {
        guard !isClosed else { return }
        isClosed = true
        Glibc.close(fd)
    }

    /// Tells the server the client will send nothing more, keeping the read side open.
    func shutdownWriting() {
        _ = Glibc.shutdown(fd, Int32(SHUT_WR))
    }

    // MARK: Receiving

    /// Reads more bytes within `timeout`; false at end of file.
    private func fill(timeout: Duration, what: String) async throws -> Bool {
        let fd = fd
        let chunk = try await blocking { () -> [UInt8]? in
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let milliseconds = Int32(clamping: timeout.wholeMilliseconds)
            let ready = poll(&poller, 1, milliseconds)
            if ready == 0 { throw TimedOut(what: what) }
            if ready < 0 { throw TestIOError(description: "poll: \(String(cString: strerror(errno)))") }
            var bytes = [UInt8](repeating: 0, count: 256 << 10)
            let count = bytes.withUnsafeMutableBytes { Glibc.recv(fd, $0.baseAddress, $0.count, 0) }
            if count < 0 { throw TestIOError(description: "recv: \(String(cString: strerror(errno)))") }
            return count == 0 ? nil : Array(bytes.prefix(count))
        }
        guard let chunk else { return false }
        received.discardReadBytes()
        received.writeBytes(chunk)
        return true
    }

    private func takeFrame() -> Frame? {
        guard let header = received.getSlice(at: received.readerIndex, length: FrameHeader.size).flatMap({ slice -> FrameHeader? in
            var slice = slice
            return slice.readFrameHeader()
        }) else { return nil }
        guard received.readableBytes >= FrameHeader.size + Int(header.payloadLength) else { return nil }
        received.moveReaderIndex(forwardBy: FrameHeader.size)
        return Frame(header: header, payload: received.readSlice(length: Int(header.payloadLength))!)
    }

    /// The next frame the server sends, waiting up to `timeout` for it.
    func next(_ what: String = "a frame", timeout: Duration = .seconds(10)) async throws -> Frame {
        while true {
            if let frame = takeFrame() { return frame }
            guard try await fill(timeout: timeout, what: what) else {
                throw TestIOError(description: "the server closed the connection while waiting for \(what)")
            }
        }
    }

    /// The next frame, which must be a Response on `id`.
    func nextResponse(_ id: UInt32, sourceLocation: Testing.SourceLocation = #_sourceLocation) async throws -> ResponseEnvelope {
        try Self.response(try await next("the response on stream \(id)"), id, sourceLocation: sourceLocation)
    }

    /// Every frame the server sent before the one answering a new request: the server
    /// handles requests in order and answers this one at once, so whatever it had
    /// written by then comes first.
    func framesBeforeBarrier() async throws -> [Frame] {
        let id = highestID + (highestID % 2 == 0 ? 1 : 2)
        try await request(id, service: "ecoprodd.test.Barrier", method: "Sync")
        var frames: [Frame] = []
        while true {
            let frame = try await next("the barrier's answer")
            if frame.header.streamID == id, frame.header.type == .response { return frames }
            frames.append(frame)
        }
    }

    /// Checks that the server has sent nothing that was not read yet.
    func expectNothingMore(sourceLocation: Testing.SourceLocation = #_sourceLocation) async throws {
        let extra = try await framesBeforeBarrier()
        #expect(extra.isEmpty, "unexpected frames: \(extra.map(\.header))", sourceLocation: sourceLocation)
    }

    /// Waits for the server to close the connection; returns the frames sent before.
    func framesUntilClosed(timeout: Duration = .seconds(10)) async throws -> [Frame] {
        var frames: [Frame] = []
        while try await fill(timeout: timeout, what: "the server to close the connection") {
            while let frame = takeFrame() { frames.append(frame) }
        }
        while let frame = takeFrame() { frames.append(frame) }
        return frames
    }

    static func response(_ frame: Frame, _ id: UInt32, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> ResponseEnvelope {
        #expect(frame.header.streamID == id, sourceLocation: sourceLocation)
        #expect(frame.header.type == .response, sourceLocation: sourceLocation)
        #expect(frame.header.flags == [], sourceLocation: sourceLocation)
        return try ResponseEnvelope(decoding: frame.payload)
    }
}

extension ResponseEnvelope {
    func decode<M: SwiftProtobuf.Message>(_ type: M.Type = M.self) throws -> M {
        #expect(code == .ok, "\(code): \(message)")
        return try payload.decodeMessage(M.self)
    }
}

extension ByteBuffer {
    init(bytes: some Sequence<UInt8>) {
        self.init()
        writeBytes(Array(bytes))
    }
}

func hex(_ text: String) -> [UInt8] {
    text.split(separator: " ").map { UInt8($0, radix: 16)! }
}
