import CPluginABI
import EcoprodProtocol
import SwiftProtobuf

/// A plugin descriptor read out of C memory into Swift values, after every check of
/// docs/PLUGIN_ABI.md section 4 that needs nothing but the descriptor itself.
struct PluginManifest: @unchecked Sendable {
    // @unchecked: the C pointers below point at the plugin's static, immutable data
    // and code, which stay mapped for the life of the process.

    struct Method: @unchecked Sendable {
        /// Position in the descriptor's array: what the plugin switches on.
        let index: UInt32
        let descriptor: MethodDescriptor
        /// The plugin's own copy of the full name, handed back in each call.
        let cName: UnsafePointer<CChar>
    }

    let id: String
    let version: String
    let description: String
    /// "MAJOR.MINOR" the plugin was built against.
    let abi: String
    let methods: [Method]
    let provides: [String]
    let requires: [String]
    let descriptorSet: Google_Protobuf_FileDescriptorSet?
    let initialize: ecoprod_plugin_init_fn?
    let handle: ecoprod_plugin_handle_fn?
    let shutdown: ecoprod_plugin_shutdown_fn?
    let context: UnsafeMutableRawPointer?

    /// Reads and checks `descriptor`. Fields are read only once `struct_size` says they
    /// exist: a descriptor shorter than 1.0's is refused before anything past it is touched.
    init(reading descriptor: UnsafePointer<ecoprod_plugin_descriptor>) throws(PluginRefusal) {
        let raw = UnsafeRawPointer(descriptor)
        let structSize = raw.load(as: UInt32.self)
        let major = raw.load(fromByteOffset: 4, as: UInt32.self)
        guard major == UInt32(ECOPROD_PLUGIN_ABI_MAJOR) else {
            throw PluginRefusal("built for plugin ABI \(major).x; this ecoprodd speaks \(ECOPROD_PLUGIN_ABI_MAJOR).\(ECOPROD_PLUGIN_ABI_MINOR)")
        }
        guard structSize >= UInt32(ECOPROD_PLUGIN_DESCRIPTOR_MIN_SIZE) else {
            throw PluginRefusal("descriptor is \(structSize) bytes, shorter than the \(ECOPROD_PLUGIN_DESCRIPTOR_MIN_SIZE) of ABI 1.0")
        }
        let d = descriptor.pointee
        guard d.flags == 0 else { throw PluginRefusal("unknown descriptor flags 0x\(String(d.flags, radix: 16))") }
        guard let id = d.id.map(String.init(cString:)) else { throw PluginRefusal("descriptor has no id") }
        guard Self.isName(id), id.utf8.count <= 64, id != "builtin" else {
            throw PluginRefusal("id \"\(id)\" is not 1-64 of [a-z0-9.-] starting with a letter or digit, or is reserved")
        }
        guard let version = d.version.map(String.init(cString:)) else { throw PluginRefusal("plugin \(id) has no version") }
        self.id = id
        self.version = version
        self.description = d.description.map(String.init(cString:)) ?? ""
        self.abi = "\(major).\(d.abi_minor)"
        self.provides = try Self.capabilities(d.capabilities_provided, "provided")
        self.requires = try Self.capabilities(d.capabilities_required, "required")
        if let cycle = Set(provides).intersection(requires).first {
            throw PluginRefusal("requires capability \"\(cycle)\", which it provides itself")
        }
        self.initialize = d.`init`
        self.handle = d.handle
        self.shutdown = d.shutdown
        self.context = d.plugin_ctx
        guard d.method_count > 0 else {
            self.methods = []
            self.descriptorSet = nil
            return
        }
        guard let array = d.methods, d.handle != nil else { throw PluginRefusal("declares methods but no methods array or handle function") }
        guard d.method_struct_size >= UInt32(ECOPROD_METHOD_MIN_SIZE) else {
            throw PluginRefusal("method entries are \(d.method_struct_size) bytes, shorter than the \(ECOPROD_METHOD_MIN_SIZE) of ABI 1.0")
        }
        guard let setBytes = d.descriptor_set, d.descriptor_set_size > 0 else {
            throw PluginRefusal("declares methods but no descriptor set")
        }
        do {
            descriptorSet = try Google_Protobuf_FileDescriptorSet(serializedBytes: Array(UnsafeBufferPointer(start: setBytes, count: d.descriptor_set_size)))
        } catch {
            throw PluginRefusal("descriptor set is not a valid google.protobuf.FileDescriptorSet: \(error)")
        }
        var methods: [Method] = []
        for index in 0..<d.method_count {
            let entry = UnsafeRawPointer(array).advanced(by: Int(index) * Int(d.method_struct_size))
                .assumingMemoryBound(to: ecoprod_method.self).pointee
            let method = try Self.method(entry, index: index, provider: id)
            guard !methods.contains(where: { $0.descriptor.fullName == method.descriptor.fullName }) else {
                throw PluginRefusal("declares method \(method.descriptor.fullName) twice")
            }
            methods.append(method)
        }
        self.methods = methods
        try checkAgainstDescriptorSet()
    }

    private static func method(_ entry: ecoprod_method, index: UInt32, provider: String) throws(PluginRefusal) -> Method {
        guard let cName = entry.name else { throw PluginRefusal("method \(index) has no name") }
        let name = String(cString: cName)
        guard let slash = name.lastIndex(of: "/"), name.first != "/",
            name[..<slash].contains("."), name.index(after: slash) != name.endIndex
        else { throw PluginRefusal("method name \"\(name)\" is not of the form package.Service/Method") }
        let request = entry.request_type.map(String.init(cString:)) ?? ""
        let response = entry.response_type.map(String.init(cString:)) ?? ""
        guard !request.isEmpty, !response.isEmpty else { throw PluginRefusal("method \(name) lacks its request or response type") }
        let kind: MethodKind
        switch entry.kind {
        case UInt32(ECOPROD_METHOD_UNARY.rawValue): kind = .unary
        case UInt32(ECOPROD_METHOD_SERVER_STREAMING.rawValue): kind = .serverStreaming
        case UInt32(ECOPROD_METHOD_CLIENT_STREAMING.rawValue):
            throw PluginRefusal("method \(name) is client-streaming, which plugin ABI 1.0 does not support")
        default: throw PluginRefusal("method \(name) has unknown kind \(entry.kind)")
        }
        guard let role = Role(rawValue: Int(entry.required_role)), role != .none else {
            throw PluginRefusal("method \(name) requires role \(entry.required_role); it must be reader (1), editor (2) or admin (3)")
        }
        guard entry.flags & ~ECOPROD_METHOD_MUTATING == 0, entry.reserved == 0 else {
            throw PluginRefusal("method \(name) has unknown flags 0x\(String(entry.flags, radix: 16)) or a non-zero reserved field")
        }
        let descriptor = MethodDescriptor(
            service: String(name[..<slash]), method: String(name[name.index(after: slash)...]),
            requestType: request, responseType: response, kind: kind, role: role,
            mutating: entry.flags & ECOPROD_METHOD_MUTATING != 0, provider: provider
        )
        return Method(index: index, descriptor: descriptor, cName: cName)
    }

    /// Each method must be in the descriptor set exactly as declared: clients and
    /// `ecoprodctl call` describe its messages from there.
    private func checkAgainstDescriptorSet() throws(PluginRefusal) {
        let services = Dictionary(
            (descriptorSet?.file ?? []).flatMap { file in
                file.service.map { (file.package.isEmpty ? $0.name : "\(file.package).\($0.name)", $0) }
            },
            uniquingKeysWith: { first, _ in first }
        )
        for method in methods.map(\.descriptor) {
            guard let service = services[method.service] else {
                throw PluginRefusal("service \(method.service) is not in the plugin's descriptor set")
            }
            guard let declared = service.method.first(where: { $0.name == method.method }) else {
                throw PluginRefusal("method \(method.fullName) is not in the plugin's descriptor set")
            }
            guard declared.inputType == ".\(method.requestType)", declared.outputType == ".\(method.responseType)" else {
                throw PluginRefusal("\(method.fullName) declares \(method.requestType) -> \(method.responseType) but its .proto says \(declared.inputType.dropFirst()) -> \(declared.outputType.dropFirst())")
            }
            guard !declared.clientStreaming, declared.serverStreaming == (method.kind == .serverStreaming) else {
                throw PluginRefusal("\(method.fullName) is declared \(method.kind) but its .proto streams differently")
            }
        }
    }

    private static func capabilities(_ list: UnsafePointer<UnsafePointer<CChar>?>?, _ what: String) throws(PluginRefusal) -> [String] {
        guard var cursor = list else { return [] }
        var names: [String] = []
        while let name = cursor.pointee {
            let capability = String(cString: name)
            guard isName(capability) else { throw PluginRefusal("\(what) capability \"\(capability)\" is not of [a-z0-9.-]") }
            names.append(capability)
            cursor += 1
        }
        return names
    }

    /// ^[a-z0-9][a-z0-9.-]*$: plugin ids and capability names.
    static func isName(_ text: String) -> Bool {
        guard let first = text.utf8.first, isLowerAlphanumeric(first) else { return false }
        return text.utf8.allSatisfy { isLowerAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }
    }

    private static func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}

/// Why a plugin was not loaded, in words for the log and ListPlugins.
struct PluginRefusal: Error, Sendable, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
