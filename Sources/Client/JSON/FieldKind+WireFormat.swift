// How each field kind travels on the wire, shared by the encoder and the decoder.

extension FieldDescriptor.Kind {
    /// The wire type of one value of this kind.
    var wireType: WireType {
        switch self {
        case .int32, .int64, .uint32, .uint64, .sint32, .sint64, .bool, .enumeration: .varint
        case .fixed64, .sfixed64, .double: .fixed64
        case .fixed32, .sfixed32, .float: .fixed32
        case .string, .bytes, .message: .lengthDelimited
        case .group: .startGroup
        }
    }

    /// Whether repeated values of this kind may share one length-delimited run.
    var isPackable: Bool {
        switch wireType {
        case .varint, .fixed64, .fixed32: true
        case .lengthDelimited, .startGroup, .endGroup: false
        }
    }
}

extension FieldDescriptor.Kind: CustomStringConvertible {
    /// As a .proto file spells the type: "sint64", "enum x.Color", "message x.Nested".
    public var description: String {
        switch self {
        case .double: "double"
        case .float: "float"
        case .int64: "int64"
        case .uint64: "uint64"
        case .int32: "int32"
        case .fixed64: "fixed64"
        case .fixed32: "fixed32"
        case .bool: "bool"
        case .string: "string"
        case .bytes: "bytes"
        case .uint32: "uint32"
        case .sfixed32: "sfixed32"
        case .sfixed64: "sfixed64"
        case .sint32: "sint32"
        case .sint64: "sint64"
        case .enumeration(let name): "enum \(name)"
        case .message(let name): "message \(name)"
        case .group(let name): "group \(name)"
        }
    }
}
