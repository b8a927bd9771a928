import Dispatch
import EcoprodProtocol
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import SwiftProtobuf

/// The running daemon: it binds or adopts the socket, serves until SIGTERM, reloads
/// on SIGHUP, and keeps systemd informed throughout.
public final class Daemon: Sendable {
    private struct Settings {
        var configuration: Configuration
        var generation: UInt64 = 0
    }

    let events = EventBus()
    let descriptors = DescriptorRegistry()
    let plugins: PluginHost
    private let loader: ConfigurationLoader
    private let settings: NIOLockedValueBox<Settings>
    private let logger: Logger
    private let notifier = SystemdNotifier()
    private let router = Router()
    private let server: ServerState
    private let startedAt = Date()
    /// Where the daemon serves, once it does: the activated socket's path or the one it bound.
    private let served = NIOLockedValueBox<(path: String, activated: Bool, bound: Bool)>(("", false, false))
    /// Serializes reloads, whether from SIGHUP or the Reload method.
    private let reloadLock = NIOLock()
    /// The domains' timers, cancelled at stop.
    private let background = NIOLockedValueBox<[Task<Void, Never>]>([])

    public init(configuration: Configuration, loader: ConfigurationLoader, logger: Logger) throws {
        self.loader = loader
        self.settings = NIOLockedValueBox(Settings(configuration: configuration))
        self.logger = logger
        self.server = ServerState(
            router: router, policy: Self.policy(for: configuration), logger: logger,
            maximumStreamsPerConnection: configuration.maximumStreamsPerConnection
        )
        let settings = settings
        self.plugins = PluginHost(
            router: router, events: events, descriptors: descriptors, logger: logger,
            hostCapabilities: EcoprodVersion.apiPackages,
            pluginSections: {
                settings.withLockedValue { settings in
                    settings.configuration.pluginSections.merging([PluginHost.daemonSection: ["DataDirectory": settings.configuration.dataDirectory]]) { own, _ in own }
                }
            }
        )
        try DaemonService(daemon: self).register(on: router)
    }

    private var configuration: Configuration { settings.withLockedValue { $0.configuration } }

    /// Serves until SIGTERM or SIGINT, then drains and returns.
    public func run() async throws {
        let configuration = configuration
        let state = try StateDirectory(path: configuration.stateDirectory)
        let policy = server.policy
        if !policy.missingGroups.isEmpty {
            logger.warning("role groups not found on this system, nobody holds their role through them: \(policy.missingGroups.joined(separator: ", "))")
        }
        let signals = SignalWatcher(signals: [SIGHUP, SIGTERM, SIGINT])
        try await openDomains(in: state.path, dataDirectory: configuration.dataDirectory)
        try await loadPlugins(from: configuration.pluginDirectory)
        let listener = try listen(configuration: configuration)
        let socketServer = try SocketServer(listenFD: listener.fd, state: server, threads: configuration.effectiveIOThreads)
        notifier.ready(status: "serving on \(listener.description); \(router.descriptors.count) methods")
        logger.info("ecoprodd \(EcoprodVersion.current) serving on \(listener.description), state in \(state.path)")

        let watchdog = Task { await runWatchdog(socketServer) }
        for await signal in signals.received {
            if signal == SIGHUP {
                _ = try? await reload(wait: true)
            } else {
                break
            }
        }
        watchdog.cancel()
        await stop(socketServer, listener: listener)
        withExtendedLifetime(state) {}
    }

    /// The domains own the state: their databases open, and their services are routed,
    /// before plugins (which call them) load and before clients are served.
    private func openDomains(in stateDirectory: String, dataDirectory: String) async throws {
        let label = try Self.openDatabase("\(stateDirectory)/label.sqlite", LabelStore.init)
        try await FrameworkFile.loadShipped(from: "\(dataDirectory)/frameworks", logger: logger) { try await label.store($0, from: $1).imported }
        try LabelService(store: label, events: events).register(on: router)
        try EvidenceService(store: EvidenceStore(directory: "\(stateDirectory)/evidence", database: label.pool), events: events).register(on: router)

        let carbon = try Self.openDatabase("\(stateDirectory)/carbon.sqlite", CarbonStore.init)
        try await FactorSetFile.loadShipped(from: "\(dataDirectory)/factors", logger: logger) { try await carbon.store($0, from: $1).imported }
        try CarbonService(store: carbon, events: events, productions: label).register(on: router)

        let directory = try Self.openDatabase("\(stateDirectory)/directory.sqlite") {
            try DirectoryStore(path: $0, reference: DirectoryReference.load(from: "\(dataDirectory)/directory", geo: "\(dataDirectory)/geo", logger: logger))
        }
        let clock = EnrolmentClock(store: directory, events: events, logger: logger)
        try DirectoryService(store: directory, events: events, router: router, clock: clock).register(on: router)
        background.withLockedValue { $0.append(Task { await clock.run() }) }

        let databases = [("label.sqlite", label.pool), ("carbon.sqlite", carbon.pool), ("directory.sqlite", directory.pool)]
        assert(databases.map(\.0) == DomainDatabase.schemas.map(\.file), "a backup holds every domain database")
        try BackupService(snapshot: StateSnapshot(stateDirectory: stateDirectory, databases: databases), logger: logger).register(on: router)
    }

    private static func openDatabase<Store>(_ path: String, _ open: (String) throws -> Store) throws -> Store {
        do {
            return try open(path)
        } catch let error as NewerSchemaError {
            throw error
        } catch {
            throw StateDirectoryError("cannot open \(path): \(error)")
        }
    }

    /// On a thread of its own: a plugin's init() may block, waiting for a call it made,
    /// and must not hold one of the threads that would answer it.
    private func loadPlugins(from directory: String) async throws {
        let plugins = plugins
        try await withCheckedThrowingContinuation { (loaded: CheckedContinuation<Void, Error>) in
            DispatchQueue(label: "ecoprodd.plugin-init").async {
                loaded.resume(with: Result { () throws(PluginRefusal) in try plugins.load(directory: directory) })
            }
        }
    }

    private struct Listener: CustomStringConvertible {
        let fd: CInt
        let boundPath: String?
        let description: String
    }

    /// The socket systemd passed, or one bound at the configured path.
    private func listen(configuration: Configuration) throws -> Listener {
        if case .activated(let fd, let name, let path) = try ListeningSocket.fromSystemd() {
            served.withLockedValue { $0 = (path, true, false) }
            return Listener(fd: fd, boundPath: nil, description: "\(path) (passed by systemd as \"\(name)\")")
        }
        let path = configuration.socketPath
        try ListeningSocket.prepare(path: path)
        let fd = try ListeningSocket.bind(path: path)
        ListeningSocket.setPermissions(path: path, group: server.policy.reader.gid)
        served.withLockedValue { $0 = (path, false, true) }
        return Listener(fd: fd, boundPath: path, description: path)
    }

    /// Stops accepting, lets calls in flight finish within the drain timeout, then closes everything.
    private func stop(_ socketServer: SocketServer, listener: Listener) async {
        let timeout = configuration.drainTimeoutSeconds
        // Refuse new calls before anyone hears "stopping", so nothing after it is served.
        server.beginDraining()
        notifier.stopping(status: "draining \(server.callsInFlight) calls (at most \(timeout) s)")
        logger.info("stopping: draining \(server.callsInFlight) calls in flight")
        events.publish(topic: "daemon.stopping", summary: "ecoprodd is stopping")
        socketServer.stopAccepting()
        events.close()
        plugins.endStreams()
        if !(await server.waitUntilDrained(within: .milliseconds(Int64(timeout * 1000)))) {
            logger.warning("\(server.callsInFlight) calls still in flight after \(timeout) s; stopping anyway")
        }
        socketServer.shutdown()
        for task in background.withLockedValue({ $0 }) { task.cancel() }
        plugins.shutdown()
        if let path = listener.boundPath { unlink(path) }
        logger.info("stopped")
    }

    /// Pings systemd only while every I/O thread turns and the router answers Health.
    private func runWatchdog(_ socketServer: SocketServer) async {
        guard let interval = SystemdNotifier.watchdogPingInterval else { return }
        while !Task.isCancelled {
            let routerAnswers = if case .found = router.lookUp(service: DaemonService.name, method: "Health") { true } else { false }
            if routerAnswers, await socketServer.isResponsive(within: interval) {
                notifier.watchdog()
            } else {
                logger.error("watchdog: an I/O thread or the router did not answer within \(interval); not pinging systemd")
            }
            try? await Task.sleep(for: interval)
        }
    }

    // MARK: - Reload

    /// Re-reads the configuration and applies what can change while running.
    func reload(wait: Bool) async throws -> Ecoprod_Daemon_V1_ReloadResponse {
        guard wait else {
            Task { _ = try? await reload(wait: true) }
            return .with { $0.generation = settings.withLockedValue { $0.generation } }
        }
        return try reloadLock.withLock {
            notifier.reloading(status: "reloading configuration")
            events.publish(topic: "daemon.reloading", summary: "reloading configuration")
            let new: Configuration
            do {
                new = try loader.load()
            } catch {
                logger.error("reload failed, keeping the running configuration: \(error)")
                notifier.ready(status: "serving; last reload failed: \("\(error)".split(separator: "\n")[0])")
                throw RPCError(.failedPrecondition, "configuration not reloaded: \(error)")
            }
            let (generation, changes) = settings.withLockedValue { settings in
                let changes = settings.configuration.changes(to: new)
                settings.configuration = settings.configuration.reloaded(with: new)
                settings.generation += 1
                return (settings.generation, changes)
            }
            let applied = configuration
            DaemonLogging.level = applied.logLevel.level
            server.policy = Self.policy(for: applied)
            let (path, _, bound) = served.withLockedValue { $0 }
            // A socket we bound follows the reader group; systemd owns an activated one.
            if bound { ListeningSocket.setPermissions(path: path, group: server.policy.reader.gid) }
            let summary = changes.isEmpty ? "no changes" : changes.joined(separator: "; ")
            logger.notice("configuration reloaded (generation \(generation)): \(summary)")
            notifier.ready(status: "serving; reloaded (generation \(generation)): \(changes.count) changes")
            let detail = Ecoprod_Daemon_V1_Reloaded.with {
                $0.generation = generation
                $0.changes = changes
            }
            events.publish(topic: "daemon.reloaded", summary: "configuration reloaded: \(summary)", detail: detail)
            return .with {
                $0.generation = generation
                $0.changes = changes
            }
        }
    }

    private static func policy(for configuration: Configuration) -> RolePolicy {
        RolePolicy(readerGroup: configuration.readerGroup, editorGroup: configuration.editorGroup, adminGroup: configuration.adminGroup)
    }

    // MARK: - Introspection

    var isDraining: Bool { server.isDraining }

    func health(draining: Bool) -> Ecoprod_Daemon_V1_HealthResponse {
        .with {
            if draining {
                $0.status = .notServing
                $0.reason = "draining before stop"
            } else {
                $0.status = .serving
            }
        }
    }

    func info(for call: CallContext) -> Ecoprod_Daemon_V1_InfoResponse {
        let (configuration, generation) = settings.withLockedValue { ($0.configuration, $0.generation) }
        let methods = router.descriptors
        return .with {
            $0.version = EcoprodVersion.current
            $0.apiVersions = EcoprodVersion.apiPackages
            $0.startedAt = Google_Protobuf_Timestamp(date: startedAt)
            $0.uptimeSeconds = UInt64(max(0, Date().timeIntervalSince(startedAt)))
            $0.pid = getpid()
            $0.socketPath = served.withLockedValue { $0.path }
            $0.stateDirectory = configuration.stateDirectory
            $0.configPath = loader.path
            $0.socketActivated = served.withLockedValue { $0.activated }
            $0.connectionsOpen = server.connectionsOpen
            $0.connectionsTotal = server.connectionsTotal
            $0.requestsTotal = server.requestsTotal
            $0.services = UInt32(Set(methods.map(\.service)).count)
            $0.methods = UInt32(methods.count)
            $0.plugins = UInt32(plugins.runningCount)
            $0.configGeneration = generation
            $0.caller = .with { caller in
                caller.uid = call.caller.uid
                caller.gid = call.caller.gid
                caller.pid = call.caller.pid
                caller.groups = call.caller.groups
                caller.role = call.role.proto
            }
        }
    }
}
