import EcoprodProtocol
import Logging
import NIOCore

/// What a handler knows about the call it serves.
public struct CallContext: Sendable {
    public var method: MethodDescriptor
    public var caller: PeerIdentity
    public var role: Role
    /// Absolute deadline from the request's timeout_nano, if it set one.
    public var deadline: NIODeadline?
    /// Request metadata. Informational only: never a source of identity.
    public var metadata: [String: [String]]
    public var logger: Logger

    public init(
        method: MethodDescriptor, caller: PeerIdentity, role: Role,
        deadline: NIODeadline? = nil, metadata: [String: [String]] = [:], logger: Logger
    ) {
        self.method = method
        self.caller = caller
        self.role = role
        self.deadline = deadline
        self.metadata = metadata
        self.logger = logger
    }
}
