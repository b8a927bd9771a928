import NIOCore

/// What the decoder hands up the pipeline.
public enum InboundFrame: Sendable {
    /// A complete frame of at most 4 MiB.
    case frame(Frame)
    /// A frame whose payload exceeds 4 MiB. Its bytes are skipped as they arrive,
    /// never buffered; the header is reported so the stream can be answered.
    case oversized(FrameHeader)
}

/// Raised when the byte stream cannot be ttrpc: the header's reserved first byte
/// is set, which no valid length under 16 MiB can produce.
public struct FrameSyncLost: Error, Sendable, CustomStringConvertible {
    public let header: FrameHeader
    public var description: String {
        "not a ttrpc stream: header announces \(header.payloadLength) bytes (reserved byte set)"
    }
}

/// Splits a byte stream into ttrpc frames.
public struct FrameDecoder: ByteToMessageDecoder {
    public typealias InboundOut = InboundFrame

    /// Bytes of an oversized payload still to be thrown away.
    private var bytesToSkip = 0
    private let maximumPayloadLength: Int

    public init(maximumPayloadLength: Int = FrameHeader.maximumPayloadLength) {
        self.maximumPayloadLength = maximumPayloadLength
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        if bytesToSkip > 0 {
            let skipped = min(bytesToSkip, buffer.readableBytes)
            buffer.moveReaderIndex(forwardBy: skipped)
            bytesToSkip -= skipped
            return bytesToSkip == 0 ? .continue : .needMoreData
        }
        guard buffer.readableBytes >= FrameHeader.size else { return .needMoreData }
        let header = buffer.getFrameHeader(at: buffer.readerIndex)!
        if header.payloadLength >= 1 << 24 {
            throw FrameSyncLost(header: header)
        }
        let length = Int(header.payloadLength)
        if length > maximumPayloadLength {
            buffer.moveReaderIndex(forwardBy: FrameHeader.size)
            bytesToSkip = length
            context.fireChannelRead(Self.wrapInboundOut(.oversized(header)))
            return .continue
        }
        guard buffer.readableBytes >= FrameHeader.size + length else { return .needMoreData }
        buffer.moveReaderIndex(forwardBy: FrameHeader.size)
        let payload = buffer.readSlice(length: length)!
        context.fireChannelRead(Self.wrapInboundOut(.frame(Frame(header: header, payload: payload))))
        return .continue
    }

    public mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        // A partial frame at EOF is dropped: the peer is gone, nobody can be answered.
        while try decode(context: context, buffer: &buffer) == .continue {}
        buffer.moveReaderIndex(to: buffer.writerIndex)
        return .needMoreData
    }
}

extension ByteBuffer {
    func getFrameHeader(at index: Int) -> FrameHeader? {
        var view = getSlice(at: index, length: FrameHeader.size)
        return view?.readFrameHeader()
    }
}
