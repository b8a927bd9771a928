import EcoprodClient
import Foundation
import SwiftProtobuf
import Testing

typealias Everything = Ecoprod_Client_Fixtures_Everything

/// Every field of Everything set, most to values that stress their encoding.
func populatedEverything() throws -> Everything {
    var message = Everything()
    message.fDouble = -2.5e-300
    message.fFloat = 3.25
    message.fInt64 = .min
    message.fUint64 = .max
    message.fInt32 = -42
    message.fFixed64 = 1 << 60
    message.fFixed32 = .max
    message.fBool = true
    message.fString = "héllo \"quoted\"\n\u{1F600}\u{01}"
    message.fBytes = Data([0, 1, 2, 250, 255])
    message.fUint32 = 4_000_000_000
    message.fSfixed32 = -7
    message.fSfixed64 = -9_000_000_000
    message.fSint32 = .min
    message.fSint64 = -1
    message.color = .green
    message.size = .tiny
    message.nested = .with {
        $0.id = 7
        $0.label = "seven"
        $0.children = [.with { $0.id = 8 }]
    }
    message.renamed = "shown as displayName"
    message.rInt32 = [1, -1, .max]
    message.rSint64 = [0, -2, .max]
    message.rDouble = [0.1, -0.0, .infinity]
    message.rFixed32 = [0, 5]
    message.rBool = [true, false]
    message.rString = ["a", ""]
    message.rBytes = [Data(), Data("xyz".utf8)]
    message.rColor = [.red, .unspecified, .UNRECOGNIZED(99)]
    message.rNested = [.init(), .with { $0.label = "second" }]
    message.rUnpacked = [3, .max]
    message.rFloat = [1.5, -.infinity, .leastNonzeroMagnitude]
    message.mStringInt32 = ["one": 1, "minus": -1]
    message.mInt64String = [.min: "min", 0: "zero"]
    message.mBoolNested = [true: .with { $0.id = 1 }, false: .init()]
    message.mUint32Color = [1: .red, 2: .green]
    message.mSint32Bytes = [-5: Data([1, 2])]
    message.mStringAny = [
        "d": try Google_Protobuf_Any(message: Google_Protobuf_Duration(seconds: 1, nanos: 500_000_000)),
    ]
    message.choiceNested = .with { $0.id = 3 }
    message.maybeCount = 0
    message.timestamp = Google_Protobuf_Timestamp(seconds: 1_714_566_600, nanos: 250_000_000)
    message.duration = Google_Protobuf_Duration(seconds: -3, nanos: -1000)
    message.any = try Google_Protobuf_Any(message: message.nested)
    message.rAny = [
        try Google_Protobuf_Any(message: Google_Protobuf_Timestamp(seconds: 0)),
        try Google_Protobuf_Any(message: Google_Protobuf_Empty()),
        try Google_Protobuf_Any(message: Google_Protobuf_Int32Value(0)),
        try Google_Protobuf_Any(message: Google_Protobuf_Struct(fields: ["k": "v"])),
        try Google_Protobuf_Any(message: Google_Protobuf_Any(message: Everything.Nested.with { $0.id = 9 })),
    ]
    message.wInt32 = Google_Protobuf_Int32Value(0)
    message.wInt64 = Google_Protobuf_Int64Value(.max)
    message.wUint32 = Google_Protobuf_UInt32Value(7)
    message.wUint64 = Google_Protobuf_UInt64Value(.max)
    message.wFloat = Google_Protobuf_FloatValue(0.5)
    message.wDouble = Google_Protobuf_DoubleValue(-1e100)
    message.wBool = Google_Protobuf_BoolValue(false)
    message.wString = Google_Protobuf_StringValue("wrapped")
    message.wBytes = Google_Protobuf_BytesValue(Data([9]))
    message.struct = Google_Protobuf_Struct(fields: [
        "name": Google_Protobuf_Value(stringValue: "x"),
        "count": Google_Protobuf_Value(numberValue: 2),
        "ok": Google_Protobuf_Value(boolValue: true),
        "none": Google_Protobuf_Value(nilLiteral: ()),
        "list": Google_Protobuf_Value(listValue: [1, "two", Google_Protobuf_Value(listValue: [3])]),
        "inner": Google_Protobuf_Value(structValue: ["deep": 1.5]),
    ])
    message.value = Google_Protobuf_Value(numberValue: 1.25)
    message.listValue = ["a", 1, nil, true]
    message.fieldMask = Google_Protobuf_FieldMask(protoPaths: "f_int32", "nested.label")
    message.empty = Google_Protobuf_Empty()
    message.rTimestamp = [
        Google_Protobuf_Timestamp(seconds: -62_135_596_800),
        Google_Protobuf_Timestamp(seconds: 253_402_300_799, nanos: 999_999_999),
        Google_Protobuf_Timestamp(seconds: -1, nanos: 1000),
        Google_Protobuf_Timestamp(seconds: 951_782_400),
    ]
    message.nullValue = .nullValue
    return message
}

@Suite("Round trips against SwiftProtobuf's generated code")
struct FixtureRoundTripTests {
    let transcoder = TestTranscoders.fixtures

    @Test func populatedMessage() throws {
        try expectRoundTrip(try populatedEverything(), through: transcoder)
    }

    @Test func emptyMessage() throws {
        try expectRoundTrip(Everything(), through: transcoder)
        #expect(try transcoder.decode(bytes: [], messageType: Everything.protoMessageName) == "{}")
    }

    @Test(arguments: [
        Everything.OneOf_Choice.choiceText(""),
        .choiceNumber(0),
        .choiceNested(.init()),
    ])
    func oneofMemberAtItsDefaultIsStillShown(choice: Everything.OneOf_Choice) throws {
        var message = Everything()
        message.choice = choice
        try expectRoundTrip(message, through: transcoder)
    }

    @Test func valueHoldingEachKind() throws {
        let values: [Google_Protobuf_Value] = [
            nil, 0, "text", true,
            Google_Protobuf_Value(structValue: ["k": 1]),
            Google_Protobuf_Value(listValue: [1, "a"]),
        ]
        for value in values {
            var message = Everything()
            message.value = value
            try expectRoundTrip(message, through: transcoder)
        }
    }

    @Test func protoFieldNamesAreAcceptedOnInput() throws {
        let message = try populatedEverything()
        var options = JSONEncodingOptions()
        options.preserveProtoFieldNames = true
        let encoded = try transcoder.encode(
            json: try message.jsonString(options: options), messageType: Everything.protoMessageName)
        let expected = try Everything(serializedBytes: try message.serializedBytes() as [UInt8])
        #expect(try Everything(serializedBytes: encoded) == expected)
    }

    @Test func encodingWithoutMapsGivesTheSameBytesAsGeneratedCode() throws {
        var message = try populatedEverything()
        // Generated code writes map entries in dictionary order, which is not stable.
        message.mStringInt32 = [:]
        message.mInt64String = [:]
        message.mBoolNested = [:]
        message.mUint32Color = [:]
        message.mSint32Bytes = [:]
        message.mStringAny = [:]
        message.struct = Google_Protobuf_Struct()
        message.rAny.removeAll()
        let encoded = try transcoder.encode(json: try message.jsonString(), messageType: Everything.protoMessageName)
        #expect(encoded == (try message.serializedBytes() as [UInt8]))
    }

    @Test func outputIsPrettyPrintedInFieldOrder() throws {
        var message = Everything()
        message.nested.label = "n"
        message.fString = "s"
        message.fInt32 = 1
        message.fInt64 = 2
        message.rInt32 = [1, 2]
        let json = try transcoder.decode(
            bytes: try message.serializedBytes() as [UInt8], messageType: Everything.protoMessageName)
        #expect(json == """
            {
              "fInt64": "2",
              "fInt32": 1,
              "fString": "s",
              "nested": {
                "label": "n"
              },
              "rInt32": [
                1,
                2
              ]
            }
            """)
    }

    @Test func emitDefaultsShowsFieldsWithoutPresence() throws {
        var message = Everything.Nested()
        message.id = 0
        let json = try transcoder.decode(
            bytes: try message.serializedBytes() as [UInt8], messageType: "ecoprod.client.fixtures.Everything.Nested",
            emitDefaults: true)
        #expect(try ComparableJSON(json) == ComparableJSON(#"{"id": 0, "label": "", "children": []}"#))

        // Message fields, oneof members and proto3 optional fields have presence: still left out.
        let everything = try ComparableJSON(
            try transcoder.decode(bytes: [], messageType: Everything.protoMessageName, emitDefaults: true))
        guard case .object(let members) = everything else { Issue.record("not an object"); return }
        #expect(members["fInt64"] == .string("0"))
        #expect(members["color"] == .string("COLOR_UNSPECIFIED"))
        #expect(members["nullValue"] == .null)
        #expect(members["mStringInt32"] == .object([:]))
        #expect(members["nested"] == nil)
        #expect(members["choiceText"] == nil)
        #expect(members["maybeCount"] == nil)
        #expect(members["timestamp"] == nil)
    }

    @Test func unknownFieldsAreSkipped() throws {
        let bytes: [UInt8] = try populatedEverything().serializedBytes()
        let json = try transcoder.decode(bytes: bytes, messageType: "ecoprod.client.fixtures.Slim")
        #expect(try ComparableJSON(json) == ComparableJSON(#"{"fString": "héllo \"quoted\"\n😀\u0001"}"#))
    }
}
