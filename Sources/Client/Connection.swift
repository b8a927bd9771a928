import EcoprodProtocol
import Glibc
import NIOCore

/// A blocking ttrpc connection to the daemon, one call at a time: what a command-line
/// tool or a test needs. (Pipelining many calls is the daemon's job to support, and
/// tests/python exercises it.)
public final class Connection {
    public let socketPath: String
    /// Applies to each wait for the daemon, and is sent as the call's deadline.
    public var timeout: Duration?
    /// The deadline sent with each call, when it should differ from `timeout`: a
    /// client that waits a little longer than the deadline hears DEADLINE_EXCEEDED
    /// from the daemon instead of timing out itself.
    public var deadline: Duration?
    private let fd: CInt
    private var nextStreamID: UInt32 = 1

    public static let defaultSocketPath = "/run/ecoprod/ecoprod.sock"

    public init(socketPath: String, timeout: Duration? = .seconds(30)) throws(ClientError) {
        self.socketPath = socketPath
        self.timeout = timeout
        guard let address = UnixSocketAddress(path: socketPath) else {
            throw .cannotConnect(path: socketPath, errno: ENAMETOOLONG)
        }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .cannotConnect(path: socketPath, errno: errno) }
        guard address.withSockAddr({ connect(fd, $0, $1) }) == 0 else {
            let code = errno
            close(fd)
            throw .cannotConnect(path: socketPath, errno: code)
        }
        self.fd = fd
    }

    deinit { close(fd) }

    /// One request, one response.
    public func unary(service: String, method: String, payload: ByteBuffer) throws(ClientError) -> ByteBuffer {
        let id = try sendRequest(service: service, method: method, payload: payload, flags: [])
        while true {
            let frame = try readFrame()
            guard frame.header.streamID == id else { continue }
            return try Self.unwrapResponse(frame)
        }
    }

    /// A server stream: `onMessage` gets each message and returns false to stop early
    /// (the connection is then unusable for further calls, as the stream is abandoned).
    public func serverStream(
        service: String, method: String, payload: ByteBuffer, onMessage: (ByteBuffer) throws -> Bool
    ) throws {
        let id = try sendRequest(service: service, method: method, payload: payload, flags: [.remoteClosed])
        while true {
            let frame = try readFrame()
            guard frame.header.streamID == id else { continue }
            switch frame.header.type {
            case .data:
                if !frame.header.flags.contains(.noData), try !onMessage(frame.payload) { return }
                if frame.header.flags.contains(.remoteClosed) { return }
            case .response:
                _ = try Self.unwrapResponse(frame)
                return
            default:
                throw ClientError.connectionLost("unexpected frame type \(frame.header.rawType)")
            }
        }
    }

    /// A client stream: sends every message, then returns the single response.
    public func clientStream(
        service: String, method: String, messages: some Sequence<ByteBuffer>
    ) throws(ClientError) -> ByteBuffer {
        let id = try sendRequest(service: service, method: method, payload: ByteBuffer(), flags: [.remoteOpen])
        for message in messages {
            try sendFrame(streamID: id, type: .data, flags: [], payload: message)
        }
        try sendFrame(streamID: id, type: .data, flags: [.remoteClosed, .noData], payload: ByteBuffer())
        while true {
            let frame = try readFrame()
            guard frame.header.streamID == id else { continue }
            return try Self.unwrapResponse(frame)
        }
    }

    private static func unwrapResponse(_ frame: Frame) throws(ClientError) -> ByteBuffer {
        guard frame.header.type == .response else {
            throw .connectionLost("expected a response frame, got type \(frame.header.rawType)")
        }
        let response: ResponseEnvelope
        do {
            response = try ResponseEnvelope(decoding: frame.payload)
        } catch {
            throw .connectionLost("undecodable response: \(error)")
        }
        if let error = response.error { throw .rpc(error) }
        return response.payload
    }

    private func sendRequest(service: String, method: String, payload: ByteBuffer, flags: FrameFlags) throws(ClientError) -> UInt32 {
        let id = nextStreamID
        nextStreamID += 2
        let nanoseconds = (deadline ?? timeout)?.wholeNanoseconds ?? 0
        var body = ByteBuffer()
        RequestEnvelope(service: service, method: method, payload: payload, timeoutNano: nanoseconds).encode(into: &body)
        try sendFrame(streamID: id, type: .request, flags: flags, payload: body)
        return id
    }

    private func sendFrame(streamID: UInt32, type: FrameType, flags: FrameFlags, payload: ByteBuffer) throws(ClientError) {
        var frame = ByteBuffer()
        frame.writeFrame(streamID: streamID, type: type, flags: flags, payload: payload)
        let ok = frame.withUnsafeReadableBytes { bytes in
            var sent = 0
            while sent < bytes.count {
                let count = send(fd, bytes.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL))
                if count < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                sent += count
            }
            return true
        }
        guard ok else { throw .connectionLost(String(cString: strerror(errno))) }
    }

    private func readFrame() throws(ClientError) -> Frame {
        var headerBytes = try readExactly(FrameHeader.size)
        let header = headerBytes.readFrameHeader()!
        guard Int(header.payloadLength) <= FrameHeader.maximumPayloadLength else {
            throw .connectionLost("frame of \(header.payloadLength) bytes exceeds the 4 MiB limit")
        }
        return Frame(header: header, payload: try readExactly(Int(header.payloadLength)))
    }

    private func readExactly(_ count: Int) throws(ClientError) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(count)
        var remaining = count
        while remaining > 0 {
            try waitReadable()
            var received = 0
            // The closure must report bytes written, never recv's -1 (say, ECONNRESET from a killed daemon).
            buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: remaining) { space in
                received = recv(fd, space.baseAddress, remaining, 0)
                return max(received, 0)
            }
            if received == 0 { throw .connectionLost("the daemon closed the connection") }
            if received < 0 {
                if errno == EINTR { continue }
                throw .connectionLost(String(cString: strerror(errno)))
            }
            remaining -= received
        }
        return buffer
    }

    private func waitReadable() throws(ClientError) {
        guard let timeout else { return }
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let milliseconds = Int32(clamping: timeout.wholeMilliseconds)
        while true {
            let ready = poll(&descriptor, 1, milliseconds)
            if ready > 0 { return }
            if ready == 0 { throw .timedOut(after: timeout) }
            if errno != EINTR { throw .connectionLost(String(cString: strerror(errno))) }
        }
    }
}
