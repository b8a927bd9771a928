import EcoprodProtocol

/// How many messages flow each way.
public enum MethodKind: Sendable, Equatable {
    case unary
    case serverStreaming
    case clientStreaming

    public var clientStreams: Bool { self == .clientStreaming }
    public var serverStreams: Bool { self == .serverStreaming }
}

/// Everything the router and introspection know about one method.
public struct MethodDescriptor: Sendable, Equatable {
    /// "ecoprod.daemon.v1.Daemon".
    public var service: String
    /// "Health".
    public var method: String
    /// Fully qualified message names.
    public var requestType: String
    public var responseType: String
    public var kind: MethodKind
    /// The least role a caller needs.
    public var role: Role
    /// Mutating calls are logged with the caller's credentials.
    public var mutating: Bool
    /// "builtin" or a plugin id.
    public var provider: String

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
    }

    /// "/ecoprod.daemon.v1.Daemon/Health", as gRPC and ttrpc print it.
    public var fullName: String { "/\(service)/\(method)" }
}
