import Foundation

/// Builds a `Configuration` from the file, its `.conf.d/*.conf` drop-ins (in name
/// order, as systemd reads its own) and command-line flags.
public struct ConfigurationLoader: Sendable {
    public static let defaultPath = "/etc/ecoprod/ecoprodd.conf"

    /// The file to read; a missing file is an error only when it was named explicitly.
    public var path: String
    public var pathWasExplicit: Bool
    /// Flag name (e.g. "--socket") to value, applied after the files.
    public var flags: [(flag: String, value: String)]

    public init(path: String?, flags: [(flag: String, value: String)]) {
        self.path = path ?? Self.defaultPath
        self.pathWasExplicit = path != nil
        self.flags = flags
    }

    /// Reads everything and reports every error found, not just the first.
    public func load() throws(ConfigurationErrors) -> Configuration {
        var configuration = Configuration()
        var errors: [ConfigurationError] = []
        for file in files(errors: &errors) {
            do {
                // FileHandle rather than String(contentsOfFile:), which refuses character devices such as /dev/null.
                guard let handle = FileHandle(forReadingAtPath: file) else {
                    errors.append(ConfigurationError(SourceLocation(file: file, line: nil), "cannot open: \(String(cString: strerror(errno)))"))
                    continue
                }
                defer { try? handle.close() }
                guard let text = String(data: try handle.readToEnd() ?? Data(), encoding: .utf8) else {
                    errors.append(ConfigurationError(SourceLocation(file: file, line: nil), "not valid UTF-8"))
                    continue
                }
                let (ini, syntaxErrors) = INIFile.parse(text, file: file)
                errors += syntaxErrors
                for entry in ini.entries { apply(entry, to: &configuration, errors: &errors) }
            } catch {
                errors.append(ConfigurationError(SourceLocation(file: file, line: nil), "cannot read: \(error)"))
            }
        }
        for (flag, value) in flags {
            guard let option = Configuration.options.first(where: { $0.flag == flag }) else {
                errors.append(ConfigurationError(.flag(flag), "unknown option"))
                continue
            }
            do {
                try option.apply(&configuration, value)
            } catch {
                errors.append(ConfigurationError(.flag(flag), "\(error)"))
            }
        }
        guard errors.isEmpty else { throw ConfigurationErrors(errors: errors) }
        return configuration
    }

    private func files(errors: inout [ConfigurationError]) -> [String] {
        var files: [String] = []
        if FileManager.default.fileExists(atPath: path) {
            files.append(path)
        } else if pathWasExplicit {
            errors.append(ConfigurationError(SourceLocation(file: path, line: nil), "no such file"))
        }
        let dropInDirectory = path + ".d"
        if let names = try? FileManager.default.contentsOfDirectory(atPath: dropInDirectory) {
            files += names.filter { $0.hasSuffix(".conf") }.sorted().map { "\(dropInDirectory)/\($0)" }
        }
        return files
    }

    private func apply(_ entry: INIFile.Entry, to configuration: inout Configuration, errors: inout [ConfigurationError]) {
        if entry.section.hasPrefix("Plugin.") {
            let id = String(entry.section.dropFirst("Plugin.".count))
            // The one key the daemon itself reads; the rest is the plugin's.
            if entry.key == "Required", Configuration.boolean(entry.value) == nil {
                errors.append(ConfigurationError(entry.location, "Required= must be yes or no, not \"\(entry.value)\""))
            }
            configuration.pluginSections[id, default: [:]][entry.key] = entry.value
            return
        }
        guard let option = Configuration.options.first(where: { $0.section == entry.section && $0.key == entry.key }) else {
            let known = Configuration.options.filter { $0.section == entry.section }.map(\.key)
            let hint = known.isEmpty
                ? "unknown section [\(entry.section)]; sections are [Daemon], [Roles] and [Plugin.<id>]"
                : "unknown key \(entry.key) in [\(entry.section)]; known keys: \(known.joined(separator: ", "))"
            errors.append(ConfigurationError(entry.location, hint))
            return
        }
        do {
            try option.apply(&configuration, entry.value)
        } catch {
            errors.append(ConfigurationError(entry.location, "\(entry.key): \(error)"))
        }
    }
}

public struct ConfigurationErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [ConfigurationError]
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
