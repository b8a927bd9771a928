import EcoprodClient
import EcoprodProtocol
import Foundation
import SwiftProtobuf
import Testing

/// Transcoders over the two descriptor sets the tests use: the fixtures', made by
/// Fixtures/generate.sh, and the daemon's, which the daemon serves.
enum TestTranscoders {
    static let fixtures = transcoder(base64: FixtureDescriptors.fileDescriptorSetBase64)
    static let daemon = transcoder(base64: EmbeddedDescriptors.fileDescriptorSetBase64)

    private static func transcoder(base64: String) -> JSONTranscoder {
        do {
            return JSONTranscoder(pool: try DescriptorPool(serializedFileDescriptorSet: Data(base64Encoded: base64)!))
        } catch {
            fatalError("the test descriptor set does not make a pool: \(error)")
        }
    }
}

/// JSON with the differences that do not matter smoothed out: member order and number
/// spelling ("1.0" and "1"). Decodable is stricter than JSONSerialization, whose
/// NSNumbers would let true equal 1.
indirect enum ComparableJSON: Decodable, Equatable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([ComparableJSON])
    case object([String: ComparableJSON])

    init(_ text: String) throws {
        self = try JSONDecoder().decode(ComparableJSON.self, from: Data(text.utf8))
    }

    init(from decoder: any Swift.Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let elements = try? container.decode([ComparableJSON].self) {
            self = .array(elements)
        } else {
            self = .object(try container.decode([String: ComparableJSON].self))
        }
    }

    var description: String {
        switch self {
        case .null: "null"
        case .bool(let flag): "\(flag)"
        case .number(let number): "\(number)"
        case .string(let text): "\"\(text)\""
        case .array(let elements): "[" + elements.map(\.description).joined(separator: ", ") + "]"
        case .object(let members):
            "{" + members.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ") + "}"
        }
    }
}

/// Checks the transcoder against SwiftProtobuf's generated code for `message`: decoding
/// its bytes gives the JSON SwiftProtobuf writes, and encoding that JSON gives bytes
/// that parse back to the same message.
func expectRoundTrip<Message: SwiftProtobuf.Message & Equatable>(
    _ message: Message, through transcoder: JSONTranscoder, sourceLocation: SourceLocation = #_sourceLocation
) throws {
    let messageType = Message.protoMessageName
    let decoded = try transcoder.decode(bytes: try message.serializedBytes() as [UInt8], messageType: messageType)
    #expect(try ComparableJSON(decoded) == ComparableJSON(try message.jsonString()), sourceLocation: sourceLocation)

    let encoded = try transcoder.encode(json: try message.jsonString(), messageType: messageType)
    // SwiftProtobuf only finds two Anys equal when both hold bytes or both hold a
    // message, so compare with the message as parsed from its own bytes.
    let expected = try Message(serializedBytes: try message.serializedBytes() as [UInt8])
    #expect(try Message(serializedBytes: encoded) == expected, sourceLocation: sourceLocation)
}
