/// Caller roles, numbered as `ecoprod_role` (and ecoprod.daemon.v1.Role). Ordered: each
/// role includes the ones below it.
public enum PluginRole: UInt32, Sendable, Hashable, Comparable, CaseIterable {
    /// Never a method's required role; a caller in no role group reaches no method.
    case none = 0
    case reader = 1
    case editor = 2
    case admin = 3

    public static func < (lhs: PluginRole, rhs: PluginRole) -> Bool { lhs.rawValue < rhs.rawValue }
}
