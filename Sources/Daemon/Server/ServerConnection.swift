import CSystemSupport
import EcoprodProtocol
import Glibc
import NIOCore
import Synchronization

/// Whether a connection's send buffer has room, readable from any thread so a
/// streaming handler can decide whether to wait before sending more.
final class Writability: Sendable {
    private let flag = Atomic<Bool>(true)
    var isWritable: Bool { flag.load(ordering: .relaxed) }
    func set(_ writable: Bool) { flag.store(writable, ordering: .relaxed) }
}

/// One accepted socket on a reactor: it feeds what it reads to the protocol handler
/// and writes what the handler answers, buffering what the socket cannot take yet.
final class ServerConnection {
    static let readEvents = EPOLLIN.rawValue | EPOLLRDHUP.rawValue
    /// Above this many unsent bytes, streaming handlers wait; below the low mark they resume.
    static let highWatermark = 256 << 10
    static let lowWatermark = 64 << 10

    let fd: CInt
    let reactor: Reactor
    let writability = Writability()
    let handler: ConnectionHandler
    private var outbound = ByteBuffer()
    private var reading = true
    private var waitingForWritable = false
    private var closed = false
    private var readSize = 2048
    /// Called with nil once the backlog drained, or with the error that closed the connection.
    private var drainWaiters: [(RPCError?) -> Void] = []

    init(fd: CInt, reactor: Reactor, peer: PeerIdentity, server: ServerState) {
        self.fd = fd
        self.reactor = reactor
        self.handler = ConnectionHandler(reactor: reactor, peer: peer, server: server)
    }

    func start() { handler.opened(on: self) }

    func handle(events: UInt32) {
        if events & EPOLLOUT.rawValue != 0 { flush() }
        guard !closed else { return }
        if reading, events & (EPOLLIN.rawValue | EPOLLRDHUP.rawValue | EPOLLHUP.rawValue | EPOLLERR.rawValue) != 0 {
            readAvailable()
        } else if events & (EPOLLRDHUP.rawValue | EPOLLHUP.rawValue | EPOLLERR.rawValue) != 0 {
            // Reading is paused for a slow client stream, but the peer has gone: nobody
            // is left to answer, and the hang-up would otherwise be reported forever.
            close()
        }
    }

    /// One read per readiness event; level-triggered epoll reports again if more is waiting.
    private func readAvailable() {
        var readError: Int32 = 0
        let count = handler.read(atMost: readSize) { space in
            let count = ecoprod_io_receive(fd, space.baseAddress, space.count)
            if count < 0 { readError = errno }
            return count
        }
        if count > 0 {
            // Grow the next read when this one filled the buffer, as NIO's adaptive allocator does.
            if count == readSize { readSize = min(readSize * 2, 64 << 10) }
            handler.processFrames()
            flush()
        } else if count == 0 || (readError != EAGAIN && readError != EINTR) {
            close()
        }
    }

    /// Appends bytes for the peer; `flush` sends them.
    func appendOutbound(_ body: (inout ByteBuffer) -> Void) {
        guard !closed else { return }
        body(&outbound)
        if outbound.readableBytes > Self.highWatermark { writability.set(false) }
    }

    /// Writes as much as the socket takes; the rest waits for EPOLLOUT.
    func flush() {
        guard !closed, outbound.readableBytes > 0 else { return }
        // The mutable view borrows the buffer in place; the read-only one would retain it.
        let (written, writeError) = outbound.withUnsafeMutableReadableBytes { bytes in
            let written = ecoprod_io_send(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
            return (written, written < 0 ? errno : 0)
        }
        if written < 0 {
            if writeError == EAGAIN || writeError == EINTR { return watchWritable(true) }
            return close()
        }
        outbound.moveReaderIndex(forwardBy: written)
        if outbound.readableBytes == 0 {
            // Rewinding reuses the storage without `clear()`'s check that it is not shared.
            outbound.moveReaderIndex(to: 0)
            outbound.moveWriterIndex(to: 0)
            watchWritable(false)
        } else {
            outbound.discardReadBytes()
            watchWritable(true)
        }
        if outbound.readableBytes < Self.lowWatermark, !writability.isWritable || !drainWaiters.isEmpty {
            writability.set(true)
            let waiters = drainWaiters
            drainWaiters = []
            waiters.forEach { $0(nil) }
        }
    }

    /// Resumes `waiter` once the unsent bytes fall below the low watermark.
    func whenDrained(_ waiter: @escaping (RPCError?) -> Void) {
        guard !closed else { return waiter(RPCError(.cancelled, "the connection closed")) }
        guard outbound.readableBytes >= Self.lowWatermark else { return waiter(nil) }
        drainWaiters.append(waiter)
    }

    /// Stops or resumes reading, so a slow client-stream consumer holds the sender back.
    func setReading(_ enabled: Bool) {
        guard !closed, reading != enabled else { return }
        reading = enabled
        updateInterest()
    }

    private func watchWritable(_ enabled: Bool) {
        guard waitingForWritable != enabled else { return }
        waitingForWritable = enabled
        updateInterest()
    }

    /// A paused connection still watches for the peer hanging up.
    private func updateInterest() {
        reactor.modify(fd, events: (reading ? Self.readEvents : EPOLLRDHUP.rawValue) | (waitingForWritable ? EPOLLOUT.rawValue : 0))
    }

    func close() {
        guard !closed else { return }
        closed = true
        reactor.remove(self)
        Glibc.close(fd)
        let waiters = drainWaiters
        drainWaiters = []
        waiters.forEach { $0(RPCError(.cancelled, "the connection closed")) }
        // The handler lets go of this connection: calls still running answer nobody.
        handler.closed()
    }
}
