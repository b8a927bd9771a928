import Glibc

/// The daemon's settings. Defaults, then the config file and its drop-ins, then
/// command-line flags, each overriding the one before; docs/OPERATIONS.md lists them.
public struct Configuration: Sendable, Equatable {
    public var socketPath = "/run/ecoprod/ecoprod.sock"
    public var stateDirectory = "/var/lib/ecoprod"
    public var pluginDirectory = "/usr/lib/ecoprod/plugins"
    /// Shipped reference data: frameworks/, later factors and geodata.
    public var dataDirectory = "/usr/share/ecoprod"
    public var logLevel = LogLevelSetting.info
    public var logTarget = LogTarget.auto
    /// How long SIGTERM waits for calls in flight before stopping anyway.
    public var drainTimeoutSeconds = 10.0
    public var maximumStreamsPerConnection = 1024
    /// Threads reading and writing sockets; 0 chooses `effectiveIOThreads`.
    public var ioThreads = 0
    public var readerGroup = "ecoprod"
    public var editorGroup = "ecoprod-editors"
    public var adminGroup = "ecoprod-admins"
    /// [Plugin.<id>] sections, handed to each plugin as its own configuration.
    public var pluginSections: [String: [String: String]] = [:]

    /// A systemd-style boolean: yes/no, true/false, on/off, 1/0; nil for anything else.
    static func boolean(_ value: String) -> Bool? {
        switch value.lowercased() {
        case "yes", "true", "on", "1": true
        case "no", "false", "off", "0": false
        default: nil
        }
    }

    public init() {}

    /// One settable option: its section and key in the file, its flag, and how to apply a value.
    struct Option: Sendable {
        let section: String
        let key: String
        let flag: String
        /// Options read only at start: a reload reports a change but keeps the running value.
        let needsRestart: Bool
        let apply: @Sendable (inout Configuration, String) throws -> Void
        let render: @Sendable (Configuration) -> String
    }

    static let options: [Option] = [
        Option(section: "Daemon", key: "Socket", flag: "--socket", needsRestart: true,
               apply: { $0.socketPath = try absolutePath($1) }, render: { $0.socketPath }),
        Option(section: "Daemon", key: "StateDirectory", flag: "--state-dir", needsRestart: true,
               apply: { $0.stateDirectory = try absolutePath($1) }, render: { $0.stateDirectory }),
        Option(section: "Daemon", key: "PluginDirectory", flag: "--plugin-dir", needsRestart: true,
               apply: { $0.pluginDirectory = try absolutePath($1) }, render: { $0.pluginDirectory }),
        Option(section: "Daemon", key: "DataDirectory", flag: "--data-dir", needsRestart: true,
               apply: { $0.dataDirectory = try absolutePath($1) }, render: { $0.dataDirectory }),
        Option(section: "Daemon", key: "LogLevel", flag: "--log-level", needsRestart: false,
               apply: { $0.logLevel = try parseEnum($1) }, render: { $0.logLevel.rawValue }),
        Option(section: "Daemon", key: "LogTarget", flag: "--log-target", needsRestart: true,
               apply: { $0.logTarget = try parseEnum($1) }, render: { $0.logTarget.rawValue }),
        Option(section: "Daemon", key: "DrainTimeoutSec", flag: "--drain-timeout", needsRestart: false,
               apply: { $0.drainTimeoutSeconds = try parseSeconds($1, in: 0...3600) },
               render: { "\($0.drainTimeoutSeconds)" }),
        Option(section: "Daemon", key: "MaxStreamsPerConnection", flag: "--max-streams", needsRestart: true,
               apply: { $0.maximumStreamsPerConnection = try parseCount($1, in: 1...65536) },
               render: { "\($0.maximumStreamsPerConnection)" }),
        Option(section: "Daemon", key: "IOThreads", flag: "--io-threads", needsRestart: true,
               apply: { $0.ioThreads = try parseCount($1, in: 0...256) }, render: { "\($0.ioThreads)" }),
        Option(section: "Roles", key: "ReaderGroup", flag: "--reader-group", needsRestart: false,
               apply: { $0.readerGroup = try groupName($1) }, render: { $0.readerGroup }),
        Option(section: "Roles", key: "EditorGroup", flag: "--editor-group", needsRestart: false,
               apply: { $0.editorGroup = try groupName($1) }, render: { $0.editorGroup }),
        Option(section: "Roles", key: "AdminGroup", flag: "--admin-group", needsRestart: false,
               apply: { $0.adminGroup = try groupName($1) }, render: { $0.adminGroup }),
    ]

    /// I/O threads only frame, authorize and route; handlers run on Swift's
    /// cooperative pool, which has every core. So by default half the cores do I/O,
    /// which measured best on the 2-core machines this runs on (benchmarks/).
    public var effectiveIOThreads: Int {
        ioThreads > 0 ? ioThreads : max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))) / 2)
    }

    /// "Section.Key: old -> new" for every option that differs, marking those a reload cannot apply.
    public func changes(to new: Configuration) -> [String] {
        var lines = Self.options.compactMap { option -> String? in
            let (before, after) = (option.render(self), option.render(new))
            guard before != after else { return nil }
            let restart = option.needsRestart ? " (takes effect after a restart)" : ""
            return "\(option.section).\(option.key): \(before) -> \(after)\(restart)"
        }
        for id in Set(pluginSections.keys).union(new.pluginSections.keys).sorted()
        where pluginSections[id] != new.pluginSections[id] {
            lines.append("Plugin.\(id): settings changed")
        }
        return lines
    }

    /// The running configuration after a reload: what can change now, from `new`;
    /// the rest kept as it was.
    public func reloaded(with new: Configuration) -> Configuration {
        var result = new
        for option in Self.options where option.needsRestart {
            try? option.apply(&result, option.render(self))
        }
        return result
    }

    /// Every option as `Section.Key=value`, for --check-config.
    public var rendered: [String] {
        Self.options.map { "\($0.section).\($0.key)=\($0.render(self))" }
            + pluginSections.keys.sorted().flatMap { id in
                pluginSections[id]!.keys.sorted().map { "Plugin.\(id).\($0)=\(pluginSections[id]![$0]!)" }
            }
    }
}

public enum LogLevelSetting: String, Sendable, CaseIterable {
    case debug, info, notice, warning, error
}

public enum LogTarget: String, Sendable, CaseIterable {
    /// journald when stderr is connected to the journal, stderr otherwise.
    case auto
    case journal
    case stderr
}

struct ConfigurationValueError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

private func absolutePath(_ value: String) throws(ConfigurationValueError) -> String {
    guard value.hasPrefix("/") else { throw ConfigurationValueError(message: "\"\(value)\" is not an absolute path") }
    return value
}

private func parseEnum<T: RawRepresentable & CaseIterable>(_ value: String) throws(ConfigurationValueError) -> T
where T.RawValue == String {
    guard let parsed = T(rawValue: value.lowercased()) else {
        let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
        throw ConfigurationValueError(message: "\"\(value)\" is not one of \(allowed)")
    }
    return parsed
}

/// Seconds, bare or with systemd's "s", "ms" or "min" suffix: "10", "10s", "500ms", "2min".
private func parseSeconds(_ value: String, in range: ClosedRange<Double>) throws(ConfigurationValueError) -> Double {
    let units: [(suffix: String, seconds: Double)] = [("ms", 0.001), ("min", 60), ("s", 1), ("", 1)]
    for (suffix, scale) in units where value.hasSuffix(suffix) {
        guard let number = Double(value.dropLast(suffix.count).trimmingSpaces), number.isFinite else { continue }
        let seconds = number * scale
        guard range.contains(seconds) else { break }
        return seconds
    }
    throw ConfigurationValueError(message: "\"\(value)\" is not a time from \(range.lowerBound) to \(range.upperBound) seconds (e.g. 10, 10s, 500ms)")
}

private func parseCount(_ value: String, in range: ClosedRange<Int>) throws(ConfigurationValueError) -> Int {
    guard let number = Int(value), range.contains(number) else {
        throw ConfigurationValueError(message: "\"\(value)\" is not a whole number from \(range.lowerBound) to \(range.upperBound)")
    }
    return number
}

private func groupName(_ value: String) throws(ConfigurationValueError) -> String {
    guard !value.isEmpty, value.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
        throw ConfigurationValueError(message: "\"\(value)\" is not a valid group name")
    }
    return value
}
