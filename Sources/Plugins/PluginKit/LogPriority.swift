/// syslog(3) priorities, numbered as `ecoprod_log_priority` (journald's PRIORITY=).
public enum LogPriority: Int32, Sendable, Hashable, CaseIterable {
    case emergency = 0
    case alert = 1
    case critical = 2
    case error = 3
    case warning = 4
    case notice = 5
    case info = 6
    case debug = 7
}
