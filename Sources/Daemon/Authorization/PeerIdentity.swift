import CSystemSupport
import EcoprodProtocol
import Glibc
import NIOCore

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

    /// Reads SO_PEERCRED and SO_PEERGROUPS from an accepted Unix socket channel.
    /// On the channel's event loop the returned future is already complete.
    public static func read(from channel: Channel) -> EventLoopFuture<PeerIdentity> {
        guard let socket = channel as? SocketOptionProvider else {
            return channel.eventLoop.makeFailedFuture(IOError(errnoCode: ENOTSOCK, reason: "peer credentials"))
        }
        let level = SocketOptionLevel(SOL_SOCKET)
        let credentials: EventLoopFuture<ecoprod_peer_credentials> =
            socket.unsafeGetSocketOption(level: level, name: SocketOptionName(SO_PEERCRED))
        return credentials.flatMap { credentials in
            let groups: EventLoopFuture<ecoprod_peer_groups> =
                socket.unsafeGetSocketOption(level: level, name: SocketOptionName(SO_PEERGROUPS))
            return groups.map { groups in
                PeerIdentity(pid: credentials.pid, uid: credentials.uid, gid: credentials.gid, groups: supplementaryGroups(groups))
            }.recover { _ in
                // More groups than fit: the primary group still counts, the rest is ignored.
                PeerIdentity(pid: credentials.pid, uid: credentials.uid, gid: credentials.gid, groups: [])
            }
        }
    }

    private static func supplementaryGroups(_ raw: ecoprod_peer_groups) -> [UInt32] {
        var groups = withUnsafeBytes(of: raw.gids) { Array($0.bindMemory(to: gid_t.self)) }
        while groups.last == 0 { groups.removeLast() }
        return groups
    }

    /// Whether the primary or a supplementary group is `group` (never true for nil).
    public func isMember(of group: UInt32?) -> Bool {
        guard let group else { return false }
        return gid == group || groups.contains(group)
    }

    public var description: String { "uid=\(uid) gid=\(gid) pid=\(pid)" }
}
