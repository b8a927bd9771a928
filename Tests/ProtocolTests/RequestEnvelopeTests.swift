import EcoprodProtocol
import Foundation
import NIOCore
import SwiftProtobuf
import Testing

@Suite("RequestEnvelope")
struct RequestEnvelopeTests {
    static func randomRequest(_ random: inout SeededGenerator) -> Ttrpc_Request {
        var request = Ttrpc_Request()
        request.service = random.string()
        request.method = random.string()
        request.payload = Data(random.payload())
        request.timeoutNano = random.timeout()
        request.metadata = (0..<Int.random(in: 0...4, using: &random)).map { _ in
            var pair = Ttrpc_KeyValue()
            pair.key = random.string(maxLength: 10)
            pair.value = random.message()
            return pair
        }
        return request
    }

    /// The envelope holding the same request.
    static func envelope(_ request: Ttrpc_Request) -> RequestEnvelope {
        RequestEnvelope(
            service: request.service, method: request.method, payload: ByteBuffer(bytes: Array(request.payload)),
            timeoutNano: request.timeoutNano, metadata: request.metadata.map { ($0.key, $0.value) }
        )
    }

    private func expectEqual(_ envelope: RequestEnvelope, _ request: Ttrpc_Request, _ comment: Comment? = nil) {
        #expect(envelope.service == request.service, comment)
        #expect(envelope.method == request.method, comment)
        #expect(envelope.payload.bytes == Array(request.payload), comment)
        #expect(envelope.timeoutNano == request.timeoutNano, comment)
        #expect(envelope.metadata.map(\.key) == request.metadata.map(\.key), comment)
        #expect(envelope.metadata.map(\.value) == request.metadata.map(\.value), comment)
    }

    @Test func decodesWhatSwiftProtobufEncodes() throws {
        var random = SeededGenerator(seed: 0xEC0_0001)
        for index in 0..<200 {
            let request = Self.randomRequest(&random)
            let bytes: [UInt8] = try request.serializedBytes()
            let envelope = try RequestEnvelope(decoding: ByteBuffer(bytes: bytes))
            expectEqual(envelope, request, "case \(index)")
        }
    }

    @Test func encodesWhatSwiftProtobufDecodesEqual() throws {
        var random = SeededGenerator(seed: 0xEC0_0002)
        for index in 0..<200 {
            let request = Self.randomRequest(&random)
            let envelope = Self.envelope(request)
            var buffer = ByteBuffer()
            envelope.encode(into: &buffer)
            let decoded = try Ttrpc_Request(serializedBytes: buffer.bytes)
            #expect(decoded == request, "case \(index)")
            // And back through our own decoder.
            expectEqual(try RequestEnvelope(decoding: buffer), request, "case \(index), own round trip")
        }
    }

    @Test func layoutFindsTheFieldsInPlaceRelativeToTheReaderIndex() throws {
        var random = SeededGenerator(seed: 0xEC0_0004)
        for index in 0..<200 {
            let request = Self.randomRequest(&random)
            // Bytes before the request, already read, as in a connection's read buffer.
            var buffer = ByteBuffer(bytes: [0xFF, 0xFF, 0xFF] + (try request.serializedBytes() as [UInt8]))
            buffer.moveReaderIndex(forwardBy: 3)
            let layout = try RequestLayout(of: buffer)
            #expect(buffer.string(layout.service) == request.service, "case \(index)")
            #expect(buffer.string(layout.method) == request.method, "case \(index)")
            #expect(buffer.slice(layout.payload).bytes == Array(request.payload), "case \(index)")
            #expect(layout.timeoutNano == request.timeoutNano, "case \(index)")
            #expect(layout.hasMetadata == !request.metadata.isEmpty, "case \(index)")
            let metadata = try layout.metadata(in: buffer)
            #expect(metadata.map(\.key) == request.metadata.map(\.key), "case \(index)")
            #expect(metadata.map(\.value) == request.metadata.map(\.value), "case \(index)")
        }
    }

    @Test func theLayoutLeavesNamesToCheckNamesWhichRefusesAndNamesTheOneThatIsNotUTF8() throws {
        for (field, bytes) in [("service", [0x0A, 0x02, 0xFF, 0xFE, 0x12, 0x01, 0x61]), ("method", [0x0A, 0x01, 0x61, 0x12, 0x01, 0xC3])] as [(String, [UInt8])] {
            let buffer = ByteBuffer(bytes: bytes)
            let layout = try RequestLayout(of: buffer)
            let error = #expect(throws: WireFormatError.self) {
                try buffer.withUnsafeReadableBytes { (raw) throws(WireFormatError) in try layout.checkNames(in: raw) }
            }
            #expect(error?.description == "\(field) is not valid UTF-8")
        }
        let valid = ByteBuffer(bytes: [0x0A, 0x02, 0xC3, 0xA9, 0x12, 0x01, 0x61])
        let layout = try RequestLayout(of: valid)
        try valid.withUnsafeReadableBytes { (raw) throws(WireFormatError) in try layout.checkNames(in: raw) }
    }

    @Test func encodedSizeIsWhatEncodingWrites() {
        var random = SeededGenerator(seed: 0xEC0_0005)
        for index in 0..<200 {
            let request = Self.randomRequest(&random)
            let envelope = Self.envelope(request)
            var buffer = ByteBuffer(bytes: [0xAA])
            envelope.encode(into: &buffer)
            #expect(buffer.readableBytes == 1 + envelope.encodedSize, "case \(index)")
        }
    }

    @Test func encodingMatchesTheWorkedExample() {
        // docs/PROTOCOL.md section 12: Health on stream 1.
        let envelope = RequestEnvelope(service: "ecoprod.daemon.v1.Daemon", method: "Health", payload: ByteBuffer())
        var payload = ByteBuffer()
        envelope.encode(into: &payload)
        #expect(payload.readableBytes == 34)
        var frame = ByteBuffer()
        frame.writeFrame(streamID: 1, type: .request, payload: payload)
        #expect(frame.bytes == hex(
            "00 00 00 22 00 00 00 01 01 00 0a 18 65 63 6f 70 72 6f 64 2e 64 61 65 6d 6f 6e 2e 76 31 2e 44 61 65 6d 6f 6e 12 06 48 65 61 6c 74 68"
        ))
    }

    @Test func emptyBytesDecodeToDefaults() throws {
        let envelope = try RequestEnvelope(decoding: ByteBuffer())
        #expect(envelope.service == "" && envelope.method == "")
        #expect(envelope.payload.readableBytes == 0)
        #expect(envelope.timeoutNano == 0)
        #expect(envelope.metadata.isEmpty)
    }

    @Test func unknownFieldsOfEveryWireTypeAreSkipped() throws {
        var request = Ttrpc_Request()
        request.service = "svc"
        request.method = "M"
        request.payload = Data([1, 2, 3])
        request.timeoutNano = -5
        var pair = Ttrpc_KeyValue()
        pair.key = "k"
        pair.value = "v"
        request.metadata = [pair]

        var unknown: [UInt8] = []
        unknown += [0x30, 0x96, 0x01]                        // field 6, varint 150
        unknown += [0x39] + Array(repeating: 0x11, count: 8) // field 7, fixed64
        unknown += [0xA2, 0x06, 0x03, 0x61, 0x62, 0x63]      // field 100, length-delimited "abc"
        unknown += [0x4D, 0x01, 0x02, 0x03, 0x04]            // field 9, fixed32
        let known: [UInt8] = try request.serializedBytes()
        // Unknown fields before, between and after the known ones.
        let split = 5
        let bytes = unknown + Array(known[..<split]) + unknown + Array(known[split...]) + unknown
        // The split must fall between two fields for the bytes to stay valid; check with SwiftProtobuf.
        let reference = try Ttrpc_Request(serializedBytes: bytes)
        #expect(reference.service == "svc")

        expectEqual(try RequestEnvelope(decoding: ByteBuffer(bytes: bytes)), request)
    }

    @Test func unknownFieldsInsideMetadataAreSkipped() throws {
        // metadata { 3: 7 (varint), key "a", 9: "zz", value "b" }
        let entry: [UInt8] = [0x18, 0x07, 0x0A, 0x01, 0x61, 0x4A, 0x02, 0x7A, 0x7A, 0x12, 0x01, 0x62]
        let bytes: [UInt8] = [0x2A, UInt8(entry.count)] + entry
        let envelope = try RequestEnvelope(decoding: ByteBuffer(bytes: bytes))
        #expect(envelope.metadata.count == 1)
        #expect(envelope.metadata.first?.key == "a")
        #expect(envelope.metadata.first?.value == "b")
        let reference = try Ttrpc_Request(serializedBytes: bytes)
        #expect(reference.metadata.map(\.key) == ["a"])
    }

    @Test func repeatedScalarFieldsLastOneWins() throws {
        // service "a" then service "b"; proto3 keeps the last.
        let bytes: [UInt8] = [0x0A, 0x01, 0x61, 0x0A, 0x01, 0x62]
        #expect(try RequestEnvelope(decoding: ByteBuffer(bytes: bytes)).service == "b")
        #expect(try Ttrpc_Request(serializedBytes: bytes).service == "b")
    }

    /// A known field with the wrong wire type: refused here, while SwiftProtobuf (like Go's
    /// protobuf) keeps it as an unknown field.
    static let wrongWireType: [(name: String, bytes: [UInt8])] = [
        ("service as varint", [0x08, 0x01]),
        ("method as fixed32", [0x15, 0, 0, 0, 0]),
        ("payload as varint", [0x18, 0x01]),
        ("timeout as length-delimited", [0x22, 0x00]),
        ("metadata as varint", [0x28, 0x01]),
        ("metadata key as varint", [0x2A, 0x02, 0x08, 0x01]),
        ("metadata value as fixed64", [0x2A, 0x09, 0x11, 0, 0, 0, 0, 0, 0, 0, 0]),
    ]

    /// Bytes that are not protobuf at all; SwiftProtobuf refuses them too.
    static let malformed: [(name: String, bytes: [UInt8])] = [
        ("truncated timeout varint", [0x20, 0xFF]),
        ("truncated tag", [0x80]),
        ("varint over ten bytes", [0x20] + Array(repeating: 0xFF, count: 10) + [0x01]),
        ("service length past the end", [0x0A, 0x05, 0x61, 0x62]),
        ("metadata length past the end", [0x2A, 0x04, 0x0A, 0x01]),
        ("service not UTF-8", [0x0A, 0x02, 0xFF, 0xFE]),
        ("method not UTF-8", [0x12, 0x01, 0xC3]),
        ("metadata key not UTF-8", [0x2A, 0x03, 0x0A, 0x01, 0xED]),
        ("metadata value not UTF-8", [0x2A, 0x03, 0x12, 0x01, 0x80]),
        ("field number zero", [0x02, 0x00]),
        ("truncated unknown fixed64", [0x39, 0x01, 0x02]),
        ("truncated unknown fixed32", [0x4D, 0x01]),
    ]

    @Test(arguments: wrongWireType)
    func wrongWireTypeThrowsWireFormatError(_ example: (name: String, bytes: [UInt8])) {
        #expect(throws: WireFormatError.self, "\(example.name)") {
            try RequestEnvelope(decoding: ByteBuffer(bytes: example.bytes))
        }
    }

    @Test(arguments: malformed)
    func malformedBytesThrowWireFormatError(_ example: (name: String, bytes: [UInt8])) {
        #expect(throws: WireFormatError.self, "\(example.name)") {
            try RequestEnvelope(decoding: ByteBuffer(bytes: example.bytes))
        }
        #expect(throws: (any Error).self, "\(example.name), SwiftProtobuf") {
            try Ttrpc_Request(serializedBytes: example.bytes)
        }
    }

    @Test func tenByteVarintOfNegativeTimeoutIsAccepted() throws {
        // -1 as int64: ten bytes, the last one 0x01.
        let bytes: [UInt8] = [0x20] + Array(repeating: 0xFF, count: 9) + [0x01]
        #expect(try RequestEnvelope(decoding: ByteBuffer(bytes: bytes)).timeoutNano == -1)
        #expect(try Ttrpc_Request(serializedBytes: bytes).timeoutNano == -1)
    }

    @Test func payloadIsASliceOfTheInput() throws {
        let bytes: [UInt8] = [0x1A, 0x03, 0x07, 0x08, 0x09, 0x0A, 0x01, 0x73]
        let envelope = try RequestEnvelope(decoding: ByteBuffer(bytes: bytes))
        #expect(envelope.payload.bytes == [7, 8, 9])
        #expect(envelope.service == "s")
    }
}
