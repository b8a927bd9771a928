import EcoprodClient
import Foundation
import SwiftProtobuf
import Testing

@Suite("How values map between JSON and binary")
struct ValueMappingTests {
    let transcoder = TestTranscoders.fixtures

    private func encode(_ json: String) throws -> Everything {
        try Everything(serializedBytes: try transcoder.encode(json: json, messageType: Everything.protoMessageName))
    }

    private func decode(_ message: some SwiftProtobuf.Message, as messageType: String = Everything.protoMessageName)
        throws -> String
    {
        try transcoder.decode(bytes: try message.serializedBytes() as [UInt8], messageType: messageType)
    }

    @Test func integersAcceptNumbersAndStrings() throws {
        #expect(try encode(#"{"fInt64": 5, "fUint64": "18446744073709551615", "fSint64": "-9223372036854775808"}"#)
            == .with { $0.fInt64 = 5; $0.fUint64 = .max; $0.fSint64 = .min })
        #expect(try encode(#"{"fInt32": 1e3, "fUint32": "2.0", "fSfixed32": "-0"}"#)
            == .with { $0.fInt32 = 1000; $0.fUint32 = 2 })
        #expect(try decode(Everything.with { $0.fInt64 = -3; $0.fFixed64 = 4; $0.fInt32 = -3 })
            .contains(#""fInt64": "-3",\#n  "fInt32": -3,\#n  "fFixed64": "4""#))
    }

    @Test func floatingPointSpecialValues() throws {
        let message = try encode(#"{"fDouble": "NaN", "fFloat": "-Infinity", "rDouble": ["Infinity", "1.5", -0.0]}"#)
        #expect(message.fDouble.isNaN)
        #expect(message.fFloat == -.infinity)
        #expect(message.rDouble.map(\.bitPattern) == [Double.infinity, 1.5, -0.0].map(\.bitPattern))
        let json = try ComparableJSON(try decode(message))
        #expect(try json == ComparableJSON(#"{"fDouble": "NaN", "fFloat": "-Infinity", "rDouble": ["Infinity", 1.5, -0]}"#))
    }

    @Test func bytesAcceptBothBase64AlphabetsWithOrWithoutPadding() throws {
        for text in ["+/8=", "+/8", "-_8=", "-_8"] {
            #expect(try encode(#"{"fBytes": "\#(text)"}"#).fBytes == Data([0xFB, 0xFF]))
        }
        #expect(try decode(Everything.with { $0.fBytes = Data([0xFB, 0xFF]) }) == "{\n  \"fBytes\": \"+/8=\"\n}")
    }

    @Test func enumsByNameOrNumber() throws {
        #expect(try encode(#"{"color": 2, "size": "TINY", "rColor": ["RED", 7]}"#)
            == .with { $0.color = .green; $0.size = .tiny; $0.rColor = [.red, .UNRECOGNIZED(7)] })
    }

    @Test func nullLeavesAFieldUnsetExceptForValue() throws {
        #expect(try encode(#"{"fInt32": null, "nested": null, "rInt32": null, "mStringInt32": null, "nullValue": null}"#)
            == Everything())
        #expect(try encode(#"{"value": null}"#) == .with { $0.value = Google_Protobuf_Value(nilLiteral: ()) })
    }

    @Test func repeatedScalarsArePackedOrNotAsDeclaredAndReadEitherWay() throws {
        #expect(try transcoder.encode(json: #"{"rInt32": [5, 6]}"#, messageType: Everything.protoMessageName)
            == [0xA2, 0x01, 0x02, 0x05, 0x06])
        #expect(try transcoder.encode(json: #"{"rUnpacked": [3, 4]}"#, messageType: Everything.protoMessageName)
            == [0xE8, 0x01, 0x03, 0xE8, 0x01, 0x04])
        // r_int32 (20) unpacked and r_unpacked (29) packed.
        let json = try transcoder.decode(
            bytes: [0xA0, 0x01, 0x05, 0xA0, 0x01, 0x06, 0xEA, 0x01, 0x02, 0x03, 0x04],
            messageType: Everything.protoMessageName)
        #expect(try ComparableJSON(json) == ComparableJSON(#"{"rInt32": [5, 6], "rUnpacked": ["3", "4"]}"#))
    }

    @Test func lastOneofMemberOnTheWireWins() throws {
        var bytes: [UInt8] = try Everything.with { $0.choiceText = "first" }.serializedBytes()
        bytes += try Everything.with { $0.choiceNumber = 2 }.serializedBytes() as [UInt8]
        #expect(try transcoder.decode(bytes: bytes, messageType: Everything.protoMessageName)
            == "{\n  \"choiceNumber\": 2\n}")
    }

    @Test func timestampsAcceptOffsetsAndShortFractions() throws {
        let expected = Google_Protobuf_Timestamp(seconds: 1_714_566_600, nanos: 500_000_000)
        for text in ["2024-05-01T12:30:00.5Z", "2024-05-01t14:30:00.500+02:00", "2024-05-01T10:00:00.5-02:30"] {
            #expect(try encode(#"{"timestamp": "\#(text)"}"#).timestamp == expected)
        }
    }

    /// Timestamps and durations across their range, against SwiftProtobuf's own text.
    @Test func timestampsAndDurationsMatchSwiftProtobuf() throws {
        var generator = SystemRandomNumberGenerator()
        let nanosChoices: [Int32] = [0, 1, 1000, 1_000_000, 123_456_789, 999_999_999, 500_000_000]
        for _ in 0..<500 {
            let timestamp = Google_Protobuf_Timestamp(
                seconds: Int64.random(in: -62_135_596_800...253_402_300_799, using: &generator),
                nanos: nanosChoices.randomElement(using: &generator)!)
            try expectTopLevelRoundTrip(timestamp)
            let seconds = Int64.random(in: -315_576_000_000...315_576_000_000, using: &generator)
            let nanos = nanosChoices.randomElement(using: &generator)!
            try expectTopLevelRoundTrip(Google_Protobuf_Duration(seconds: seconds, nanos: seconds < 0 ? -nanos : nanos))
        }
        try expectTopLevelRoundTrip(Google_Protobuf_Duration(seconds: 0, nanos: -1000))
        try expectTopLevelRoundTrip(Google_Protobuf_Timestamp(seconds: 951_868_800))  // 2000-03-01, after a leap day
    }

    private func expectTopLevelRoundTrip<Message: SwiftProtobuf.Message & Equatable>(_ message: Message) throws {
        let messageType = Message.protoMessageName
        let decoded = try transcoder.decode(bytes: try message.serializedBytes() as [UInt8], messageType: messageType)
        #expect(decoded == (try message.jsonString()))
        #expect(try Message(serializedBytes: try transcoder.encode(json: decoded, messageType: messageType)) == message)
    }

    @Test func fieldMaskPathsInLowerCamelCase() throws {
        #expect(try encode(#"{"fieldMask": "fInt32,nested.label,mStringInt32"}"#).fieldMask.paths
            == ["f_int32", "nested.label", "m_string_int32"])
    }

    @Test func anyOfATypeTheDescriptorsLackKeepsItsBytes() throws {
        var message = Everything()
        message.any.typeURL = "type.googleapis.com/ecoprod.daemon.v1.Reloaded"
        message.any.value = Data([0x08, 0x02])
        let json = try decode(message)
        #expect(try ComparableJSON(json) == ComparableJSON(
            #"{"any": {"@type": "type.googleapis.com/ecoprod.daemon.v1.Reloaded", "value": "CAI="}}"#))
        #expect(try encode(json) == message)
    }

    @Test func wellKnownTypesAtTopLevel() throws {
        #expect(try decode(Google_Protobuf_Duration(seconds: 90), as: "google.protobuf.Duration") == #""90s""#)
        #expect(try decode(Google_Protobuf_Int64Value(0), as: "google.protobuf.Int64Value") == #""0""#)
        #expect(try decode(Google_Protobuf_Empty(), as: ".google.protobuf.Empty") == "{}")
    }
}
