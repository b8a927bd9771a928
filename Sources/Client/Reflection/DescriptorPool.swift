import SwiftProtobuf

/// Every message, enum and service of a FileDescriptorSet, looked up by fully
/// qualified name, with all type references resolved when the pool is built: a pool
/// that builds holds no dangling reference.
public struct DescriptorPool: Sendable {
    /// In the order of the set's files and of the declarations in each.
    public let services: [ServiceDescriptor]

    private let messages: [String: MessageDescriptor]
    private let enums: [String: EnumDescriptor]

    public init(serializedFileDescriptorSet bytes: some SwiftProtobufContiguousBytes) throws(DescriptorPoolError) {
        let set: Google_Protobuf_FileDescriptorSet
        do {
            set = try Google_Protobuf_FileDescriptorSet(serializedBytes: bytes)
        } catch {
            throw DescriptorPoolError("not a serialized FileDescriptorSet: \(error)")
        }
        try self.init(fileDescriptorSet: set)
    }

    public init(fileDescriptorSet: Google_Protobuf_FileDescriptorSet) throws(DescriptorPoolError) {
        let declarations = try Declarations(files: fileDescriptorSet.file)
        var messages: [String: MessageDescriptor] = [:]
        for declaration in declarations.messages.values {
            messages[declaration.fullName] = try declarations.makeMessage(declaration)
        }
        var services: [ServiceDescriptor] = []
        for declaration in declarations.services {
            services.append(try declarations.makeService(declaration, messages: messages))
        }
        self.messages = messages
        self.services = services
        enums = declarations.enums.mapValues { declaration in
            EnumDescriptor(
                fullName: declaration.fullName,
                values: declaration.proto.value.map { EnumDescriptor.Value(name: $0.name, number: $0.number) })
        }
    }

    /// The message with this fully qualified name; a leading dot is allowed.
    public func message(named name: String) -> MessageDescriptor? {
        messages[withoutLeadingDot(name)]
    }

    /// The enum with this fully qualified name; a leading dot is allowed.
    public func enumType(named name: String) -> EnumDescriptor? {
        enums[withoutLeadingDot(name)]
    }

    /// The service with this fully qualified name; a leading dot is allowed.
    public func service(named name: String) -> ServiceDescriptor? {
        let name = withoutLeadingDot(name)
        return services.first { $0.fullName == name }
    }

    /// Finds a method by "package.Service/Method", with or without a leading slash, or
    /// by "package.Service.Method" as grpcurl also accepts; the error says which part
    /// is unknown.
    public func method(_ path: String) throws(DescriptorPoolError) -> MethodDescriptor {
        var path = Substring(path)
        if path.hasPrefix("/") { path = path.dropFirst() }
        guard let separator = path.lastIndex(of: "/") ?? path.lastIndex(of: ".") else {
            throw DescriptorPoolError("\"\(path)\" is not of the form SERVICE/METHOD")
        }
        let serviceName = String(path[..<separator])
        let methodName = String(path[path.index(after: separator)...])
        guard let service = service(named: serviceName) else {
            throw DescriptorPoolError("unknown service \"\(serviceName)\"")
        }
        guard let method = service.methods.first(where: { $0.name == methodName }) else {
            let known = service.methods.map(\.name).joined(separator: ", ")
            throw DescriptorPoolError(
                "service \"\(service.fullName)\" has no method \"\(methodName)\" (it has: \(known))")
        }
        return method
    }

    /// For the transcoder, which only follows references the pool resolved when built.
    func resolvedMessage(_ fullName: String) -> MessageDescriptor {
        guard let message = messages[fullName] else { preconditionFailure("unresolved message \(fullName)") }
        return message
    }

    func resolvedEnum(_ fullName: String) -> EnumDescriptor {
        guard let enumDescriptor = enums[fullName] else { preconditionFailure("unresolved enum \(fullName)") }
        return enumDescriptor
    }
}

/// Why a FileDescriptorSet does not make a pool, or a method is not in it.
public struct DescriptorPoolError: Error, CustomStringConvertible, Sendable {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}

private func withoutLeadingDot(_ name: String) -> String {
    name.hasPrefix(".") ? String(name.dropFirst()) : name
}

/// The declarations of a FileDescriptorSet by fully qualified name, before resolution.
private struct Declarations {
    struct Message {
        let fullName: String
        let proto: Google_Protobuf_DescriptorProto
        /// Whether the file is proto3, where plain singular fields have no presence and
        /// repeated scalars are packed by default.
        let isProto3: Bool
    }

    struct Enum {
        let fullName: String
        let proto: Google_Protobuf_EnumDescriptorProto
    }

    struct Service {
        let fullName: String
        let proto: Google_Protobuf_ServiceDescriptorProto
    }

    private(set) var messages: [String: Message] = [:]
    private(set) var enums: [String: Enum] = [:]
    private(set) var services: [Service] = []

    init(files: [Google_Protobuf_FileDescriptorProto]) throws(DescriptorPoolError) {
        var seenFiles = Set<String>()
        for file in files where seenFiles.insert(file.name).inserted {
            let isProto3 = file.syntax == "proto3"
            let scope = file.package
            for message in file.messageType {
                try addMessage(message, scope: scope, isProto3: isProto3)
            }
            for enumProto in file.enumType {
                try addEnum(enumProto, scope: scope)
            }
            for service in file.service {
                let fullName = qualified(service.name, in: scope)
                try claim(fullName)
                services.append(Service(fullName: fullName, proto: service))
            }
        }
    }

    private mutating func addMessage(_ proto: Google_Protobuf_DescriptorProto, scope: String, isProto3: Bool)
        throws(DescriptorPoolError)
    {
        let fullName = qualified(proto.name, in: scope)
        try claim(fullName)
        messages[fullName] = Message(fullName: fullName, proto: proto, isProto3: isProto3)
        for nested in proto.nestedType {
            try addMessage(nested, scope: fullName, isProto3: isProto3)
        }
        for enumProto in proto.enumType {
            try addEnum(enumProto, scope: fullName)
        }
    }

    private mutating func addEnum(_ proto: Google_Protobuf_EnumDescriptorProto, scope: String)
        throws(DescriptorPoolError)
    {
        let fullName = qualified(proto.name, in: scope)
        try claim(fullName)
        enums[fullName] = Enum(fullName: fullName, proto: proto)
    }

    private func claim(_ fullName: String) throws(DescriptorPoolError) {
        let isTaken = messages[fullName] != nil || enums[fullName] != nil
            || services.contains { $0.fullName == fullName }
        if isTaken {
            throw DescriptorPoolError("\"\(fullName)\" is declared twice")
        }
    }

    /// Resolves a type_name as protoc does: fully qualified when it starts with a dot,
    /// otherwise relative to `scope` and then to each enclosing scope in turn.
    func resolve(_ typeName: String, from scope: String) -> String? {
        if typeName.hasPrefix(".") {
            let name = String(typeName.dropFirst())
            return messages[name] != nil || enums[name] != nil ? name : nil
        }
        var scope = Substring(scope)
        while true {
            let candidate = qualified(typeName, in: String(scope))
            if messages[candidate] != nil || enums[candidate] != nil { return candidate }
            guard !scope.isEmpty else { return nil }
            scope = scope[..<(scope.lastIndex(of: ".") ?? scope.startIndex)]
        }
    }

    func makeMessage(_ declaration: Message) throws(DescriptorPoolError) -> MessageDescriptor {
        // Each proto3 `optional` field sits in a synthetic oneof that JSON knows nothing of;
        // protoc puts those after the real oneofs, so the real ones keep their indices.
        let syntheticOneofs = Set(declaration.proto.field.filter(\.proto3Optional).map { Int($0.oneofIndex) })
        return MessageDescriptor(
            fullName: declaration.fullName,
            fields: try declaration.proto.field.map { field throws(DescriptorPoolError) in
                try makeField(field, in: declaration)
            },
            oneofNames: declaration.proto.oneofDecl.indices.filter { !syntheticOneofs.contains($0) }.map {
                declaration.proto.oneofDecl[$0].name
            })
    }

    func makeService(_ declaration: Service, messages: [String: MessageDescriptor]) throws(DescriptorPoolError)
        -> ServiceDescriptor
    {
        var methods: [MethodDescriptor] = []
        for method in declaration.proto.method {
            func messageType(_ typeName: String, role: String) throws(DescriptorPoolError) -> MessageDescriptor {
                guard let name = resolve(typeName, from: declaration.fullName), let message = messages[name] else {
                    throw DescriptorPoolError(
                        "\(role) type \"\(typeName)\" of \(declaration.fullName).\(method.name) is not a known message")
                }
                return message
            }
            methods.append(MethodDescriptor(
                name: method.name,
                serviceName: declaration.fullName,
                inputType: try messageType(method.inputType, role: "input"),
                outputType: try messageType(method.outputType, role: "output"),
                clientStreaming: method.clientStreaming,
                serverStreaming: method.serverStreaming))
        }
        return ServiceDescriptor(fullName: declaration.fullName, methods: methods)
    }

    private func makeField(_ proto: Google_Protobuf_FieldDescriptorProto, in message: Message)
        throws(DescriptorPoolError) -> FieldDescriptor
    {
        let kind = try makeKind(proto, in: message)
        var cardinality = FieldDescriptor.Cardinality.singular
        if proto.label == .repeated {
            cardinality = .repeated
            if case .message(let entryName) = kind, let entry = messages[entryName], entry.proto.options.mapEntry {
                guard let key = entry.proto.field.first(where: { $0.number == 1 }),
                      let value = entry.proto.field.first(where: { $0.number == 2 })
                else {
                    throw DescriptorPoolError("map entry \(entryName) lacks its key or value field")
                }
                cardinality = .map(key: try makeField(key, in: entry), value: try makeField(value, in: entry))
            }
        }
        let inRealOneof = proto.hasOneofIndex && !proto.proto3Optional
        let hasPresence: Bool
        switch (kind, cardinality) {
        case (_, .repeated), (_, .map): hasPresence = false
        case (.message, _), (.group, _): hasPresence = true
        default: hasPresence = !message.isProto3 || proto.proto3Optional || inRealOneof
        }
        return FieldDescriptor(
            name: proto.name,
            jsonName: proto.hasJsonName ? proto.jsonName : lowerCamelCase(proto.name),
            number: proto.number,
            kind: kind,
            cardinality: cardinality,
            hasPresence: hasPresence,
            oneofIndex: inRealOneof ? Int(proto.oneofIndex) : nil,
            isPacked: proto.options.hasPacked ? proto.options.packed : message.isProto3)
    }

    private func makeKind(_ proto: Google_Protobuf_FieldDescriptorProto, in message: Message)
        throws(DescriptorPoolError) -> FieldDescriptor.Kind
    {
        if !proto.typeName.isEmpty {
            guard let name = resolve(proto.typeName, from: message.fullName) else {
                throw DescriptorPoolError(
                    "field \(message.fullName).\(proto.name) refers to unknown type \"\(proto.typeName)\"")
            }
            // type may be left out when type_name is set; the name then says which kind it is.
            switch (proto.hasType ? proto.type : nil, messages[name] != nil) {
            case (.group?, true): return .group(name)
            case (.message?, true), (nil, true): return .message(name)
            case (.enum?, false), (nil, false): return .enumeration(name)
            default:
                throw DescriptorPoolError(
                    "field \(message.fullName).\(proto.name) has type \(proto.type), "
                        + "but \"\(name)\" is not of that kind")
            }
        }
        switch proto.type {
        case .double: return .double
        case .float: return .float
        case .int64: return .int64
        case .uint64: return .uint64
        case .int32: return .int32
        case .fixed64: return .fixed64
        case .fixed32: return .fixed32
        case .bool: return .bool
        case .string: return .string
        case .bytes: return .bytes
        case .uint32: return .uint32
        case .sfixed32: return .sfixed32
        case .sfixed64: return .sfixed64
        case .sint32: return .sint32
        case .sint64: return .sint64
        case .group, .message, .enum:
            throw DescriptorPoolError("field \(message.fullName).\(proto.name) has type \(proto.type) but no type_name")
        }
    }
}

private func qualified(_ name: String, in scope: String) -> String {
    scope.isEmpty ? name : scope + "." + name
}

/// The JSON name protoc derives when json_name is not set: underscores dropped, the
/// letter after each one capitalised.
private func lowerCamelCase(_ name: String) -> String {
    var result = ""
    var capitalizeNext = false
    for character in name {
        if character == "_" {
            capitalizeNext = true
        } else {
            result += capitalizeNext ? character.uppercased() : String(character)
            capitalizeNext = false
        }
    }
    return result
}
