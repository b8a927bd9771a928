/// Turns the binary encoding of a message into JSON, field by field as the message's
/// descriptor says, following the proto3 JSON mapping. Fields the descriptor does not
/// know are skipped.
struct BinaryToJSONDecoder {
    let pool: DescriptorPool
    /// Whether fields without presence are shown when they hold the default value.
    let emitDefaults: Bool

    func decodeMessage(_ bytes: ArraySlice<UInt8>, as message: MessageDescriptor, at path: FieldPath)
        throws(TranscodingError) -> JSONValue
    {
        let path = try path.enteringMessage()
        let fields = try readFields(bytes, of: message, at: path)
        if let wellKnownType = WellKnownType(rawValue: message.fullName) {
            return try decodeWellKnown(wellKnownType, fields, of: message, at: path)
        }
        var members: [JSONMember] = []
        for field in message.fields {
            if let value = try decodeField(field, from: fields, at: path.appending(field: field.jsonName)) {
                members.append(JSONMember(key: field.jsonName, value: value))
            }
        }
        return .object(members)
    }

    /// Every occurrence of the message's known fields, in wire order.
    func readFields(_ bytes: ArraySlice<UInt8>, of message: MessageDescriptor, at path: FieldPath)
        throws(TranscodingError) -> WireFields
    {
        var reader = WireReader(bytes)
        var fields = WireFields()
        while !reader.isAtEnd {
            let (fieldNumber, value): (Int32, WireValue)
            do {
                (fieldNumber, value) = try reader.readField()
            } catch {
                throw path.error("malformed binary data in \(message.fullName): \(error.reason)")
            }
            guard let field = message.field(number: fieldNumber) else { continue }
            fields.occurrences[fieldNumber, default: []].append(value)
            if let oneof = field.oneofIndex {
                fields.lastSetMemberOfOneof[oneof] = fieldNumber
            }
        }
        return fields
    }

    /// The JSON of one field, or nil when the field is to be left out.
    func decodeField(_ field: FieldDescriptor, from fields: WireFields, at path: FieldPath) throws(TranscodingError)
        -> JSONValue?
    {
        let occurrences = fields.occurrences[field.number] ?? []
        switch field.cardinality {
        case .singular:
            // On the wire the last member of a oneof to appear wins.
            if let oneof = field.oneofIndex, fields.lastSetMemberOfOneof[oneof] != field.number { return nil }
            if occurrences.isEmpty && (field.hasPresence || !emitDefaults) { return nil }
            let value = try singularValue(occurrences, kind: field.kind, at: path)
            if !field.hasPresence && !emitDefaults, value == (try defaultValue(field.kind, at: path)) { return nil }
            return value
        case .repeated:
            let elements = try repeatedValues(occurrences, kind: field.kind, at: path)
            return elements.isEmpty && !emitDefaults ? nil : .array(elements)
        case .map(let keyField, let valueField):
            let entries = try mapEntries(occurrences, of: field, key: keyField, value: valueField, at: path)
            return entries.isEmpty && !emitDefaults ? nil : .object(entries)
        }
    }

    private func repeatedValues(_ occurrences: [WireValue], kind: FieldDescriptor.Kind, at path: FieldPath)
        throws(TranscodingError) -> [JSONValue]
    {
        var elements: [JSONValue] = []
        for occurrence in occurrences {
            // Scalars may come packed or not, whatever the descriptor prefers.
            guard case .lengthDelimited(let run) = occurrence, kind.isPackable else {
                elements.append(try value(occurrence, kind: kind, at: path.appending(index: elements.count)))
                continue
            }
            var reader = WireReader(run)
            while !reader.isAtEnd {
                let elementPath = path.appending(index: elements.count)
                let element: WireValue
                do {
                    element = try reader.readValue(kind.wireType)
                } catch {
                    throw elementPath.error("malformed packed \(kind) values: \(error.reason)")
                }
                elements.append(try value(element, kind: kind, at: elementPath))
            }
        }
        return elements
    }

    private func mapEntries(
        _ occurrences: [WireValue], of field: FieldDescriptor, key keyField: FieldDescriptor,
        value valueField: FieldDescriptor, at path: FieldPath
    ) throws(TranscodingError) -> [JSONMember] {
        guard case .message(let entryName) = field.kind else {
            preconditionFailure("a map field without an entry type")
        }
        let entryDescriptor = pool.resolvedMessage(entryName)
        var entries: [JSONMember] = []
        var entryIndexByKey: [String: Int] = [:]
        for occurrence in occurrences {
            let entryBytes = try payload(of: occurrence, kind: field.kind, at: path)
            let entry = try readFields(entryBytes, of: entryDescriptor, at: path)
            let keyOccurrences = entry.occurrences[keyField.number] ?? []
            let key = mapKeyText(try singularValue(keyOccurrences, kind: keyField.kind, at: path))
            let valueOccurrences = entry.occurrences[valueField.number] ?? []
            let member = JSONMember(
                key: key,
                value: try singularValue(valueOccurrences, kind: valueField.kind, at: path.appending(mapKey: key)))
            // A key that comes again replaces the earlier value, in the earlier place.
            if let index = entryIndexByKey[key] {
                entries[index] = member
            } else {
                entryIndexByKey[key] = entries.count
                entries.append(member)
            }
        }
        return entries
    }

    /// The value of a singular field or map entry part: for a message the merge of all
    /// occurrences, as if their bytes were concatenated; for a scalar the last; the
    /// default when there is none.
    func singularValue(_ occurrences: [WireValue], kind: FieldDescriptor.Kind, at path: FieldPath)
        throws(TranscodingError) -> JSONValue
    {
        if case .message(let messageName) = kind {
            var merged: [UInt8] = []
            for occurrence in occurrences {
                merged += try payload(of: occurrence, kind: kind, at: path)
            }
            return try decodeMessage(merged[...], as: pool.resolvedMessage(messageName), at: path)
        }
        guard let last = occurrences.last else { return try defaultValue(kind, at: path) }
        return try value(last, kind: kind, at: path)
    }

    private func defaultValue(_ kind: FieldDescriptor.Kind, at path: FieldPath) throws(TranscodingError) -> JSONValue {
        let zero: WireValue = switch kind.wireType {
        case .varint: .varint(0)
        case .fixed64: .fixed64(0)
        case .fixed32: .fixed32(0)
        case .lengthDelimited, .startGroup, .endGroup: .lengthDelimited([])
        }
        return try value(zero, kind: kind, at: path)
    }

    /// One value as JSON: 64-bit integers as strings, enums by name, bytes in base64.
    func value(_ wireValue: WireValue, kind: FieldDescriptor.Kind, at path: FieldPath) throws(TranscodingError)
        -> JSONValue
    {
        switch (kind, wireValue) {
        case (.int32, .varint(let bits)): return .number(String(Int32(truncatingIfNeeded: bits)))
        case (.int64, .varint(let bits)): return .string(String(Int64(bitPattern: bits)))
        case (.uint32, .varint(let bits)): return .number(String(UInt32(truncatingIfNeeded: bits)))
        case (.uint64, .varint(let bits)): return .string(String(bits))
        case (.sint32, .varint(let bits)):
            return .number(String(Int32(truncatingIfNeeded: ZigZag.decode(UInt64(UInt32(truncatingIfNeeded: bits))))))
        case (.sint64, .varint(let bits)): return .string(String(ZigZag.decode(bits)))
        case (.bool, .varint(let bits)): return .bool(bits != 0)
        case (.enumeration(let enumName), .varint(let bits)):
            let number = Int32(truncatingIfNeeded: bits)
            if enumName == WellKnownType.nullValueEnum { return .null }
            // A number the descriptor does not name stays a number, as proto3 enums are open.
            return pool.resolvedEnum(enumName).name(of: number).map(JSONValue.string) ?? .number(String(number))
        case (.fixed32, .fixed32(let bits)): return .number(String(bits))
        case (.sfixed32, .fixed32(let bits)): return .number(String(Int32(bitPattern: bits)))
        case (.float, .fixed32(let bits)): return JSONNumbers.json(Float(bitPattern: bits))
        case (.fixed64, .fixed64(let bits)): return .string(String(bits))
        case (.sfixed64, .fixed64(let bits)): return .string(String(Int64(bitPattern: bits)))
        case (.double, .fixed64(let bits)): return JSONNumbers.json(Double(bitPattern: bits))
        case (.string, .lengthDelimited(let run)): return .string(try string(run, at: path))
        case (.bytes, .lengthDelimited(let run)): return .string(Base64.encode(run))
        case (.message(let messageName), .lengthDelimited(let run)):
            return try decodeMessage(run, as: pool.resolvedMessage(messageName), at: path)
        case (.group, _): throw path.error("proto2 groups are not supported")
        default: throw wireTypeMismatch(wireValue, kind: kind, at: path)
        }
    }

    func string(_ run: ArraySlice<UInt8>, at path: FieldPath) throws(TranscodingError) -> String {
        guard let text = String(validating: run, as: UTF8.self) else { throw path.error("string is not valid UTF-8") }
        return text
    }

    func payload(of occurrence: WireValue, kind: FieldDescriptor.Kind, at path: FieldPath) throws(TranscodingError)
        -> ArraySlice<UInt8>
    {
        guard case .lengthDelimited(let run) = occurrence else {
            throw wireTypeMismatch(occurrence, kind: kind, at: path)
        }
        return run
    }

    func wireTypeMismatch(_ occurrence: WireValue, kind: FieldDescriptor.Kind, at path: FieldPath)
        -> TranscodingError
    {
        path.error("wire type \(occurrence.wireType) does not fit a \(kind) field")
    }

    /// JSON object keys are strings whatever the key type.
    private func mapKeyText(_ key: JSONValue) -> String {
        switch key {
        case .string(let text), .number(let text): text
        case .bool(let flag): String(flag)
        case .null, .array, .object: preconditionFailure("map keys are integers, strings or bools")
        }
    }
}

/// The occurrences of a message's known fields, before they are given JSON form.
struct WireFields {
    var occurrences: [Int32: [WireValue]] = [:]
    /// Per oneof index, the field number that appeared last.
    var lastSetMemberOfOneof: [Int: Int32] = [:]
}
