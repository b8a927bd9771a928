import EcoprodProtocol
import NIOCore
import Testing

/// What the reader produced, in a comparable form.
private enum Decoded: Equatable, CustomStringConvertible {
    case frame(FrameHeader, [UInt8])
    case oversized(FrameHeader)

    init(_ inbound: InboundFrame) {
        self = inbound.isOversized ? .oversized(inbound.header) : .frame(inbound.header, inbound.payload.bytes)
    }

    var description: String {
        switch self {
        case .frame(let header, let payload): "frame(\(header), \(payload.count) bytes)"
        case .oversized(let header): "oversized(\(header))"
        }
    }
}

extension FrameReader {
    /// Every frame the bytes appended so far complete.
    fileprivate mutating func drain() throws -> [Decoded] {
        var result: [Decoded] = []
        while let inbound = try next() { result.append(Decoded(inbound)) }
        return result
    }

    fileprivate mutating func append(_ bytes: [UInt8]) {
        append(ByteBuffer(bytes: bytes))
    }
}

@Suite("FrameReader")
struct FrameReaderTests {
    /// Three frames of different shapes, including an empty payload and unusual type/flags.
    private static let sampleFrames: [(id: UInt32, type: UInt8, flags: UInt8, payload: [UInt8])] = [
        (1, 1, 0x00, Array("hello".utf8)),
        (3, 3, 0x05, []),
        (0xFFFF_FFFF, 9, 0xFF, (0..<300).map { UInt8(truncatingIfNeeded: $0) }),
    ]

    private static var sampleBytes: [UInt8] {
        sampleFrames.flatMap { rawFrame(streamID: $0.id, type: $0.type, flags: $0.flags, payload: $0.payload) }
    }

    private static var sampleExpected: [Decoded] {
        sampleFrames.map {
            .frame(
                FrameHeader(payloadLength: UInt32($0.payload.count), streamID: $0.id, rawType: $0.type, flags: FrameFlags(rawValue: $0.flags)),
                $0.payload
            )
        }
    }

    @Test func severalFramesInOneChunk() throws {
        var reader = FrameReader()
        reader.append(Self.sampleBytes)
        #expect(try reader.drain() == Self.sampleExpected)
        #expect(reader.pendingBytes == 0)
    }

    @Test func framesSplitAtEveryByteBoundaryReassemble() throws {
        let bytes = Self.sampleBytes
        for split in 0...bytes.count {
            var reader = FrameReader()
            reader.append(Array(bytes[..<split]))
            var decoded = try reader.drain()
            reader.append(Array(bytes[split...]))
            decoded += try reader.drain()
            #expect(decoded == Self.sampleExpected, "split at byte \(split)")
            #expect(reader.pendingBytes == 0, "split at byte \(split)")
        }
    }

    @Test func framesFedOneByteAtATimeReassemble() throws {
        var reader = FrameReader()
        var decoded: [Decoded] = []
        for byte in Self.sampleBytes {
            reader.append([byte])
            decoded += try reader.drain()
        }
        #expect(decoded == Self.sampleExpected)
    }

    @Test func partialFrameIsHeldAndNotDelivered() throws {
        var reader = FrameReader()
        let complete = rawFrame(streamID: 1, type: 1, payload: [1, 2, 3])
        let partial = Array(rawFrame(streamID: 3, type: 1, payload: Array(repeating: 9, count: 10)).prefix(14))
        reader.append(complete + partial)
        #expect(try reader.drain() == [.frame(FrameHeader(payloadLength: 3, streamID: 1, rawType: 1, flags: []), [1, 2, 3])])
        #expect(reader.pendingBytes == partial.count)
        #expect(try reader.next() == nil)
    }

    @Test func earlierFramesKeepTheirBytesWhenTheBufferIsReused() throws {
        var reader = FrameReader()
        reader.append(rawFrame(streamID: 1, type: 1, payload: [1, 1, 1]) + Array(rawFrame(streamID: 3, type: 1, payload: [2, 2]).prefix(11)))
        guard let first = try reader.next(), !first.isOversized else {
            Issue.record("expected the first frame")
            return
        }
        #expect(try reader.next() == nil)
        reader.append([2] + rawFrame(streamID: 5, type: 1, payload: [3, 3, 3, 3]))
        #expect(try reader.drain() == [
            .frame(FrameHeader(payloadLength: 2, streamID: 3, rawType: 1, flags: []), [2, 2]),
            .frame(FrameHeader(payloadLength: 4, streamID: 5, rawType: 1, flags: []), [3, 3, 3, 3]),
        ])
        // Compacting or growing the reader's buffer must not change a frame already handed out.
        #expect(first.payload.bytes == [1, 1, 1])
    }

    @Test func frameOfExactlyFourMiBIsDelivered() throws {
        var reader = FrameReader()
        let payload = [UInt8](repeating: 0xAB, count: FrameHeader.maximumPayloadLength)
        reader.append(rawFrame(streamID: 1, type: 1, payload: payload))
        let decoded = try reader.drain()
        #expect(decoded == [
            .frame(FrameHeader(payloadLength: UInt32(FrameHeader.maximumPayloadLength), streamID: 1, rawType: 1, flags: []), payload),
        ])
    }

    @Test func oversizedFrameIsReportedAndItsPayloadSkippedWithoutBuffering() throws {
        var reader = FrameReader()
        let announced = 5 << 20
        reader.append(rawFrame(length: UInt32(announced), streamID: 7, type: 1, flags: 0x02))
        #expect(try reader.drain() == [
            .oversized(FrameHeader(payloadLength: UInt32(announced), streamID: 7, rawType: 1, flags: .remoteOpen)),
        ])
        #expect(reader.pendingBytes == 0)

        let chunk = [UInt8](repeating: 0x5A, count: 64 << 10)
        for index in 0..<(announced / chunk.count) {
            reader.append(chunk)
            // Nothing of the skipped payload is delivered, nor held.
            #expect(try reader.next() == nil, "chunk \(index)")
            #expect(reader.pendingBytes == 0, "chunk \(index)")
        }

        // The frame after the skipped payload decodes normally.
        reader.append(rawFrame(streamID: 9, type: 1, payload: [1, 2, 3]))
        #expect(try reader.drain() == [.frame(FrameHeader(payloadLength: 3, streamID: 9, rawType: 1, flags: []), [1, 2, 3])])
        #expect(reader.pendingBytes == 0)
    }

    @Test func oversizedPayloadAndNextFrameInOneChunk() throws {
        // A small limit so the whole exchange fits one chunk, which also exercises skipping within a buffer.
        var reader = FrameReader(maximumPayloadLength: 16)
        var bytes = rawFrame(streamID: 1, type: 1, payload: Array(repeating: 1, count: 17))
        bytes += rawFrame(streamID: 3, type: 3, flags: 0x01, payload: Array(repeating: 2, count: 16))
        reader.append(bytes)
        #expect(try reader.drain() == [
            .oversized(FrameHeader(payloadLength: 17, streamID: 1, rawType: 1, flags: [])),
            .frame(FrameHeader(payloadLength: 16, streamID: 3, rawType: 3, flags: .remoteClosed), Array(repeating: 2, count: 16)),
        ])
    }

    @Test func oversizedPayloadEndingMidChunkThenASplitFrame() throws {
        var reader = FrameReader(maximumPayloadLength: 4)
        let next = rawFrame(streamID: 3, type: 1, payload: [7, 7])
        reader.append(rawFrame(length: 100, streamID: 1, type: 1) + Array(repeating: 0, count: 60))
        #expect(try reader.drain() == [.oversized(FrameHeader(payloadLength: 100, streamID: 1, rawType: 1, flags: []))])
        reader.append(Array(repeating: 0, count: 40) + Array(next.prefix(5)))
        #expect(try reader.drain() == [])
        #expect(reader.pendingBytes == 5)
        reader.append(Array(next.dropFirst(5)))
        #expect(try reader.drain() == [.frame(FrameHeader(payloadLength: 2, streamID: 3, rawType: 1, flags: []), [7, 7])])
    }

    @Test(arguments: [UInt8(0x01), 0x7F, 0xFF])
    func reservedFirstByteIsFrameSyncLost(firstByte: UInt8) {
        var reader = FrameReader()
        var bytes = rawFrame(streamID: 1, type: 1, payload: [])
        bytes[0] = firstByte
        reader.append(bytes)
        let error = #expect(throws: FrameSyncLost.self) { try reader.next() }
        #expect(error?.header.payloadLength == UInt32(firstByte) << 24)
    }

    @Test func reservedFirstByteAfterAValidFrame() throws {
        var reader = FrameReader()
        reader.append(rawFrame(streamID: 1, type: 1, payload: [0xAA]) + [0x01, 0, 0, 0, 0, 0, 0, 3, 1, 0])
        #expect(Decoded(try #require(try reader.next())) == .frame(FrameHeader(payloadLength: 1, streamID: 1, rawType: 1, flags: []), [0xAA]))
        let error = #expect(throws: FrameSyncLost.self) { try reader.next() }
        #expect(error?.header.payloadLength == 0x0100_0000)
        #expect(error?.header.streamID == 3)
        #expect(error?.description.contains("reserved byte set") == true)
    }

    @Test func largestValidLengthIsNotSyncLost() throws {
        var reader = FrameReader()
        reader.append(rawFrame(length: 0x00FF_FFFF, streamID: 1, type: 1))
        #expect(try reader.drain() == [.oversized(FrameHeader(payloadLength: 0x00FF_FFFF, streamID: 1, rawType: 1, flags: []))])
    }

    @Test func headerRoundTrip() {
        var buffer = ByteBuffer()
        let header = FrameHeader(payloadLength: 0x0012_3456, streamID: 0x89AB_CDEF, rawType: 3, flags: [.remoteClosed, .noData])
        buffer.writeFrameHeader(header)
        #expect(buffer.bytes == [0x00, 0x12, 0x34, 0x56, 0x89, 0xAB, 0xCD, 0xEF, 0x03, 0x05])
        #expect(buffer.readFrameHeader() == header)
        #expect(buffer.readableBytes == 0)
        #expect(header.type == .data)
        #expect(FrameHeader(payloadLength: 0, streamID: 1, rawType: 7, flags: []).type == nil)

        var short = ByteBuffer(bytes: [0, 0, 0, 0, 0, 0, 0, 1, 1])
        #expect(short.readFrameHeader() == nil)
    }
}
