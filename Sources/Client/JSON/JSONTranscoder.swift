/// Converts between JSON and the protobuf binary encoding of any message a
/// DescriptorPool describes, with no generated code for it: how `ecoprodctl call`
/// speaks to services it was not built with, as grpcurl does.
///
/// JSON follows the proto3 JSON mapping: lowerCamelCase names on output and either
/// name on input, 64-bit integers as strings, enums by name, bytes in base64, and the
/// special forms of the well-known types (Timestamp, Duration, Any, wrappers, Struct,
/// Value, ListValue, FieldMask).
public struct JSONTranscoder: Sendable {
    public let pool: DescriptorPool

    public init(pool: DescriptorPool) {
        self.pool = pool
    }

    /// The binary encoding of the message of type `messageType` that `json` describes.
    public func encode(json: String, messageType: String) throws(TranscodingError) -> [UInt8] {
        try encode(json: Array(json.utf8), messageType: messageType)
    }

    /// As `encode(json:messageType:)`, from UTF-8 bytes such as a file's contents.
    public func encode(json: some Collection<UInt8>, messageType: String) throws(TranscodingError) -> [UInt8] {
        let message = try messageDescriptor(messageType)
        let document = try JSONParser.parse(Array(json))
        return try JSONToBinaryEncoder(pool: pool).encodeMessage(document, as: message, at: FieldPath())
    }

    /// The binary encodings of a JSON array of messages, for client-streaming calls.
    public func encodeArray(json: some Collection<UInt8>, messageType: String) throws(TranscodingError) -> [[UInt8]] {
        let message = try messageDescriptor(messageType)
        guard case .array(let elements) = try JSONParser.parse(Array(json)) else {
            throw TranscodingError(reason: "a client-streaming call takes a JSON array of \(messageType) messages")
        }
        let encoder = JSONToBinaryEncoder(pool: pool)
        var encoded: [[UInt8]] = []
        for (index, element) in elements.enumerated() {
            encoded.append(try encoder.encodeMessage(element, as: message, at: FieldPath().appending(index: index)))
        }
        return encoded
    }

    /// The message of type `messageType` encoded in `bytes`, as JSON with members in
    /// field order, pretty-printed or on one line. Fields at their default are left out
    /// unless `emitDefaults`; fields the descriptor does not know are skipped.
    public func decode(bytes: some Collection<UInt8>, messageType: String, emitDefaults: Bool = false, pretty: Bool = true)
        throws(TranscodingError) -> String
    {
        let message = try messageDescriptor(messageType)
        let decoder = BinaryToJSONDecoder(pool: pool, emitDefaults: emitDefaults)
        return try decoder.decodeMessage(Array(bytes)[...], as: message, at: FieldPath()).rendered(pretty: pretty)
    }

    private func messageDescriptor(_ messageType: String) throws(TranscodingError) -> MessageDescriptor {
        guard let message = pool.message(named: messageType) else {
            throw TranscodingError(reason: "unknown message type \"\(messageType)\"")
        }
        return message
    }
}
