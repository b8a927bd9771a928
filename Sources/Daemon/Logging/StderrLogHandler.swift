import Glibc
import Logging

/// Plain lines on stderr for a terminal or a test harness: `level: message key=value…`.
public struct StderrLogHandler: DaemonLogHandler {
    public var metadata: Logger.Metadata = [:]
    public init() {}

    public func log(event: LogEvent) {
        let merged = mergedMetadata(event)
        let fields = merged.keys.sorted().map { "\($0)=\(merged[$0]!)" }.joined(separator: " ")
        let line = "\(event.level): \(event.message)\(fields.isEmpty ? "" : " " + fields)\n"
        // One write(2) per line keeps lines from concurrent threads whole.
        var bytes = Array(line.utf8)
        _ = bytes.withUnsafeMutableBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }
}
