import EcoprodClient
import Testing

@Suite("Errors name the field at fault")
struct TranscodingErrorTests {
    static let everything = "ecoprod.client.fixtures.Everything"

    private func encodingError(
        _ json: String, messageType: String = everything, transcoder: JSONTranscoder = TestTranscoders.fixtures
    ) -> String? {
        do {
            _ = try transcoder.encode(json: json, messageType: messageType)
            return nil
        } catch {
            return error.description
        }
    }

    @Test(arguments: [
        (#"{"fInt32": "abc"}"#, #"field "fInt32": expected an integer, got "abc""#),
        (#"{"fInt32": 2147483648}"#, #"field "fInt32": 2147483648 is out of range for int32"#),
        (#"{"fUint64": -1}"#, #"field "fUint64": -1 is out of range for uint64"#),
        (#"{"fInt64": 1.5}"#, #"field "fInt64": 1.5 is not an integer"#),
        (#"{"fFloat": 1e39}"#, #"field "fFloat": 1e39 is out of range for float"#),
        (#"{"fDouble": "abc"}"#, #"field "fDouble": expected a number, got "abc""#),
        (#"{"fBool": "yes"}"#, #"field "fBool": expected true or false, got "yes""#),
        (#"{"fString": 5}"#, #"field "fString": expected a string, got 5"#),
        (#"{"fBytes": "not base64!"}"#, #"field "fBytes": expected base64 text, got "not base64!""#),
        (#"{"color": "PURPLE"}"#,
         #"field "color": unknown value "PURPLE" of enum ecoprod.client.fixtures.Color (it has: COLOR_UNSPECIFIED, RED, GREEN)"#),
        (#"{"nested": {"id": true}}"#, #"field "nested.id": expected an integer, got true"#),
        (#"{"nested": []}"#, #"field "nested": expected an object for ecoprod.client.fixtures.Everything.Nested, got an array"#),
        (#"{"nested": {"foo": 1}}"#, #"field "nested": unknown field "foo" in ecoprod.client.fixtures.Everything.Nested"#),
        (#"{"rNested": [{}, {"label": 5}]}"#, #"field "rNested[1].label": expected a string, got 5"#),
        (#"{"rInt32": 1}"#, #"field "rInt32": expected an array, got 1"#),
        (#"{"mStringInt32": {"a": "x"}}"#, #"field "mStringInt32["a"]": expected an integer, got "x""#),
        (#"{"mBoolNested": {"yes": {}}}"#, #"field "mBoolNested["yes"]": expected the key true or false"#),
        (#"{"mInt64String": {"12x": ""}}"#, #"field "mInt64String["12x"]": expected an integer, got "12x""#),
        (#"{"choiceText": "a", "choiceNumber": 1}"#,
         #""choiceText" and "choiceNumber" are both set, but only one field of oneof "choice" may be"#),
        (#"{"fInt32": 1, "f_int32": 2}"#, #"field "f_int32": set twice, as "fInt32" and "f_int32""#),
        (#"{"timestamp": "yesterday"}"#,
         #"field "timestamp": expected an RFC 3339 timestamp such as "2024-05-01T12:00:00Z", got "yesterday""#),
        (#"{"timestamp": "2024-02-30T00:00:00Z"}"#,
         #"field "timestamp": expected an RFC 3339 timestamp such as "2024-05-01T12:00:00Z", got "2024-02-30T00:00:00Z""#),
        (#"{"duration": "5m"}"#, #"field "duration": expected a duration such as "1.5s", got "5m""#),
        (#"{"wInt32": "x"}"#, #"field "wInt32": expected an integer, got "x""#),
        (#"{"struct": {"a": {"b": [1, {"c": 1e999}]}}}"#, #"field "struct["a"]["b"][1]["c"]": 1e999 is out of range for double"#),
        (#"{"any": {"id": 1}}"#, #"field "any": an Any needs "@type" to say what type its other members are"#),
        (#"{"any": {"@type": "type.googleapis.com/ecoprod.client.fixtures.Everything.Nested", "idd": 1}}"#,
         #"field "any": unknown field "idd" in ecoprod.client.fixtures.Everything.Nested"#),
        (#"{"any": {"@type": "type.googleapis.com/no.such.Type", "x": 1}}"#,
         #"field "any": unknown type "no.such.Type" in "@type": give its serialized bytes in base64 as "value""#),
        (#"{"any": {"@type": "type.googleapis.com/google.protobuf.Duration", "seconds": 1}}"#,
         #"field "any": an Any holding a google.protobuf.Duration takes its JSON in a "value" member alone"#),
        (#"{"foo": 1}"#, #"unknown field "foo" in ecoprod.client.fixtures.Everything"#),
        (#"[]"#, #"expected an object for ecoprod.client.fixtures.Everything, got an array"#),
    ])
    func badFieldValues(json: String, expected: String) {
        #expect(encodingError(json) == expected)
    }

    @Test(arguments: [
        ("{\"fInt32\": 1,\n  \"fString\": }", "invalid JSON at line 2, column 14: unexpected character '}'"),
        ("{\"a\" 1}", "invalid JSON at line 1, column 6: expected ':'"),
        ("{\"a\": 1", "invalid JSON at line 1, column 8: unexpected end of input, expected '}'"),
        ("{} {}", "invalid JSON at line 1, column 4: unexpected text after the JSON value"),
        ("\"\\ud800\"", "invalid JSON at line 1, column 9: unpaired surrogate \\ud800"),
        (String(repeating: "[", count: 200), "invalid JSON at line 1, column 102: nested deeper than 100 levels"),
    ])
    func invalidJSON(json: String, expected: String) {
        #expect(encodingError(json) == expected)
    }

    @Test func daemonRequests() {
        let daemon = TestTranscoders.daemon
        #expect(encodingError(#"{"foo": 1}"#, messageType: "ecoprod.daemon.v1.WatchRequest", transcoder: daemon)
            == #"unknown field "foo" in ecoprod.daemon.v1.WatchRequest"#)
        #expect(encodingError(#"{"topics": [1]}"#, messageType: "ecoprod.daemon.v1.WatchRequest", transcoder: daemon)
            == #"field "topics[0]": expected a string, got 1"#)
        #expect(encodingError(#"{"wait": "yes"}"#, messageType: "ecoprod.daemon.v1.ReloadRequest", transcoder: daemon)
            == #"field "wait": expected true or false, got "yes""#)
        #expect(encodingError("{}", messageType: "ecoprod.daemon.v1.Nope", transcoder: daemon)
            == #"unknown message type "ecoprod.daemon.v1.Nope""#)
    }

    @Test func malformedBinary() throws {
        func decodingError(_ bytes: [UInt8]) -> String? {
            do {
                _ = try TestTranscoders.fixtures.decode(bytes: bytes, messageType: Self.everything)
                return nil
            } catch {
                return error.description
            }
        }
        #expect(decodingError([0x08]) == "malformed binary data in ecoprod.client.fixtures.Everything: truncated varint")
        // nested (18) claims 5 bytes but has 2.
        #expect(decodingError([0x92, 0x01, 0x05, 0x08, 0x01])
            == "malformed binary data in ecoprod.client.fixtures.Everything: length 5 runs past the end of the data")
        // nested.label (2) given as a varint.
        #expect(decodingError([0x92, 0x01, 0x02, 0x10, 0x01])
            == #"field "nested.label": wire type varint does not fit a string field"#)
        // f_string (9) holding invalid UTF-8.
        #expect(decodingError([0x4A, 0x01, 0xFF]) == #"field "fString": string is not valid UTF-8"#)
        // timestamp (50) beyond year 9999.
        #expect(decodingError([0x92, 0x03, 0x07, 0x08, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10])
            == #"field "timestamp": timestamp of 549755813888 s and 0 ns is outside the years 1 to 9999"#)
    }

    @Test func deepNestingIsRefused() {
        // Everything.Nested.children (3) nested 150 deep.
        var bytes: [UInt8] = []
        for _ in 0..<150 { bytes = [0x1A] + varint(bytes.count) + bytes }
        #expect(throws: TranscodingError.self) {
            try TestTranscoders.fixtures.decode(bytes: bytes, messageType: "ecoprod.client.fixtures.Everything.Nested")
        }
    }
}

func varint(_ value: Int) -> [UInt8] {
    var value = UInt64(value)
    var bytes: [UInt8] = []
    while value >= 0x80 {
        bytes.append(UInt8(value & 0x7F) | 0x80)
        value >>= 7
    }
    return bytes + [UInt8(value)]
}
