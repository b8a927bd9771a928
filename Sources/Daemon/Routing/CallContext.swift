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
    /// Request metadata in arrival order. Informational only: never a source of identity.
    public var metadataPairs: [(key: String, value: String)]
    /// The plugin that made this call on the caller's behalf; nil for a socket client.
    public var viaPlugin: String?
    private let connectionLogger: Logger

    public init(
        method: MethodDescriptor, caller: PeerIdentity, role: Role, deadline: NIODeadline? = nil,
        metadata: [(key: String, value: String)] = [], viaPlugin: String? = nil, logger: Logger
    ) {
        self.method = method
        self.caller = caller
        self.role = role
        self.deadline = deadline
        self.metadataPairs = metadata
        self.viaPlugin = viaPlugin
        self.connectionLogger = logger
    }

    /// The connection's logger with the method attached. Built on use: most calls never log.
    public var logger: Logger {
        var logger = connectionLogger
        logger[metadataKey: "method"] = "\(method.fullName)"
        if let viaPlugin { logger[metadataKey: "via_plugin"] = "\(viaPlugin)" }
        return logger
    }

    public var metadata: [String: [String]] {
        Dictionary(metadataPairs.map { ($0.key, [$0.value]) }, uniquingKeysWith: +)
    }

    /// What the caller sees of a handler's failure; unexpected errors are logged, as
    /// their text is all anyone will have to go on.
    public func failure(_ error: any Error) -> RPCError {
        switch error {
        case let error as RPCError:
            return error
        case is CancellationError:
            return RPCError(.cancelled, "the call was cancelled")
        default:
            logger.error("\(method.fullName) failed: \(error)")
            return RPCError(.internal, "\(error)")
        }
    }
}
