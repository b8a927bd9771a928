import CSystemSupport
import Glibc

/// Who is on the other end of a connection, as the kernel saw it at connect().
/// This is the only source of identity: request metadata is never trusted.
public struct PeerIdentity: Sendable, Hashable, CustomStringConvertible {
    public var pid: Int32
    public var uid: UInt32
    public var gid: UInt32
    /// Supplementary groups (SO_PEERGROUPS).
    public var groups: [UInt32]

    public init(pid: Int32, uid: UInt32, gid: UInt32, groups: [UInt32]) {
        self.pid = pid
        self.uid = uid
        self.gid = gid
        self.groups = groups
    }

    /// Reads SO_PEERCRED and SO_PEERGROUPS from a connected Unix socket.
    public static func read(fromSocket fd: CInt) throws(PeerIdentityError) -> PeerIdentity {
        var credentials = ecoprod_peer_credentials()
        var length = socklen_t(MemoryLayout<ecoprod_peer_credentials>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &credentials, &length) == 0 else {
            throw PeerIdentityError(option: "SO_PEERCRED", errno: errno)
        }
        var groups = [gid_t](repeating: 0, count: 32)
        while true {
            var size = socklen_t(groups.count * MemoryLayout<gid_t>.size)
            if getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, &groups, &size) == 0 {
                groups = Array(groups.prefix(Int(size) / MemoryLayout<gid_t>.size))
                break
            }
            // ERANGE reports the size needed.
            guard errno == ERANGE else { throw PeerIdentityError(option: "SO_PEERGROUPS", errno: errno) }
            groups = [gid_t](repeating: 0, count: Int(size) / MemoryLayout<gid_t>.size)
        }
        return PeerIdentity(pid: credentials.pid, uid: credentials.uid, gid: credentials.gid, groups: groups)
    }

    /// Whether the primary or a supplementary group is `group` (never true for nil).
    public func isMember(of group: UInt32?) -> Bool {
        guard let group else { return false }
        return gid == group || groups.contains(group)
    }

    public var description: String { "uid=\(uid) gid=\(gid) pid=\(pid)" }
}

public struct PeerIdentityError: Error, Sendable, CustomStringConvertible {
    var option: String
    var errno: Int32
    public var description: String { "getsockopt(\(option)): \(String(cString: strerror(errno)))" }
}
