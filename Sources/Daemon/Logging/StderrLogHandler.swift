import Glibc
import Logging

/// Plain lines on stderr for a terminal or a test harness: `level: message key=value…`.
public struct StderrLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public init() {}

    public var logLevel: Logger.Level {
        get { DaemonLogging.level }
        set { DaemonLogging.level = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 })
        let fields = merged.keys.sorted().map { "\($0)=\(merged[$0]!)" }.joined(separator: " ")
        let line = "\(event.level): \(event.message)\(fields.isEmpty ? "" : " " + fields)\n"
        // One write(2) per line keeps lines from concurrent threads whole.
        var bytes = Array(line.utf8)
        _ = bytes.withUnsafeMutableBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }
}
