import EcoprodProtocol

/// How many messages flow each way.
public enum MethodKind: Sendable, Equatable {
    case unary
    case serverStreaming
    case clientStreaming

    public var clientStreams: Bool { self == .clientStreaming }
    public var serverStreams: Bool { self == .serverStreaming }
}

/// Everything the router and introspection know about one method. A class: every
/// call carries its method's descriptor, and sharing one costs a single retain.
public final class MethodDescriptor: Sendable, Equatable, CustomStringConvertible {
    /// "ecoprod.daemon.v1.Daemon".
    public let service: String
    /// "Health".
    public let method: String
    /// Fully qualified message names.
    public let requestType: String
    public let responseType: String
    public let kind: MethodKind
    /// The least role a caller needs.
    public let role: Role
    /// Mutating calls are logged with the caller's credentials.
    public let mutating: Bool
    /// "builtin" or a plugin id.
    public let provider: String
    /// "/ecoprod.daemon.v1.Daemon/Health", as gRPC and ttrpc print it.
    public let fullName: String

    public init(
        service: String, method: String, requestType: String, responseType: String,
        kind: MethodKind = .unary, role: Role, mutating: Bool = false, provider: String = "builtin"
    ) {
        self.service = service
        self.method = method
        self.requestType = requestType
        self.responseType = responseType
        self.kind = kind
        self.role = role
        self.mutating = mutating
        self.provider = provider
        self.fullName = "/\(service)/\(method)"
    }

    public static func == (lhs: MethodDescriptor, rhs: MethodDescriptor) -> Bool {
        (lhs.service, lhs.method, lhs.requestType, lhs.responseType) == (rhs.service, rhs.method, rhs.requestType, rhs.responseType)
            && (lhs.kind, lhs.role, lhs.mutating, lhs.provider) == (rhs.kind, rhs.role, rhs.mutating, rhs.provider)
    }

    public var description: String { fullName }
}
