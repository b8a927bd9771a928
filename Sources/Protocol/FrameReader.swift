import NIOCore

/// What the reader produces from the byte stream: a complete frame of at most 4 MiB,
/// or the header of a larger one. An oversized frame's bytes are skipped as they
/// arrive, never buffered; its header is reported so the stream can be answered.
/// A struct with a flag rather than an enum: one is made for every frame.
public struct InboundFrame: Sendable {
    public let header: FrameHeader
    /// Empty for an oversized frame.
    public let payload: ByteBuffer
    public let isOversized: Bool
}

/// Raised when the byte stream cannot be ttrpc: the header's reserved first byte
/// is set, which no valid length under 16 MiB can produce.
public struct FrameSyncLost: Error, Sendable, CustomStringConvertible {
    public let header: FrameHeader
    public var description: String {
        "not a ttrpc stream: header announces \(header.payloadLength) bytes (reserved byte set)"
    }
}

/// Splits a byte stream into ttrpc frames. The connection feeds it what each read
/// returns and takes frames out; a plain value rather than a pipeline stage, so
/// that every frame reaches the connection without being boxed or copied.
public struct FrameReader: Sendable {
    // Internal for `read`, which is inlined into the connection's read.
    @usableFromInline var buffered = ByteBuffer()
    /// Bytes of an oversized payload still to be thrown away.
    private var bytesToSkip = 0
    private let maximumPayloadLength: Int

    public init(maximumPayloadLength: Int = FrameHeader.maximumPayloadLength) {
        self.maximumPayloadLength = maximumPayloadLength
    }

    /// Adds bytes that arrived by other means than `read(atMost:_:)`.
    public mutating func append(_ bytes: ByteBuffer) {
        var bytes = bytes
        buffered.writeBuffer(&bytes)
    }

    /// Reads from the socket straight into the reader's own buffer, reused from read
    /// to read while no frame handed out still holds it. `read` returns the byte
    /// count or a negative value, which is passed through.
    @inlinable
    public mutating func read(atMost capacity: Int, _ read: (UnsafeMutableRawBufferPointer) -> Int) -> Int {
        buffered.appendInPlace(reserving: capacity, read)
    }

    /// Hands each complete frame to `handle`, in order, while it returns true. The
    /// connection's loop: no frame is copied out of an optional on the way, and the
    /// handler owns the payload, which it may narrow without another reference.
    public mutating func forEachFrame(_ handle: (consuming InboundFrame) -> Bool) throws(FrameSyncLost) {
        while true {
            if bytesToSkip > 0 {
                let skipped = min(bytesToSkip, buffered.readableBytes)
                buffered.moveReaderIndex(forwardBy: skipped)
                bytesToSkip -= skipped
                if bytesToSkip > 0 { return }
            }
            guard let header = buffered.getFrameHeader(at: buffered.readerIndex) else {
                return compact()
            }
            if header.payloadLength >= 1 << 24 {
                throw FrameSyncLost(header: header)
            }
            let length = Int(header.payloadLength)
            if length > maximumPayloadLength {
                buffered.moveReaderIndex(forwardBy: FrameHeader.size)
                bytesToSkip = length
                let empty = buffered.getSlice(at: buffered.readerIndex, length: 0)!
                guard handle(InboundFrame(header: header, payload: empty, isOversized: true)) else { return }
                continue
            }
            guard buffered.readableBytes >= FrameHeader.size + length else {
                return compact()
            }
            buffered.moveReaderIndex(forwardBy: FrameHeader.size)
            guard handle(InboundFrame(header: header, payload: buffered.readSlice(length: length)!, isOversized: false)) else {
                return
            }
        }
    }

    /// The next complete frame, or nil until more bytes arrive.
    public mutating func next() throws(FrameSyncLost) -> InboundFrame? {
        var found: InboundFrame?
        try forEachFrame { frame in
            found = frame
            return false
        }
        return found
    }

    /// Bytes held for a frame that is not complete yet.
    public var pendingBytes: Int { buffered.readableBytes }

    private mutating func compact() {
        if buffered.readableBytes == 0 {
            buffered.clear()
        } else if buffered.readerIndex > 0 {
            buffered.discardReadBytes()
        }
    }
}
