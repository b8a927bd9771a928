import Glibc

/// An error a handler throws to end its call with a particular status. Any other
/// error ends the call with INTERNAL and the error's description.
public struct PluginError: Error, Sendable, Hashable, CustomStringConvertible {
    public var code: PluginStatus
    /// Shown to people when the call fails.
    public var message: String

    public init(_ code: PluginStatus, _ message: String = "") {
        self.code = code
        self.message = message
    }

    public var description: String { message.isEmpty ? "\(code)" : "\(code): \(message)" }

    /// The status and message a call ends with when its handler throws `error`.
    static func answer(for error: any Error) -> PluginError {
        switch error {
        case let error as PluginError:
            error
        case let error as HostError where error.errno == ESHUTDOWN:
            // The daemon is past its drain: the caller should retry elsewhere or later.
            PluginError(.unavailable, error.description)
        case is CancellationError:
            PluginError(.cancelled, "cancelled")
        default:
            PluginError(.internal, String(describing: error))
        }
    }
}

/// A host function refused a request before doing anything: it returned a negative
/// errno. (Errors of the call itself come back as a status, never as this.)
public struct HostError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The host function: "call", "emit_event".
    public var function: String
    /// The positive errno: EINVAL, EMSGSIZE, ESHUTDOWN, ...
    public var errno: Int32

    public init(function: String, errno: Int32) {
        self.function = function
        self.errno = errno
    }

    public var description: String {
        "the host's \(function)() refused: \(String(cString: strerror(errno)))"
    }
}
