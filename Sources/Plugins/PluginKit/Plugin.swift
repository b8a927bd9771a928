import CPluginABI
import Glibc
import Synchronization

/// A capability plugin: what it is, the methods it serves, and its C descriptor.
///
/// Define one as a global and export the ABI's entry point from your library:
///
///     let plugin = Plugin(id: "probe", version: "1.0.0", descriptorSet: ..., methods: [...])
///
///     @c(ecoprod_plugin_entry_v1)
///     public func ecoprodPluginEntry(_ hostMajor: UInt32, _ hostMinor: UInt32)
///         -> UnsafePointer<ecoprod_plugin_descriptor>? {
///         plugin.entry(hostMajor: hostMajor, hostMinor: hostMinor)
///     }
///
/// A global is initialised once, thread-safely, on first use: from the entry point.
public final class Plugin: Sendable {
    /// What init() reports.
    public enum InitResult: Sendable, Hashable {
        /// Route my methods from now on.
        case ready
        /// Not applicable here (hardware, data or configuration absent): not an error.
        case skip
        /// Failed, with an errno (EIO, EINVAL, ...): reported, and never called again.
        case failed(errno: Int32)
    }

    public let id: String
    public let methods: [PluginMethod]
    private let onInit: (@Sendable (PluginHost) -> InitResult)?
    private let onShutdown: (@Sendable (PluginHost) -> Void)?
    private let hostTable = Mutex<PluginHost?>(nil)
    private let inFlight = InFlightCalls()
    /// Built once and never freed: the host reads it for the life of the process.
    nonisolated(unsafe) private let descriptor: UnsafeMutablePointer<ecoprod_plugin_descriptor>

    /// - Parameters:
    ///   - id: `^[a-z0-9][a-z0-9.-]*$`, at most 64 bytes; names the [Plugin.<id>]
    ///     configuration section and prefixes the plugin's event topics.
    ///   - provides, requires: capability names ("probe.v1", "ecoprod.daemon.v1"); the
    ///     host initialises this plugin after a provider of each required one.
    ///   - descriptorSet: the serialized FileDescriptorSet of the services' .proto files
    ///     and their imports (`protoc --include_imports --descriptor_set_out`).
    ///   - onInit: runs once, on the daemon's startup thread, before any call; may block
    ///     briefly. Without it the plugin is ready at once.
    ///   - onShutdown: runs once when the daemon stops, after calls were drained. Calls
    ///     still open afterwards are answered UNAVAILABLE and their tasks cancelled.
    ///   - methods: `handle()` finds a method by its index in this array.
    public init(
        id: String, version: String, description: String? = nil,
        provides: [String] = [], requires: [String] = [],
        descriptorSet: [UInt8],
        onInit: (@Sendable (PluginHost) -> InitResult)? = nil,
        onShutdown: (@Sendable (PluginHost) -> Void)? = nil,
        methods: [PluginMethod]
    ) {
        self.id = id
        self.methods = methods
        self.onInit = onInit
        self.onShutdown = onShutdown
        descriptor = .allocate(capacity: 1)
        let entries = methods.map { method in
            ecoprod_method(
                name: StaticMemory.string(method.name),
                request_type: StaticMemory.string(method.requestType),
                response_type: StaticMemory.string(method.responseType),
                kind: method.kind.rawValue,
                required_role: method.role.rawValue,
                flags: method.isMutating ? ECOPROD_METHOD_MUTATING : 0,
                reserved: 0
            )
        }
        descriptor.initialize(to: ecoprod_plugin_descriptor(
            struct_size: UInt32(MemoryLayout<ecoprod_plugin_descriptor>.size),
            abi_major: UInt32(ECOPROD_PLUGIN_ABI_MAJOR),
            abi_minor: UInt32(ECOPROD_PLUGIN_ABI_MINOR),
            flags: 0,
            id: StaticMemory.string(id),
            version: StaticMemory.string(version),
            description: StaticMemory.string(description),
            methods: StaticMemory.array(entries),
            method_count: UInt32(entries.count),
            method_struct_size: UInt32(MemoryLayout<ecoprod_method>.stride),
            capabilities_provided: StaticMemory.strings(provides),
            capabilities_required: StaticMemory.strings(requires),
            descriptor_set: StaticMemory.array(descriptorSet),
            descriptor_set_size: descriptorSet.count,
            init: Self.initialize,
            handle: Self.handle,
            shutdown: Self.shutdown,
            // The plugin lives as long as its descriptor: forever.
            plugin_ctx: Unmanaged.passRetained(self).toOpaque()
        ))
    }

    /// The body of `ecoprod_plugin_entry_v1`: the descriptor for ABI major 1, nil for
    /// any other major.
    public func entry(hostMajor: UInt32, hostMinor: UInt32) -> UnsafePointer<ecoprod_plugin_descriptor>? {
        hostMajor == UInt32(ECOPROD_PLUGIN_ABI_MAJOR) ? UnsafePointer(descriptor) : nil
    }

    /// The host table, from init() on.
    public var host: PluginHost {
        guard let host = hostTable.withLock({ $0 }) else {
            preconditionFailure("plugin \(id): the host table is used before the host called init()")
        }
        return host
    }

    /// Runs an asynchronous handler, keeping its call answerable at shutdown.
    func run(_ call: PluginCall, _ body: @escaping @Sendable () async -> Void) {
        inFlight.add(call)
        let task = Task { [inFlight] in
            await body()
            inFlight.remove(call)
        }
        inFlight.attach(task, to: call)
    }

    // MARK: - The C side

    private static func plugin(_ context: UnsafeMutableRawPointer?) -> Plugin {
        Unmanaged<Plugin>.fromOpaque(context!).takeUnretainedValue()
    }

    private static let initialize: ecoprod_plugin_init_fn = { context, table in
        guard let table else { return -EINVAL }
        let plugin = plugin(context)
        let host = PluginHost(table)
        plugin.hostTable.withLock { $0 = host }
        switch plugin.onInit?(host) ?? .ready {
        case .ready: return 0
        case .skip: return -ENOTSUP
        case .failed(let errno): return errno > 0 ? -errno : errno < 0 ? errno : -EINVAL
        }
    }

    private static let handle: ecoprod_plugin_handle_fn = { context, call, request in
        guard let call else { return }
        let plugin = plugin(context)
        let index = Int(call.pointee.method_index)
        guard plugin.methods.indices.contains(index) else {
            // Only a host that disagrees with our own descriptor gets here.
            call.pointee.reply?(call, PluginStatus.unimplemented.rawValue, "no method at index \(index)", ecoprod_buf(data: nil, len: 0))
            return
        }
        let method = plugin.methods[index]
        method.serve(
            PluginCall(call, method: method.name, plugin: plugin),
            UnsafeRawBufferPointer(start: request.data, count: request.data == nil ? 0 : request.len)
        )
    }

    private static let shutdown: ecoprod_plugin_shutdown_fn = { context in
        let plugin = plugin(context)
        if let host = plugin.hostTable.withLock({ $0 }) { plugin.onShutdown?(host) }
        plugin.inFlight.endAll(with: PluginError(.unavailable, "plugin \(plugin.id) is shutting down"))
    }
}
