/// Turns a JSON document into the binary encoding of a message, field by field as the
/// message's descriptor says, following the proto3 JSON mapping.
struct JSONToBinaryEncoder {
    let pool: DescriptorPool

    func encodeMessage(_ json: JSONValue, as message: MessageDescriptor, at path: FieldPath) throws(TranscodingError)
        -> [UInt8]
    {
        let path = try path.enteringMessage()
        var writer = WireWriter()
        if let wellKnownType = WellKnownType(rawValue: message.fullName) {
            try encodeWellKnown(wellKnownType, json, as: message, at: path, into: &writer)
        } else {
            guard case .object(let members) = json else {
                throw path.error("expected an object for \(message.fullName), got \(json.summaryForErrors)")
            }
            try encodeMembers(members, of: message, at: path, into: &writer)
        }
        return writer.bytes
    }

    /// Writes an object's members as the message's fields, in field number order as
    /// generated code does. Unknown names, fields given twice and clashing oneof
    /// members are refused before anything is written.
    func encodeMembers(
        _ members: [JSONMember], of message: MessageDescriptor, at path: FieldPath, into writer: inout WireWriter
    ) throws(TranscodingError) {
        var keyByFieldNumber: [Int32: String] = [:]
        var keyByOneof: [Int: String] = [:]
        var assignments: [(field: FieldDescriptor, value: JSONValue, path: FieldPath)] = []
        for member in members {
            guard let field = message.field(named: member.key) else {
                throw path.error("unknown field \"\(member.key)\" in \(message.fullName)")
            }
            let fieldPath = path.appending(field: member.key)
            if let earlierKey = keyByFieldNumber.updateValue(member.key, forKey: field.number) {
                throw fieldPath.error("set twice, as \"\(earlierKey)\" and \"\(member.key)\"")
            }
            // null means "not set", except where null is itself the value.
            if case .null = member.value, !Self.holdsNull(field) { continue }
            if let oneof = field.oneofIndex, let otherKey = keyByOneof.updateValue(member.key, forKey: oneof) {
                throw path.error(
                    "\"\(otherKey)\" and \"\(member.key)\" are both set, but only one field of oneof "
                        + "\"\(message.oneofNames[oneof])\" may be")
            }
            assignments.append((field, member.value, fieldPath))
        }
        for assignment in assignments.sorted(by: { $0.field.number < $1.field.number }) {
            try encodeField(assignment.field, assignment.value, at: assignment.path, into: &writer)
        }
    }

    func encodeField(_ field: FieldDescriptor, _ json: JSONValue, at path: FieldPath, into writer: inout WireWriter)
        throws(TranscodingError)
    {
        switch field.cardinality {
        case .singular:
            let value = try wireValue(json, kind: field.kind, at: path)
            // Without presence an absent field means the default: leave it out, as
            // generated code does, so the bytes are the canonical ones.
            if !field.hasPresence && value.isZero { return }
            writer.write(value, fieldNumber: field.number)

        case .repeated:
            guard case .array(let elements) = json else {
                throw path.error("expected an array, got \(json.summaryForErrors)")
            }
            var values: [WireValue] = []
            for (index, element) in elements.enumerated() {
                values.append(try wireValue(element, kind: field.kind, at: path.appending(index: index)))
            }
            if field.isPacked && field.kind.isPackable {
                guard !values.isEmpty else { return }
                var packed = WireWriter()
                for value in values { packed.writePayload(value) }
                writer.write(.lengthDelimited(packed.bytes[...]), fieldNumber: field.number)
            } else {
                for value in values { writer.write(value, fieldNumber: field.number) }
            }

        case .map(let keyField, let valueField):
            guard case .object(let entries) = json else {
                throw path.error("expected an object, got \(json.summaryForErrors)")
            }
            for entry in entries {
                let entryPath = path.appending(mapKey: entry.key)
                var entryWriter = WireWriter()
                let key = try mapKey(entry.key, kind: keyField.kind, at: entryPath)
                let value = try wireValue(entry.value, kind: valueField.kind, at: entryPath)
                entryWriter.write(key, fieldNumber: keyField.number)
                entryWriter.write(value, fieldNumber: valueField.number)
                writer.write(.lengthDelimited(entryWriter.bytes[...]), fieldNumber: field.number)
            }
        }
    }

    /// One value of a field, ready to be written.
    private func wireValue(_ json: JSONValue, kind: FieldDescriptor.Kind, at path: FieldPath) throws(TranscodingError)
        -> WireValue
    {
        func integer<Integer: FixedWidthInteger>(_ type: Integer.Type) throws(TranscodingError) -> Integer {
            try JSONNumbers.integer(json, as: type, typeName: kind.description, at: path)
        }
        switch kind {
        case .int32: return .varint(UInt64(bitPattern: Int64(try integer(Int32.self))))
        case .int64: return .varint(UInt64(bitPattern: try integer(Int64.self)))
        case .uint32: return .varint(UInt64(try integer(UInt32.self)))
        case .uint64: return .varint(try integer(UInt64.self))
        case .sint32: return .varint(ZigZag.encode(Int64(try integer(Int32.self))))
        case .sint64: return .varint(ZigZag.encode(try integer(Int64.self)))
        case .fixed32: return .fixed32(try integer(UInt32.self))
        case .sfixed32: return .fixed32(UInt32(bitPattern: try integer(Int32.self)))
        case .fixed64: return .fixed64(try integer(UInt64.self))
        case .sfixed64: return .fixed64(UInt64(bitPattern: try integer(Int64.self)))
        case .float:
            return .fixed32(Float(try JSONNumbers.floatingPoint(json, isSinglePrecision: true, at: path)).bitPattern)
        case .double:
            return .fixed64(try JSONNumbers.floatingPoint(json, isSinglePrecision: false, at: path).bitPattern)
        case .bool:
            guard case .bool(let flag) = json else {
                throw path.error("expected true or false, got \(json.summaryForErrors)")
            }
            return .varint(flag ? 1 : 0)
        case .string:
            guard case .string(let text) = json else {
                throw path.error("expected a string, got \(json.summaryForErrors)")
            }
            return .lengthDelimited(ArraySlice(text.utf8))
        case .bytes:
            guard case .string(let text) = json, let bytes = Base64.decode(text) else {
                throw path.error("expected base64 text, got \(json.summaryForErrors)")
            }
            return .lengthDelimited(bytes[...])
        case .enumeration(let enumName):
            return .varint(UInt64(bitPattern: Int64(try enumNumber(json, of: pool.resolvedEnum(enumName), at: path))))
        case .message(let messageName):
            return .lengthDelimited(try encodeMessage(json, as: pool.resolvedMessage(messageName), at: path)[...])
        case .group:
            throw path.error("proto2 groups are not supported")
        }
    }

    /// An enum value given by name, or by number as the mapping also accepts.
    private func enumNumber(_ json: JSONValue, of enumDescriptor: EnumDescriptor, at path: FieldPath)
        throws(TranscodingError) -> Int32
    {
        switch json {
        case .null where enumDescriptor.fullName == WellKnownType.nullValueEnum:
            return 0
        case .string(let name):
            guard let number = enumDescriptor.number(named: name) else {
                let names = enumDescriptor.values.map(\.name).joined(separator: ", ")
                throw path.error("unknown value \"\(name)\" of enum \(enumDescriptor.fullName) (it has: \(names))")
            }
            return number
        case .number:
            return try JSONNumbers.integer(json, as: Int32.self, typeName: "enum \(enumDescriptor.fullName)", at: path)
        default:
            throw path.error("expected a value name of enum \(enumDescriptor.fullName), got \(json.summaryForErrors)")
        }
    }

    /// A map key, which JSON always writes as a string, whatever the key type.
    private func mapKey(_ key: String, kind: FieldDescriptor.Kind, at path: FieldPath) throws(TranscodingError)
        -> WireValue
    {
        guard kind == .bool else { return try wireValue(.string(key), kind: kind, at: path) }
        switch key {
        case "true": return .varint(1)
        case "false": return .varint(0)
        default: throw path.error("expected the key true or false")
        }
    }

    /// Whether JSON null sets the field rather than leaving it unset: null is the
    /// JSON of google.protobuf.Value's null and of google.protobuf.NullValue.
    private static func holdsNull(_ field: FieldDescriptor) -> Bool {
        guard case .singular = field.cardinality else { return false }
        return field.kind == .message(WellKnownType.value.rawValue)
            || field.kind == .enumeration(WellKnownType.nullValueEnum)
    }
}

extension WireValue {
    /// Whether this is the default value of its field: zero bits or no bytes. Floating
    /// point -0 has a bit set, so it is not, as in generated code.
    fileprivate var isZero: Bool {
        switch self {
        case .varint(let number), .fixed64(let number): number == 0
        case .fixed32(let bits): bits == 0
        case .lengthDelimited(let payload): payload.isEmpty
        case .group: false
        }
    }
}
