import CSystemSupport
import Glibc
import Logging

/// Sends records to journald's native protocol with structured fields: the message,
/// its syslog priority, and each metadata key as ECOPROD_<KEY> (ECOPROD_METHOD,
/// ECOPROD_PEER_UID, ECOPROD_PLUGIN …), so `journalctl -u ecoprodd ECOPROD_PEER_UID=1000` works.
public struct JournaldLogHandler: DaemonLogHandler {
    public var metadata: Logger.Metadata = [:]
    private let label: String

    public init(label: String) {
        self.label = label
    }

    public func log(event: LogEvent) {
        var fields = [
            "MESSAGE=\(event.message)",
            "PRIORITY=\(event.level.syslogPriority)",
            "SYSLOG_IDENTIFIER=ecoprodd",
            "ECOPROD_LOGGER=\(label)",
            "CODE_FILE=\(event.file)",
            "CODE_LINE=\(event.line)",
            "CODE_FUNC=\(event.function)",
        ]
        for (key, value) in mergedMetadata(event) {
            fields.append("ECOPROD_\(Self.fieldName(key))=\(value)")
        }
        Self.send(fields)
    }

    /// Journal field names are upper-case letters, digits and underscores.
    static func fieldName(_ key: String) -> String {
        String(key.uppercased().map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }

    private static func send(_ fields: [String]) {
        var storage = fields.map { Array($0.utf8) }
        var vectors = [iovec]()
        vectors.reserveCapacity(storage.count)
        for index in storage.indices {
            storage[index].withUnsafeMutableBytes { bytes in
                vectors.append(iovec(iov_base: bytes.baseAddress, iov_len: bytes.count))
            }
        }
        // The iovecs point into `storage`, which stays alive and unmoved until after the call.
        withExtendedLifetime(storage) {
            _ = sd_journal_sendv(&vectors, Int32(vectors.count))
        }
    }

    /// Whether stderr is the journal: systemd sets JOURNAL_STREAM to stderr's device:inode.
    public static var stderrIsJournal: Bool {
        guard let stream = getenv("JOURNAL_STREAM").map({ String(cString: $0) }) else { return false }
        var status = stat()
        guard fstat(STDERR_FILENO, &status) == 0 else { return false }
        return stream == "\(status.st_dev):\(status.st_ino)"
    }
}

extension Logger.Level {
    var syslogPriority: Int {
        switch self {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }
}
