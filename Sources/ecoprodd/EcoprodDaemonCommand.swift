import ArgumentParser
import EcoprodDaemon
import EcoprodProtocol
import Foundation
import Logging

@main
struct EcoprodDaemonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ecoprodd",
        abstract: "The ecoprodd system service: eco-label, carbon and directory domains over a ttrpc Unix socket.",
        discussion: """
        Settings come from the configuration file (default \(ConfigurationLoader.defaultPath)) and its \
        .conf.d/*.conf drop-ins; each flag below overrides the file. See ecoprodd(8) and docs/OPERATIONS.md.
        Under systemd socket activation the passed socket named "api" is served and --socket is ignored.
        """,
        version: EcoprodVersion.current
    )

    @Option(help: "Configuration file.")
    var config: String?

    @Option(help: "Socket path to bind when not socket-activated. [Daemon] Socket=")
    var socket: String?

    @Option(name: .customLong("state-dir"), help: "State directory (databases, evidence). [Daemon] StateDirectory=")
    var stateDirectory: String?

    @Option(name: .customLong("plugin-dir"), help: "Trusted plugin directory. [Daemon] PluginDirectory=")
    var pluginDirectory: String?

    @Option(name: .customLong("data-dir"), help: "Shipped reference data (frameworks/, factors/, directory/, geo/). [Daemon] DataDirectory=")
    var dataDirectory: String?

    @Option(name: .customLong("log-level"), help: "debug, info, notice, warning or error. [Daemon] LogLevel=")
    var logLevel: String?

    @Option(name: .customLong("log-target"), help: "auto, journal or stderr. [Daemon] LogTarget=")
    var logTarget: String?

    @Option(name: .customLong("drain-timeout"), help: "Seconds SIGTERM waits for calls in flight. [Daemon] DrainTimeoutSec=")
    var drainTimeout: String?

    @Option(name: .customLong("max-streams"), help: "Calls in flight per connection. [Daemon] MaxStreamsPerConnection=")
    var maxStreams: String?

    @Option(name: .customLong("io-threads"), help: "Socket I/O threads, 0 for half the cores. [Daemon] IOThreads=")
    var ioThreads: String?

    @Option(name: .customLong("reader-group"), help: "Unix group of readers. [Roles] ReaderGroup=")
    var readerGroup: String?

    @Option(name: .customLong("editor-group"), help: "Unix group of editors. [Roles] EditorGroup=")
    var editorGroup: String?

    @Option(name: .customLong("admin-group"), help: "Unix group of admins. [Roles] AdminGroup=")
    var adminGroup: String?

    @Flag(name: .customLong("check-config"), help: "Validate the configuration, print the effective settings and exit.")
    var checkConfig = false

    private var flagValues: [(flag: String, value: String)] {
        [
            ("--socket", socket), ("--state-dir", stateDirectory), ("--plugin-dir", pluginDirectory),
            ("--data-dir", dataDirectory),
            ("--log-level", logLevel), ("--log-target", logTarget), ("--drain-timeout", drainTimeout),
            ("--max-streams", maxStreams), ("--io-threads", ioThreads), ("--reader-group", readerGroup), ("--editor-group", editorGroup),
            ("--admin-group", adminGroup),
        ].compactMap { flag, value in value.map { (flag, $0) } }
    }

    func run() async throws {
        let loader = ConfigurationLoader(path: config, flags: flagValues)
        let configuration: Configuration
        do {
            configuration = try loader.load()
        } catch {
            FileHandle.standardError.write(Data("ecoprodd: invalid configuration:\n\(error)\n".utf8))
            throw ExitCode(78)  // EX_CONFIG
        }
        if checkConfig {
            print("configuration OK (\(loader.path))")
            configuration.rendered.forEach { print($0) }
            return
        }
        DaemonLogging.bootstrap(target: configuration.logTarget, level: configuration.logLevel)
        let logger = Logger(label: "ecoprodd")
        do {
            try await Daemon(configuration: configuration, loader: loader, logger: logger).run()
        } catch let error as NewerSchemaError {
            logger.critical("cannot start: \(error)")
            throw ExitCode(78)  // EX_CONFIG: restarting cannot help
        } catch {
            logger.critical("cannot start: \(error)")
            throw ExitCode.failure
        }
    }
}
