import EcoprodProtocol
import Foundation
import NIOCore
import SwiftProtobuf
import Testing

@Suite("ResponseEnvelope")
struct ResponseEnvelopeTests {
    /// What containerd writes: the status always present, even when empty.
    private func reference(code: StatusCode, message: String, payload: [UInt8]) throws -> [UInt8] {
        var response = Ttrpc_Response()
        var status = Google_Rpc_Status()
        status.code = code.rawValue
        status.message = message
        response.status = status
        response.payload = Data(payload)
        return try response.serializedBytes()
    }

    @Test func encodingIsByteIdenticalToSwiftProtobuf() throws {
        var random = SeededGenerator(seed: 0xEC0_0003)
        for index in 0..<200 {
            let code = StatusCode.allCases.randomElement(using: &random)!
            let message = Int.random(in: 0..<3, using: &random) == 0 ? "" : random.message()
            let payload = random.payload()
            let envelope = ResponseEnvelope(code: code, message: message, payload: ByteBuffer(bytes: payload))
            var buffer = ByteBuffer()
            envelope.encode(into: &buffer)
            #expect(buffer.bytes == (try reference(code: code, message: message, payload: payload)), "case \(index): \(code)")
            #expect(envelope.encodedSize == buffer.readableBytes, "case \(index)")

            let decoded = try ResponseEnvelope(decoding: buffer)
            #expect(decoded.code == code, "case \(index)")
            #expect(decoded.message == message, "case \(index)")
            #expect(decoded.payload.bytes == payload, "case \(index)")
        }
    }

    @Test func framesAreTheHeaderThenTheEnvelopeWhetherBuiltFromAnEnvelopeOrAnOKPayload() throws {
        var random = SeededGenerator(seed: 0xEC0_0006)
        for index in 0..<200 {
            let code = Int.random(in: 0..<2, using: &random) == 0 ? StatusCode.ok : StatusCode.allCases.randomElement(using: &random)!
            let message = code == .ok ? "" : random.message()
            let payload = random.payload()
            let streamID = UInt32.random(in: 0...UInt32.max, using: &random) | 1
            let envelope = ResponseEnvelope(code: code, message: message, payload: ByteBuffer(bytes: payload))
            let body = try reference(code: code, message: message, payload: payload)
            var expected = ByteBuffer(bytes: [0xAA])
            expected.writeFrame(streamID: streamID, type: .response, payload: ByteBuffer(bytes: body))

            var framed = ByteBuffer(bytes: [0xAA])
            envelope.encodeFrame(streamID: streamID, into: &framed)
            #expect(framed.bytes == expected.bytes, "case \(index): \(code)")
            if code == .ok {
                var ok = ByteBuffer(bytes: [0xAA])
                ok.writeResponseFrame(streamID: streamID, payload: ByteBuffer(bytes: payload))
                #expect(ok.bytes == expected.bytes, "case \(index)")
                #expect(ResponseEnvelope.encodedSize(payloadBytes: payload.count) == body.count, "case \(index)")
            }
        }
    }

    @Test func okWithoutPayloadIsTheTwoBytesOfAnEmptyStatus() throws {
        let envelope = ResponseEnvelope()
        var buffer = ByteBuffer()
        envelope.encode(into: &buffer)
        #expect(buffer.bytes == [0x0A, 0x00])
        #expect(envelope.encodedSize == 2)
        #expect(buffer.bytes == (try reference(code: .ok, message: "", payload: [])))
    }

    @Test func encodingMatchesTheWorkedExamples() {
        // docs/PROTOCOL.md section 12.
        var health = ByteBuffer()
        ResponseEnvelope(payload: ByteBuffer(bytes: [0x08, 0x01])).encode(into: &health)
        #expect(health.bytes == hex("0a 00 12 02 08 01"))

        var denied = ByteBuffer()
        ResponseEnvelope(code: .permissionDenied, message: "x").encode(into: &denied)
        #expect(denied.bytes == hex("0a 05 08 07 12 01 78"))
    }

    @Test func encodedSizeAtVarintBoundaries() throws {
        for payloadLength in [0, 1, 127, 128, 16_383, 16_384, 2_097_151, 2_097_152] {
            for messageLength in [0, 125, 126, 127, 128, 16_384] {
                let envelope = ResponseEnvelope(
                    code: .internal, message: String(repeating: "m", count: messageLength),
                    payload: ByteBuffer(repeating: 0xEE, count: payloadLength)
                )
                var buffer = ByteBuffer()
                envelope.encode(into: &buffer)
                #expect(envelope.encodedSize == buffer.readableBytes, "payload \(payloadLength), message \(messageLength)")
                #expect(buffer.bytes == (try reference(code: .internal, message: envelope.message, payload: envelope.payload.bytes)))
            }
        }
    }

    @Test func decodesSwiftProtobufResponses() throws {
        // Status absent means OK.
        var bare = Ttrpc_Response()
        bare.payload = Data([9, 9])
        let decodedBare = try ResponseEnvelope(decoding: ByteBuffer(bytes: try bare.serializedBytes()))
        #expect(decodedBare.code == .ok)
        #expect(decodedBare.payload.bytes == [9, 9])
        #expect(decodedBare.error == nil)

        // Details and unknown fields are skipped.
        var status = Google_Rpc_Status()
        status.code = StatusCode.notFound.rawValue
        status.message = "gone"
        status.details = [try Google_Protobuf_Any(message: Google_Rpc_Status.with { $0.message = "inner" })]
        var response = Ttrpc_Response()
        response.status = status
        var bytes: [UInt8] = try response.serializedBytes()
        bytes += [0x18, 0x05, 0x25, 1, 2, 3, 4]  // field 3 varint, field 4 fixed32: unknown to ttrpc.Response
        let decoded = try ResponseEnvelope(decoding: ByteBuffer(bytes: bytes))
        #expect(decoded.code == .notFound)
        #expect(decoded.message == "gone")
        #expect(decoded.error == RPCError(.notFound, "gone"))
    }

    @Test func unknownStatusCodeDecodesAsUnknown() throws {
        var response = Ttrpc_Response()
        response.status = Google_Rpc_Status.with {
            $0.code = 99
            $0.message = "from the future"
        }
        let decoded = try ResponseEnvelope(decoding: ByteBuffer(bytes: try response.serializedBytes()))
        #expect(decoded.code == .unknown)
        #expect(decoded.message == "from the future")
    }

    @Test func malformedResponsesThrow() {
        let examples: [[UInt8]] = [
            [0x08, 0x01],              // status as varint
            [0x10, 0x01],              // payload as varint
            [0x0A, 0x05, 0x08],        // status runs past the end
            [0x0A, 0x03, 0x12, 0x01, 0xFF],  // status message not UTF-8
            [0x12, 0x80],              // truncated length
        ]
        for bytes in examples {
            #expect(throws: WireFormatError.self, "\(bytes)") {
                try ResponseEnvelope(decoding: ByteBuffer(bytes: bytes))
            }
        }
    }

    @Test func errorInitAndStatusConversions() {
        let error = RPCError(.unavailable, "draining")
        let envelope = ResponseEnvelope(error: error)
        #expect(envelope.code == .unavailable)
        #expect(envelope.message == "draining")
        #expect(envelope.payload.readableBytes == 0)
        #expect(envelope.error == error)
        #expect(RPCError(status: error.status) == error)
        #expect(RPCError(status: Google_Rpc_Status.with { $0.code = -3 }).code == .unknown)
        #expect(error.description == "UNAVAILABLE: draining")
    }

    @Test func statusCodeNamesAreCanonical() {
        #expect(StatusCode.allCases.count == 17)
        #expect(StatusCode.allCases.map(\.rawValue) == Array(0...16))
        #expect(StatusCode.deadlineExceeded.name == "DEADLINE_EXCEEDED")
        #expect(StatusCode.resourceExhausted.description == "RESOURCE_EXHAUSTED")
        #expect(Set(StatusCode.allCases.map(\.name)).count == 17)
        #expect(StatusCode.allCases.allSatisfy { $0.name == $0.name.uppercased() })
    }
}
