import CPluginABI
import EcoprodProtocol
import Glibc
import Logging
import NIOCore
import Synchronization

/// Loads the capability plugins at start, routes their methods, serves their host
/// tables, and shuts them down at stop (docs/PLUGIN_ABI.md).
final class PluginHost: Sendable {
    /// One plugin file's fate, as ListPlugins shows it.
    struct Report: Sendable {
        var file: String
        var state: PluginState
        var error = ""
        var manifest: PluginManifest?
    }

    let router: Router
    let events: EventBus
    private let descriptors: DescriptorRegistry
    private let logger: Logger
    private let pluginSections: @Sendable () -> [String: [String: String]]
    private let hostCapabilities: Set<String>
    private let reports = Mutex<[Report]>([])
    /// In the order their init() returned 0: shutdown goes the other way.
    private let running = Mutex<[LoadedPlugin]>([])
    private let byID = Mutex<[String: LoadedPlugin]>([:])

    init(
        router: Router, events: EventBus, descriptors: DescriptorRegistry, logger: Logger,
        hostCapabilities: [String], pluginSections: @escaping @Sendable () -> [String: [String: String]]
    ) {
        self.router = router
        self.events = events
        self.descriptors = descriptors
        self.logger = logger
        self.hostCapabilities = Set(hostCapabilities)
        self.pluginSections = pluginSections
    }

    /// The plugin's own [Plugin.<id>] section, as configured at this moment, and the
    /// daemon's DataDirectory= unless the section sets its own: where plugins find shipped data.
    func configuration(of id: String) -> [String: String] {
        let sections = pluginSections()
        var section = sections[id] ?? [:]
        if section["DataDirectory"] == nil, let data = sections[Self.daemonSection]?["DataDirectory"] { section["DataDirectory"] = data }
        return section
    }

    /// The key of `pluginSections` under which the daemon hands its own settings.
    static let daemonSection = ""

    func plugin(withID id: String) -> LoadedPlugin? { byID.withLock { $0[id] } }

    var runningCount: Int { running.withLock { $0.count } }

    // MARK: - Loading

    /// Loads, checks, orders and initialises every plugin in `directory`. Throws when a
    /// plugin the configuration marks `Required=yes` does not end up running.
    func load(directory path: String) throws(PluginRefusal) {
        var accepted: [(manifest: PluginManifest, file: String)] = []
        do {
            if let directory = try PluginDirectory(path: path) {
                for name in try directory.candidates() {
                    let file = "\(path)/\(name)"
                    do {
                        let manifest = try manifest(of: name, in: directory, accepted: accepted.map(\.manifest))
                        accepted.append((manifest, file))
                    } catch {
                        refuse(file: file, manifest: nil, error.description)
                    }
                }
            } else {
                logger.notice("plugin directory \(path) does not exist; no plugins loaded")
            }
        } catch {
            logger.error("no plugins loaded: \(error)")
            reports.withLock { $0.append(Report(file: path, state: .refused, error: error.description)) }
        }

        let candidates = accepted.map { PluginInitOrder.Candidate(id: $0.manifest.id, provides: $0.manifest.provides, requires: $0.manifest.requires) }
        let refusals = PluginInitOrder.run(candidates, hostCapabilities: hostCapabilities) { index in
            initialize(accepted[index].manifest, file: accepted[index].file)
        }
        for (index, reason) in refusals.sorted(by: { $0.key < $1.key }) {
            refuse(file: accepted[index].file, manifest: accepted[index].manifest, reason)
        }
        try checkRequired()
    }

    /// Opens one file and reads its descriptor, refusing what section 4 refuses.
    private func manifest(of name: String, in directory: borrowing PluginDirectory, accepted: [PluginManifest]) throws(PluginRefusal) -> PluginManifest {
        let handle = try directory.load(name)
        guard let symbol = dlsym(handle, ECOPROD_PLUGIN_ENTRY_SYMBOL) else {
            let newer = (2...9).first { dlsym(handle, "ecoprod_plugin_entry_v\($0)") != nil }
            throw PluginRefusal("no \(ECOPROD_PLUGIN_ENTRY_SYMBOL) symbol" + (newer.map { "; the file exports ecoprod_plugin_entry_v\($0), a newer plugin ABI" } ?? ""))
        }
        let entry = unsafeBitCast(symbol, to: ecoprod_plugin_entry_fn.self)
        guard let descriptor = entry(UInt32(ECOPROD_PLUGIN_ABI_MAJOR), UInt32(ECOPROD_PLUGIN_ABI_MINOR)) else {
            throw PluginRefusal("the plugin declines plugin ABI \(ECOPROD_PLUGIN_ABI_MAJOR) (its entry point returned NULL)")
        }
        let manifest = try PluginManifest(reading: descriptor)
        if accepted.contains(where: { $0.id == manifest.id }) || plugin(withID: manifest.id) != nil {
            throw PluginRefusal("id \"\(manifest.id)\" is already taken by a plugin loaded earlier")
        }
        for service in Set(manifest.methods.map(\.descriptor.service)) {
            if let other = accepted.first(where: { $0.methods.contains { $0.descriptor.service == service } }) {
                throw PluginRefusal("service \(service) is already served by plugin \(other.id)")
            }
            if let provider = router.provider(ofService: service) {
                throw PluginRefusal("service \(service) is already served by \(provider)")
            }
        }
        if let set = manifest.descriptorSet, let conflict = descriptors.conflict(with: set) {
            throw PluginRefusal(conflict)
        }
        return manifest
    }

    /// Runs init() and, when it succeeds, routes the plugin's methods.
    private func initialize(_ manifest: PluginManifest, file: String) -> PluginState {
        let plugin = LoadedPlugin(manifest: manifest, file: file, host: self, logger: logger)
        byID.withLock { $0[manifest.id] = plugin }
        let result = manifest.initialize.map { initialize in
            HostThread.callingPlugin { initialize(manifest.context, plugin.hostTable) }
        } ?? 0
        switch result {
        case 0:
            do {
                for method in manifest.methods {
                    try router.register(method.descriptor, handler: .callback(method.descriptor.kind) { context, payload, responder in
                        plugin.serve(method, context, payload, responder)
                    })
                }
            } catch {
                // Checked before init, so only a plugin registering the same service from its own init gets here.
                plugin.isShutDown.store(true, ordering: .releasing)
                return report(file, manifest, .failed, "cannot route its methods: \(error)")
            }
            if let set = manifest.descriptorSet { descriptors.add(set) }
            running.withLock { $0.append(plugin) }
            logger.info("loaded plugin \(manifest.id) \(manifest.version) from \(file): \(manifest.methods.count) methods")
            return report(file, manifest, .running, "")
        case -ENOTSUP:
            logger.notice("skip loading plugin \(manifest.id): it reports nothing to do here")
            return report(file, manifest, .skipped, "")
        default:
            let errno = result > 0 ? EINVAL : -result
            let reason = "init failed: \(String(cString: strerror(errno)))" + (result > 0 ? " (init returned \(result), a positive value)" : "")
            logger.error("plugin \(manifest.id) from \(file): \(reason)")
            return report(file, manifest, .failed, reason)
        }
    }

    private func refuse(file: String, manifest: PluginManifest?, _ reason: String) {
        logger.warning("refusing plugin \(file): \(reason)")
        _ = report(file, manifest, .refused, reason)
    }

    private func report(_ file: String, _ manifest: PluginManifest?, _ state: PluginState, _ error: String) -> PluginState {
        reports.withLock { $0.append(Report(file: file, state: state, error: error, manifest: manifest)) }
        return state
    }

    /// Every plugin with `Required=yes` in its section must be running.
    private func checkRequired() throws(PluginRefusal) {
        let required = pluginSections().filter { $0.value["Required"].flatMap(Configuration.boolean) == true }.keys.sorted()
        let reports = reports.withLock { $0 }
        let problems = required.compactMap { id -> String? in
            let report = reports.last { $0.manifest?.id == id }
            switch report?.state {
            case .running: return nil
            case nil: return "\(id): no file in the plugin directory has this id"
            case let state?: return "\(id): \(state.rawValue)\(report!.error.isEmpty ? "" : ", \(report!.error)")"
            }
        }
        if !problems.isEmpty {
            throw PluginRefusal("required plugins are not running: \(problems.joined(separator: "; "))")
        }
    }

    // MARK: - Stopping

    /// At the start of the drain: plugin server streams end, as Daemon/Watch does.
    func endStreams() {
        running.withLock { $0 }.forEach { $0.endStreams() }
    }

    /// Calls each running plugin's shutdown() in the reverse of init order.
    func shutdown() {
        for plugin in running.withLock({ $0 }).reversed() {
            plugin.isShutDown.store(true, ordering: .releasing)
            if let shutdown = plugin.manifest.shutdown {
                HostThread.callingPlugin { shutdown(plugin.manifest.context) }
            }
            logger.info("plugin \(plugin.id) shut down")
        }
    }

    // MARK: - Introspection

    var list: Ecoprod_Daemon_V1_ListPluginsResponse {
        let reports = reports.withLock { $0 }
        return .with {
            $0.plugins = reports.map { report in
                .with {
                    $0.file = report.file
                    $0.state = report.state.proto
                    $0.error = report.error
                    if let manifest = report.manifest {
                        $0.id = manifest.id
                        $0.version = manifest.version
                        $0.abi = manifest.abi
                        $0.description_p = manifest.description
                        $0.methods = manifest.methods.map(\.descriptor.fullName)
                        $0.provides = manifest.provides
                        $0.requires = manifest.requires
                    }
                }
            }
        }
    }
}

extension PluginState {
    var proto: Ecoprod_Daemon_V1_PluginInfo.State {
        switch self {
        case .running: .running
        case .refused: .refused
        case .failed: .failed
        case .skipped: .skipped
        }
    }
}
