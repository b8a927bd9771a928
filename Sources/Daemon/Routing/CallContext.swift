import EcoprodProtocol
import Logging
import NIOCore

/// Who makes calls and how they are logged: the same for every call on a connection,
/// so a connection builds it once and each call shares it for one retain.
final class CallOrigin: Sendable {
    let caller: PeerIdentity
    let role: Role
    let viaPlugin: String?
    let logger: Logger

    init(caller: PeerIdentity, role: Role, viaPlugin: String? = nil, logger: Logger) {
        self.caller = caller
        self.role = role
        self.viaPlugin = viaPlugin
        self.logger = logger
    }
}

/// What a handler knows about the call it serves. A class: a connection builds the
/// context of calls without deadline or metadata once per method, and hands the same
/// one to each call for a single retain.
public final class CallContext: Sendable {
    public let method: MethodDescriptor
    /// Absolute deadline from the request's timeout_nano, if it set one.
    public let deadline: NIODeadline?
    /// Request metadata in arrival order. Informational only: never a source of identity.
    public let metadataPairs: [(key: String, value: String)]
    private let origin: CallOrigin

    public var caller: PeerIdentity { origin.caller }
    public var role: Role { origin.role }
    /// The plugin that made this call on the caller's behalf; nil for a socket client.
    public var viaPlugin: String? { origin.viaPlugin }
    private var connectionLogger: Logger { origin.logger }

    public convenience init(
        method: MethodDescriptor, caller: PeerIdentity, role: Role, deadline: NIODeadline? = nil,
        metadata: [(key: String, value: String)] = [], viaPlugin: String? = nil, logger: Logger
    ) {
        self.init(
            method: method, origin: CallOrigin(caller: caller, role: role, viaPlugin: viaPlugin, logger: logger),
            deadline: deadline, metadata: metadata
        )
    }

    init(method: MethodDescriptor, origin: CallOrigin, deadline: NIODeadline?, metadata: [(key: String, value: String)]) {
        self.method = method
        self.origin = origin
        self.deadline = deadline
        self.metadataPairs = metadata
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
