import Logging
import Synchronization

extension LogLevelSetting {
    var level: Logger.Level {
        switch self {
        case .debug: .debug
        case .info: .info
        case .notice: .notice
        case .warning: .warning
        case .error: .error
        }
    }
}

/// Chooses one log destination for the whole process: journald or stderr, never both.
public enum DaemonLogging {
    private static let sharedLevel = Atomic<Int>(Logger.Level.info.index)

    /// The level every handler filters at; a reload changes it for all loggers at once.
    public static var level: Logger.Level {
        get { Logger.Level.allCases[sharedLevel.load(ordering: .relaxed)] }
        set { sharedLevel.store(newValue.index, ordering: .relaxed) }
    }

    public static func bootstrap(target: LogTarget, level: LogLevelSetting) {
        self.level = level.level
        let useJournal = target == .journal || (target == .auto && JournaldLogHandler.stderrIsJournal)
        LoggingSystem.bootstrap { label in
            useJournal ? JournaldLogHandler(label: label) as LogHandler : StderrLogHandler()
        }
    }
}

extension Logger.Level {
    fileprivate var index: Int { Self.allCases.firstIndex(of: self)! }
}

/// What the daemon's log handlers share: one process-wide level that a reload can
/// change, and metadata carried by each logger.
protocol DaemonLogHandler: LogHandler {
    var metadata: Logger.Metadata { get set }
}

extension DaemonLogHandler {
    public var logLevel: Logger.Level {
        get { DaemonLogging.level }
        set { DaemonLogging.level = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// The logger's metadata with the record's on top.
    func mergedMetadata(_ event: LogEvent) -> Logger.Metadata {
        metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 })
    }
}
