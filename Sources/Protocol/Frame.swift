import NIOCore

/// The message types of a ttrpc frame header.
public enum FrameType: UInt8, Sendable {
    case request = 1
    case response = 2
    case data = 3
}

/// Frame flags. Their meaning depends on the frame type (see docs/PROTOCOL.md).
public struct FrameFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Request and data frames: the sender will send nothing more on this stream.
    public static let remoteClosed = FrameFlags(rawValue: 0x01)
    /// Request frames: the sender will stream more data frames.
    public static let remoteOpen = FrameFlags(rawValue: 0x02)
    /// Data frames: the frame carries no message (an empty payload is not an empty message).
    public static let noData = FrameFlags(rawValue: 0x04)
}

/// The 10-byte ttrpc header: payload length, stream id, type and flags.
public struct FrameHeader: Sendable, Hashable {
    public static let size = 10
    /// ttrpc caps a frame's payload at 4 MiB.
    public static let maximumPayloadLength = 4 << 20

    public var payloadLength: UInt32
    public var streamID: UInt32
    /// Kept raw so an unknown type can be reported rather than dropped.
    public var rawType: UInt8
    public var flags: FrameFlags

    public init(payloadLength: UInt32, streamID: UInt32, rawType: UInt8, flags: FrameFlags) {
        self.payloadLength = payloadLength
        self.streamID = streamID
        self.rawType = rawType
        self.flags = flags
    }

    public init(payloadLength: Int, streamID: UInt32, type: FrameType, flags: FrameFlags = []) {
        self.init(payloadLength: UInt32(payloadLength), streamID: streamID, rawType: type.rawValue, flags: flags)
    }

    public var type: FrameType? { FrameType(rawValue: rawType) }
}

/// A whole frame: its header and its payload.
public struct Frame: Sendable {
    public var header: FrameHeader
    public var payload: ByteBuffer

    public init(streamID: UInt32, type: FrameType, flags: FrameFlags = [], payload: ByteBuffer) {
        self.header = FrameHeader(payloadLength: payload.readableBytes, streamID: streamID, type: type, flags: flags)
        self.payload = payload
    }

    public init(header: FrameHeader, payload: ByteBuffer) {
        self.header = header
        self.payload = payload
    }
}

extension ByteBuffer {
    /// Writes a frame header followed by `payload`.
    @discardableResult
    public mutating func writeFrame(streamID: UInt32, type: FrameType, flags: FrameFlags = [], payload: ByteBuffer) -> Int {
        var payload = payload
        return writeFrameHeader(FrameHeader(payloadLength: payload.readableBytes, streamID: streamID, type: type, flags: flags))
            + writeBuffer(&payload)
    }

    @discardableResult
    public mutating func writeFrameHeader(_ header: FrameHeader) -> Int {
        writeWire(size: FrameHeader.size) { $0.frameHeader(header) }
        return FrameHeader.size
    }

    /// The header at `index`, if ten bytes are there.
    public func getFrameHeader(at index: Int) -> FrameHeader? {
        guard let (length, stream, type, flags) = getMultipleIntegers(at: index, as: (UInt32, UInt32, UInt8, UInt8).self) else {
            return nil
        }
        return FrameHeader(payloadLength: length, streamID: stream, rawType: type, flags: FrameFlags(rawValue: flags))
    }

    /// Reads a header if ten bytes are readable.
    public mutating func readFrameHeader() -> FrameHeader? {
        guard let header = getFrameHeader(at: readerIndex) else { return nil }
        moveReaderIndex(forwardBy: FrameHeader.size)
        return header
    }
}
