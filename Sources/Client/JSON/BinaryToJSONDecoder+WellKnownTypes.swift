// Decoding the google.protobuf types whose JSON is not an object of their fields.

extension BinaryToJSONDecoder {
    func decodeWellKnown(_ type: WellKnownType, _ fields: WireFields, of message: MessageDescriptor, at path: FieldPath)
        throws(TranscodingError) -> JSONValue
    {
        switch type {
        case .timestamp:
            let (seconds, nanos) = try secondsAndNanos(fields, at: path)
            guard let text = TimestampText.format(seconds: seconds, nanos: nanos) else {
                throw path.error("timestamp of \(seconds) s and \(nanos) ns is outside the years 1 to 9999")
            }
            return .string(text)

        case .duration:
            let (seconds, nanos) = try secondsAndNanos(fields, at: path)
            guard let text = DurationText.format(seconds: seconds, nanos: nanos) else {
                throw path.error("duration of \(seconds) s and \(nanos) ns is out of range")
            }
            return .string(text)

        case .fieldMask:
            var paths: [String] = []
            for occurrence in fields.occurrences[1] ?? [] {
                paths.append(try string(try payload(of: occurrence, kind: .string, at: path), at: path))
            }
            return .string(FieldMaskText.format(paths: paths))

        case .value:
            // Value is a oneof; the JSON is that of whichever member is set.
            for field in message.fields {
                if let json = try decodeField(field, from: fields, at: path) { return json }
            }
            // A Value with no member set has no JSON form of its own; null is the nearest.
            return .null

        case .structType:
            return try decodeField(try message.wellKnownField(1, at: path), from: fields, at: path) ?? .object([])

        case .listValue:
            return try decodeField(try message.wellKnownField(1, at: path), from: fields, at: path) ?? .array([])

        case .doubleValue, .floatValue, .int64Value, .uint64Value, .int32Value, .uint32Value, .boolValue,
             .stringValue, .bytesValue:
            // A wrapper is present even when its value is the default, so the default is shown.
            let valueField = try message.wellKnownField(1, at: path)
            return try singularValue(fields.occurrences[valueField.number] ?? [], kind: valueField.kind, at: path)

        case .any:
            return try decodeAny(fields, at: path)
        }
    }

    /// `{"@type": URL, ...fields}`, or `{"@type": URL, "value": JSON}` for a well-known
    /// type. A type the pool lacks shows as base64 of its bytes in "value", which
    /// encoding accepts back.
    private func decodeAny(_ fields: WireFields, at path: FieldPath) throws(TranscodingError) -> JSONValue {
        var typeURL = ""
        if let occurrence = fields.occurrences[1]?.last {
            typeURL = try string(try payload(of: occurrence, kind: .string, at: path), at: path)
        }
        var embeddedBytes: ArraySlice<UInt8> = []
        if let occurrence = fields.occurrences[2]?.last {
            embeddedBytes = try payload(of: occurrence, kind: .bytes, at: path)
        }
        if typeURL.isEmpty && embeddedBytes.isEmpty { return .object([]) }

        let typeMember = JSONMember(key: "@type", value: .string(typeURL))
        let typeName = typeURL.lastIndex(of: "/").map { String(typeURL[typeURL.index(after: $0)...]) } ?? typeURL
        guard let embedded = pool.message(named: typeName) else {
            return .object([typeMember, JSONMember(key: "value", value: .string(Base64.encode(embeddedBytes)))])
        }
        let embeddedJSON = try decodeMessage(embeddedBytes, as: embedded, at: path)
        if WellKnownType(rawValue: embedded.fullName) == nil, case .object(let members) = embeddedJSON {
            return .object([typeMember] + members)
        }
        return .object([typeMember, JSONMember(key: "value", value: embeddedJSON)])
    }

    private func secondsAndNanos(_ fields: WireFields, at path: FieldPath) throws(TranscodingError)
        -> (seconds: Int64, nanos: Int32)
    {
        func lastVarint(_ fieldNumber: Int32, kind: FieldDescriptor.Kind) throws(TranscodingError) -> UInt64 {
            guard let last = fields.occurrences[fieldNumber]?.last else { return 0 }
            guard case .varint(let bits) = last else { throw wireTypeMismatch(last, kind: kind, at: path) }
            return bits
        }
        let seconds = Int64(bitPattern: try lastVarint(1, kind: .int64))
        let nanos = Int32(truncatingIfNeeded: try lastVarint(2, kind: .int32))
        return (seconds, nanos)
    }
}
