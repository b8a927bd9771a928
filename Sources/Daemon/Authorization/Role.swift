import EcoprodProtocol

/// What a caller may do. Each role includes the ones below it.
public enum Role: Int, Comparable, Sendable, CaseIterable, CustomStringConvertible {
    /// A peer in none of the configured groups: it may call nothing.
    case none = 0
    case reader = 1
    case editor = 2
    case admin = 3

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String {
        switch self {
        case .none: "none"
        case .reader: "reader"
        case .editor: "editor"
        case .admin: "admin"
        }
    }

    public var proto: Ecoprod_Daemon_V1_Role {
        switch self {
        case .none: .unspecified
        case .reader: .reader
        case .editor: .editor
        case .admin: .admin
        }
    }
}
