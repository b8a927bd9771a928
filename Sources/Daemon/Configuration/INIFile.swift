/// A parsed systemd-style configuration file: `[Section]` headers, `Key=Value`
/// lines, `#` and `;` comments. Every entry remembers where it came from so errors
/// can point at file:line.
struct INIFile {
    struct Entry {
        var section: String
        var key: String
        var value: String
        var location: SourceLocation
    }

    var entries: [Entry] = []

    /// Parses every line, collecting every malformed one rather than stopping at the first.
    static func parse(_ text: String, file: String) -> (file: INIFile, errors: [ConfigurationError]) {
        var result = INIFile()
        var errors: [ConfigurationError] = []
        var section: String?
        // isNewline splits on "\r\n" too, a single Character in Swift.
        for (index, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let location = SourceLocation(file: file, line: index + 1)
            let line = rawLine.trimmingSpaces
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]"), line.count > 2 else {
                    errors.append(ConfigurationError(location, "malformed section header \"\(line)\"; expected [Name]"))
                    continue
                }
                section = String(line.dropFirst().dropLast()).trimmingSpaces
                continue
            }
            guard let equals = line.firstIndex(of: "=") else {
                errors.append(ConfigurationError(location, "expected Key=Value, got \"\(line)\""))
                continue
            }
            guard let currentSection = section else {
                errors.append(ConfigurationError(location, "\"\(line)\" comes before any [Section] header"))
                continue
            }
            let key = line[..<equals].trimmingSpaces
            guard !key.isEmpty else {
                errors.append(ConfigurationError(location, "missing key before \"=\""))
                continue
            }
            result.entries.append(Entry(
                section: currentSection, key: key,
                value: line[line.index(after: equals)...].trimmingSpaces, location: location
            ))
        }
        return (result, errors)
    }
}

/// Where a configuration value was set: a file and line, or a command-line flag.
public struct SourceLocation: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int?

    public static func flag(_ name: String) -> SourceLocation { SourceLocation(file: "command line \(name)", line: nil) }

    public var description: String { line.map { "\(file):\($0)" } ?? file }
}

public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public var location: SourceLocation
    public var message: String

    init(_ location: SourceLocation, _ message: String) {
        self.location = location
        self.message = message
    }

    public var description: String { "\(location): \(message)" }
}

extension StringProtocol {
    var trimmingSpaces: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
