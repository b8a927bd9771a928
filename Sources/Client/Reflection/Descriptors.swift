// The resolved view of a FileDescriptorSet that DescriptorPool hands out: every type
// reference already checked and fully qualified, map fields already paired with their
// key and value, so the transcoder never looks at raw descriptor protos.

public struct MessageDescriptor: Sendable {
    /// Without a leading dot, e.g. "ecoprod.daemon.v1.HealthRequest".
    public let fullName: String
    /// In declaration order, which is the order of JSON output.
    public let fields: [FieldDescriptor]
    /// The names of the message's oneofs, indexed by `FieldDescriptor.oneofIndex`.
    public let oneofNames: [String]

    private let fieldIndexByNumber: [Int32: Int]
    private let fieldIndexByName: [String: Int]

    init(fullName: String, fields: [FieldDescriptor], oneofNames: [String]) {
        self.fullName = fullName
        self.fields = fields
        self.oneofNames = oneofNames
        var byNumber: [Int32: Int] = [:]
        var byName: [String: Int] = [:]
        for (index, field) in fields.enumerated() {
            byNumber[field.number] = index
            byName[field.name] = index
            byName[field.jsonName] = index
        }
        fieldIndexByNumber = byNumber
        fieldIndexByName = byName
    }

    public func field(number: Int32) -> FieldDescriptor? {
        fieldIndexByNumber[number].map { fields[$0] }
    }

    /// Finds a field by its JSON name or by its name in the .proto file.
    public func field(named name: String) -> FieldDescriptor? {
        fieldIndexByName[name].map { fields[$0] }
    }
}

public struct FieldDescriptor: Sendable {
    public enum Kind: Sendable, Equatable {
        case double, float, int64, uint64, int32, fixed64, fixed32, bool, string, bytes
        case uint32, sfixed32, sfixed64, sint32, sint64
        /// The fully qualified name of the enum type.
        case enumeration(String)
        /// The fully qualified name of the message type.
        case message(String)
        /// A proto2 group: its fully qualified message type. The transcoder refuses these.
        case group(String)
    }

    public indirect enum Cardinality: Sendable {
        case singular
        case repeated
        /// A map field: the key and value fields of its synthesized entry message.
        case map(key: FieldDescriptor, value: FieldDescriptor)
    }

    /// As written in the .proto file, e.g. "started_at".
    public let name: String
    /// The proto3 JSON name, e.g. "startedAt", or the one set with the json_name option.
    public let jsonName: String
    public let number: Int32
    public let kind: Kind
    public let cardinality: Cardinality
    /// Whether "not set" differs from the default value: message fields, oneof members,
    /// proto3 `optional` and proto2 fields. Singular fields without it are omitted from
    /// JSON output when they hold the default.
    public let hasPresence: Bool
    /// The index into `MessageDescriptor.oneofNames` of the oneof this field belongs to;
    /// nil for proto3 `optional` fields, whose oneof is synthetic.
    public let oneofIndex: Int?
    /// Whether repeated scalars are written packed, as proto3 does unless told otherwise.
    public let isPacked: Bool
}

public struct EnumDescriptor: Sendable {
    public struct Value: Sendable {
        public let name: String
        public let number: Int32
    }

    public let fullName: String
    /// In declaration order.
    public let values: [Value]

    private let numberByName: [String: Int32]
    private let nameByNumber: [Int32: String]

    init(fullName: String, values: [Value]) {
        self.fullName = fullName
        self.values = values
        numberByName = Dictionary(values.map { ($0.name, $0.number) }, uniquingKeysWith: { first, _ in first })
        // With allow_alias several names share a number; the first one declared is canonical.
        nameByNumber = Dictionary(values.map { ($0.number, $0.name) }, uniquingKeysWith: { first, _ in first })
    }

    public func number(named name: String) -> Int32? {
        numberByName[name]
    }

    public func name(of number: Int32) -> String? {
        nameByNumber[number]
    }
}

public struct ServiceDescriptor: Sendable {
    /// E.g. "ecoprod.daemon.v1.Daemon".
    public let fullName: String
    public let methods: [MethodDescriptor]
}

public struct MethodDescriptor: Sendable {
    /// E.g. "Health".
    public let name: String
    /// E.g. "ecoprod.daemon.v1.Daemon".
    public let serviceName: String
    public let inputType: MessageDescriptor
    public let outputType: MessageDescriptor
    public let clientStreaming: Bool
    public let serverStreaming: Bool

    /// The gRPC/ttrpc path, e.g. "/ecoprod.daemon.v1.Daemon/Health".
    public var path: String { "/\(serviceName)/\(name)" }
}
