import EcoprodProtocol
import Glibc

/// Why a call did not produce an answer, worded for the person at the terminal.
public enum ClientError: Error, Sendable, CustomStringConvertible {
    /// The socket could not be reached; carries the path and errno.
    case cannotConnect(path: String, errno: Int32)
    /// The daemon answered with a non-OK status.
    case rpc(RPCError)
    /// No answer within the client's timeout.
    case timedOut(after: Duration)
    /// The daemon closed the connection or sent something that is not ttrpc.
    case connectionLost(String)

    public var description: String {
        switch self {
        case .cannotConnect(let path, ENOENT):
            "no ecoprodd socket at \(path): is the daemon running? (systemctl status ecoprodd.socket ecoprodd)"
        case .cannotConnect(let path, ECONNREFUSED):
            "nothing is listening on \(path): the daemon is not running (systemctl start ecoprodd.socket)"
        case .cannotConnect(let path, EACCES), .cannotConnect(let path, EPERM):
            "permission denied opening \(path): ask an administrator to add you to the group that owns it (usually \"ecoprod\"; see ls -l \(path)), then log in again"
        case .cannotConnect(let path, let code):
            "cannot connect to \(path): \(String(cString: strerror(code)))"
        case .rpc(let error) where error.code == .permissionDenied:
            "permission denied: \(error.message)"
        case .rpc(let error):
            "\(error.code.name): \(error.message)"
        case .timedOut(let after):
            "no answer from ecoprodd within \(after)"
        case .connectionLost(let reason):
            "connection to ecoprodd lost: \(reason)"
        }
    }
}
