import ArgumentParser
import EcoprodClient
import EcoprodProtocol
import Foundation
import SwiftProtobuf

let daemonService = "ecoprod.daemon.v1.Daemon"

struct HealthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health", abstract: "Whether the daemon serves requests (exit 3 when it does not)."
    )
    @OptionGroup var global: GlobalOptions

    func run() throws {
        var serving = false
        try reportingFailures {
            let health: Ecoprod_Daemon_V1_HealthResponse = try global.connect().call(daemonService, "Health", Ecoprod_Daemon_V1_HealthRequest())
            serving = health.status == .serving
            switch global.output {
            case .json: try printJSON(health)
            case .table: print(serving ? "serving" : "not serving: \(health.reason)")
            }
        }
        if !serving { throw ExitCode(3) }
    }
}

struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "info", abstract: "Version, uptime, counters, and who you are to the daemon.")
    @OptionGroup var global: GlobalOptions

    func run() throws {
        try reportingFailures {
            let info: Ecoprod_Daemon_V1_InfoResponse = try global.connect().call(daemonService, "Info", Ecoprod_Daemon_V1_InfoRequest())
            guard global.output == .table else { return try printJSON(info) }
            print(keyValueLines([
                ("Version", info.version),
                ("APIs", info.apiVersions.joined(separator: ", ")),
                ("PID", "\(info.pid)"),
                ("Started", ISO8601DateFormatter().string(from: info.startedAt.date)),
                ("Uptime", "\(info.uptimeSeconds) s"),
                ("Socket", info.socketActivated ? "\(info.socketPath) (socket-activated)" : info.socketPath),
                ("State", info.stateDirectory),
                ("Config", "\(info.configPath) (generation \(info.configGeneration))"),
                ("Services", "\(info.services) (\(info.methods) methods)"),
                ("Plugins", "\(info.plugins)"),
                ("Connections", "\(info.connectionsOpen) open, \(info.connectionsTotal) since start"),
                ("Requests", "\(info.requestsTotal)"),
                ("You", "uid \(info.caller.uid), gid \(info.caller.gid), role \(roleName(info.caller.role))"),
            ]))
        }
    }
}

struct ServicesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "services", abstract: "Every service and method the daemon serves, with the role each needs.")
    @OptionGroup var global: GlobalOptions

    func run() throws {
        try reportingFailures {
            let list: Ecoprod_Daemon_V1_ListServicesResponse = try global.connect().call(daemonService, "ListServices", Ecoprod_Daemon_V1_ListServicesRequest())
            guard global.output == .table else { return try printJSON(list) }
            var table = Table("METHOD", "ROLE", "KIND", "PROVIDER", "REQUEST -> RESPONSE")
            for service in list.services {
                for method in service.methods {
                    let kind = method.serverStreaming ? "server-stream" : method.clientStreaming ? "client-stream" : "unary"
                    table.add(
                        "\(service.name)/\(method.name)", roleName(method.requiredRole), kind, service.provider,
                        "\(method.requestType) -> \(method.responseType)"
                    )
                }
            }
            print(table.render())
        }
    }
}

struct PluginsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "plugins", abstract: "The capability plugins and their state.")
    @OptionGroup var global: GlobalOptions

    func run() throws {
        try reportingFailures {
            let list: Ecoprod_Daemon_V1_ListPluginsResponse = try global.connect().call(daemonService, "ListPlugins", Ecoprod_Daemon_V1_ListPluginsRequest())
            guard global.output == .table else { return try printJSON(list) }
            guard !list.plugins.isEmpty else { return print("no plugins loaded") }
            var table = Table("ID", "VERSION", "ABI", "STATE", "FILE", "METHODS", "ERROR")
            for plugin in list.plugins {
                table.add(
                    plugin.id, plugin.version, plugin.abi, stateName(plugin.state), plugin.file,
                    "\(plugin.methods.count)", plugin.error
                )
            }
            print(table.render())
        }
    }

    private func stateName(_ state: Ecoprod_Daemon_V1_PluginInfo.State) -> String {
        switch state {
        case .running: "running"
        case .refused: "refused"
        case .failed: "failed"
        case .skipped: "skipped"
        default: "unknown"
        }
    }
}

struct ReloadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reload", abstract: "Make the daemon re-read its configuration (admin)."
    )
    @OptionGroup var global: GlobalOptions

    @Flag(help: "Wait until the reload is done and print what changed.")
    var wait = false

    func run() throws {
        try reportingFailures {
            let request = Ecoprod_Daemon_V1_ReloadRequest.with { $0.wait = wait }
            let result: Ecoprod_Daemon_V1_ReloadResponse = try global.connect().call(daemonService, "Reload", request)
            guard global.output == .table else { return try printJSON(result) }
            guard wait else { return print("reload requested") }
            print("reloaded (generation \(result.generation))")
            result.changes.forEach { print("  \($0)") }
        }
    }
}

struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch", abstract: "Print daemon events as they happen (one JSON object per line with --output json)."
    )
    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("topic"), help: "Only topics starting with this prefix; repeatable.")
    var topics: [String] = []

    @Option(help: "Stop after this many events, not counting the initial daemon.watch.started.")
    var count: Int?

    func run() throws {
        try reportingFailures {
            var seen = 0
            let request = Ecoprod_Daemon_V1_WatchRequest.with { $0.topics = topics }
            // A watch has no deadline: it lasts until the daemon stops or --count is reached.
            try global.connect(timeout: .some(nil)).stream(daemonService, "Watch", request, as: Ecoprod_Daemon_V1_Event.self) { event in
                emitLine(global.output == .json
                    ? try event.jsonString()
                    : "\(event.sequence)  \(ISO8601DateFormatter().string(from: event.time.date))  \(event.topic)  \(event.summary)")
                if event.topic != "daemon.watch.started" { seen += 1 }
                return count.map { seen < $0 } ?? true
            }
        }
    }
}

func roleName(_ role: Ecoprod_Daemon_V1_Role) -> String {
    switch role {
    case .reader: "reader"
    case .editor: "editor"
    case .admin: "admin"
    default: "none"
    }
}
