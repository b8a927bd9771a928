// The protobuf binary wire format: tags, varints, fixed-width values and
// length-delimited runs. Shared by the JSON encoder and decoder; knows nothing of
// descriptors.

enum WireType: UInt8, Sendable {
    case varint = 0
    case fixed64 = 1
    case lengthDelimited = 2
    case startGroup = 3
    case endGroup = 4
    case fixed32 = 5
}

/// Appends wire-format values to a byte buffer.
struct WireWriter {
    private(set) var bytes: [UInt8] = []

    /// Writes one field: its tag, then its value.
    mutating func write(_ value: WireValue, fieldNumber: Int32) {
        writeTag(fieldNumber: fieldNumber, wireType: value.wireType)
        writePayload(value)
    }

    /// Writes a value without a tag, as the elements of a packed run are written.
    mutating func writePayload(_ value: WireValue) {
        switch value {
        case .varint(let number):
            writeVarint(number)
        case .fixed64(let bits):
            appendLittleEndian(bits)
        case .fixed32(let bits):
            appendLittleEndian(bits)
        case .lengthDelimited(let payload):
            writeVarint(UInt64(payload.count))
            bytes.append(contentsOf: payload)
        case .group:
            preconditionFailure("groups are only ever skipped, never written")
        }
    }

    private mutating func writeTag(fieldNumber: Int32, wireType: WireType) {
        writeVarint(UInt64(UInt32(bitPattern: fieldNumber)) << 3 | UInt64(wireType.rawValue))
    }

    private mutating func writeVarint(_ value: UInt64) {
        var remaining = value
        while remaining >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: remaining) | 0x80)
            remaining >>= 7
        }
        bytes.append(UInt8(remaining))
    }

    private mutating func appendLittleEndian(_ value: some FixedWidthInteger) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }
}

/// One field occurrence read off the wire, not yet interpreted by a field type.
enum WireValue {
    case varint(UInt64)
    case fixed64(UInt64)
    case fixed32(UInt32)
    case lengthDelimited(ArraySlice<UInt8>)
    /// A proto2 group; the transcoder has no use for its contents, only skips it.
    case group

    var wireType: WireType {
        switch self {
        case .varint: .varint
        case .fixed64: .fixed64
        case .fixed32: .fixed32
        case .lengthDelimited: .lengthDelimited
        case .group: .startGroup
        }
    }
}

/// Why bytes are not valid wire format; the decoder adds the field path.
struct MalformedWireData: Error {
    let reason: String
}

/// Reads wire-format values from a byte slice, front to back.
struct WireReader {
    private var remaining: ArraySlice<UInt8>

    init(_ bytes: ArraySlice<UInt8>) {
        remaining = bytes
    }

    var isAtEnd: Bool { remaining.isEmpty }

    /// Reads the next field: its number and its value, whatever its wire type.
    mutating func readField() throws(MalformedWireData) -> (fieldNumber: Int32, value: WireValue) {
        let (fieldNumber, wireType) = try readTag()
        switch wireType {
        case .startGroup:
            try skipGroup(fieldNumber: fieldNumber)
            return (fieldNumber, .group)
        case .endGroup:
            throw MalformedWireData(reason: "end of group \(fieldNumber) without a start")
        case .varint, .fixed64, .lengthDelimited, .fixed32:
            return (fieldNumber, try readValue(wireType))
        }
    }

    /// Reads a value that is not a group: a field's value after its tag, or one element
    /// of a packed run.
    mutating func readValue(_ wireType: WireType) throws(MalformedWireData) -> WireValue {
        switch wireType {
        case .varint: return .varint(try readVarint())
        case .fixed64: return .fixed64(try take(8, what: "fixed64").reversed().reduce(0) { $0 << 8 | UInt64($1) })
        case .fixed32: return .fixed32(try take(4, what: "fixed32").reversed().reduce(0) { $0 << 8 | UInt32($1) })
        case .lengthDelimited: return .lengthDelimited(try readLengthDelimited())
        case .startGroup, .endGroup: throw MalformedWireData(reason: "unexpected group")
        }
    }

    private mutating func readTag() throws(MalformedWireData) -> (Int32, WireType) {
        let tag = try readVarint()
        let fieldNumber = tag >> 3
        guard let wireType = WireType(rawValue: UInt8(tag & 7)) else {
            throw MalformedWireData(reason: "invalid wire type \(tag & 7)")
        }
        guard fieldNumber >= 1, fieldNumber <= 536_870_911 else {
            throw MalformedWireData(reason: "invalid field number \(fieldNumber)")
        }
        return (Int32(fieldNumber), wireType)
    }

    private mutating func readVarint() throws(MalformedWireData) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while let byte = remaining.popFirst() {
            // The tenth byte may only contribute the top bit of a 64-bit value.
            guard shift < 63 || byte <= 1 else { throw MalformedWireData(reason: "varint longer than 64 bits") }
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
        throw MalformedWireData(reason: "truncated varint")
    }

    private mutating func readLengthDelimited() throws(MalformedWireData) -> ArraySlice<UInt8> {
        let length = try readVarint()
        guard length <= UInt64(remaining.count) else {
            throw MalformedWireData(reason: "length \(length) runs past the end of the data")
        }
        return try take(Int(length), what: "length-delimited value")
    }

    /// Skips to the end of the group just opened, over any groups nested in it. A loop
    /// rather than recursion, so hostile nesting cannot exhaust the stack.
    private mutating func skipGroup(fieldNumber: Int32) throws(MalformedWireData) {
        var openGroups = [fieldNumber]
        while let innermost = openGroups.last {
            guard !isAtEnd else { throw MalformedWireData(reason: "group \(innermost) is not closed") }
            let (number, wireType) = try readTag()
            switch wireType {
            case .varint, .fixed64, .fixed32, .lengthDelimited: _ = try readValue(wireType)
            case .startGroup: openGroups.append(number)
            case .endGroup:
                guard number == innermost else {
                    throw MalformedWireData(reason: "group \(innermost) closed as \(number)")
                }
                openGroups.removeLast()
            }
        }
    }

    private mutating func take(_ count: Int, what: String) throws(MalformedWireData) -> ArraySlice<UInt8> {
        guard remaining.count >= count else { throw MalformedWireData(reason: "truncated \(what)") }
        let taken = remaining.prefix(count)
        remaining.removeFirst(count)
        return taken
    }
}

enum ZigZag {
    static func encode(_ value: Int64) -> UInt64 {
        UInt64(bitPattern: (value << 1) ^ (value >> 63))
    }

    static func decode(_ value: UInt64) -> Int64 {
        Int64(bitPattern: value >> 1) ^ -Int64(bitPattern: value & 1)
    }
}
