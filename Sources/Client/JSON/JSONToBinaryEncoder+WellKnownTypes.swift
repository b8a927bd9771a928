// Encoding the google.protobuf types whose JSON is not an object of their fields.

extension JSONToBinaryEncoder {
    func encodeWellKnown(
        _ type: WellKnownType, _ json: JSONValue, as message: MessageDescriptor, at path: FieldPath,
        into writer: inout WireWriter
    ) throws(TranscodingError) {
        switch type {
        case .timestamp:
            guard case .string(let text) = json, let (seconds, nanos) = TimestampText.parse(text) else {
                throw path.error(
                    "expected an RFC 3339 timestamp such as \"2024-05-01T12:00:00Z\", got \(json.summaryForErrors)")
            }
            writeSecondsAndNanos(seconds, nanos, into: &writer)

        case .duration:
            guard case .string(let text) = json, let (seconds, nanos) = DurationText.parse(text) else {
                throw path.error("expected a duration such as \"1.5s\", got \(json.summaryForErrors)")
            }
            writeSecondsAndNanos(seconds, nanos, into: &writer)

        case .fieldMask:
            guard case .string(let text) = json else {
                throw path.error("expected field paths such as \"name,budget.amount\", got \(json.summaryForErrors)")
            }
            for fieldPath in FieldMaskText.parse(text) {
                writer.write(.lengthDelimited(ArraySlice(fieldPath.utf8)), fieldNumber: 1)
            }

        case .value:
            // Value is a oneof whose member follows from the JSON type.
            let memberNumber: Int32 = switch json {
            case .null: 1
            case .number: 2
            case .string: 3
            case .bool: 4
            case .object: 5
            case .array: 6
            }
            try encodeField(try message.wellKnownField(memberNumber, at: path), json, at: path, into: &writer)

        case .structType, .listValue, .doubleValue, .floatValue, .int64Value, .uint64Value, .int32Value,
             .uint32Value, .boolValue, .stringValue, .bytesValue:
            // The JSON is that of the single field: Struct's map, ListValue's array, a wrapper's value.
            try encodeField(try message.wellKnownField(1, at: path), json, at: path, into: &writer)

        case .any:
            try encodeAny(json, at: path, into: &writer)
        }
    }

    /// `{"@type": URL, ...fields}`, or `{"@type": URL, "value": JSON}` for a well-known
    /// type; a type the pool lacks must come as base64 of its bytes in "value".
    private func encodeAny(_ json: JSONValue, at path: FieldPath, into writer: inout WireWriter)
        throws(TranscodingError)
    {
        guard case .object(let members) = json else {
            throw path.error("expected an object with \"@type\", got \(json.summaryForErrors)")
        }
        let fieldMembers = members.filter { $0.key != "@type" }
        guard let typeMember = members.first(where: { $0.key == "@type" }) else {
            if members.isEmpty { return }
            throw path.error("an Any needs \"@type\" to say what type its other members are")
        }
        guard case .string(let typeURL) = typeMember.value, let slash = typeURL.lastIndex(of: "/") else {
            throw path.error(
                "\"@type\" must be a type URL such as \"type.googleapis.com/ecoprod.daemon.v1.Reloaded\", "
                    + "got \(typeMember.value.summaryForErrors)")
        }
        let typeName = String(typeURL[typeURL.index(after: slash)...])
        let valueMember = fieldMembers.count == 1 ? fieldMembers.first(where: { $0.key == "value" }) : nil

        let payload: [UInt8]
        if let embedded = pool.message(named: typeName) {
            if WellKnownType(rawValue: typeName) != nil {
                guard let valueMember else {
                    throw path.error("an Any holding a \(typeName) takes its JSON in a \"value\" member alone")
                }
                payload = try encodeMessage(valueMember.value, as: embedded, at: path.appending(field: "value"))
            } else {
                var embeddedWriter = WireWriter()
                try encodeMembers(fieldMembers, of: embedded, at: try path.enteringMessage(), into: &embeddedWriter)
                payload = embeddedWriter.bytes
            }
        } else {
            guard case .string(let text)? = valueMember?.value, let bytes = Base64.decode(text) else {
                throw path.error(
                    "unknown type \"\(typeName)\" in \"@type\": give its serialized bytes in base64 as \"value\"")
            }
            payload = bytes
        }
        writer.write(.lengthDelimited(ArraySlice(typeURL.utf8)), fieldNumber: 1)
        if !payload.isEmpty {
            writer.write(.lengthDelimited(payload[...]), fieldNumber: 2)
        }
    }

    private func writeSecondsAndNanos(_ seconds: Int64, _ nanos: Int32, into writer: inout WireWriter) {
        if seconds != 0 { writer.write(.varint(UInt64(bitPattern: seconds)), fieldNumber: 1) }
        if nanos != 0 { writer.write(.varint(UInt64(bitPattern: Int64(nanos))), fieldNumber: 2) }
    }
}
