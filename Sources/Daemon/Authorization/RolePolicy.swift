import Glibc

/// Maps a peer to its role: root and the daemon's own user are admins; everyone
/// else gets the highest role whose Unix group they belong to.
public struct RolePolicy: Sendable, Equatable {
    public struct Group: Sendable, Equatable {
        public var name: String
        /// nil when the group does not exist on this system: nobody holds the role through it.
        public var gid: UInt32?
    }

    public var reader: Group
    public var editor: Group
    public var admin: Group
    public var daemonUID: UInt32

    /// Resolves the group names against the system's group database.
    public init(readerGroup: String, editorGroup: String, adminGroup: String, daemonUID: UInt32 = getuid()) {
        reader = Group(name: readerGroup, gid: Self.lookUpGroup(readerGroup))
        editor = Group(name: editorGroup, gid: Self.lookUpGroup(editorGroup))
        admin = Group(name: adminGroup, gid: Self.lookUpGroup(adminGroup))
        self.daemonUID = daemonUID
    }

    public func role(of peer: PeerIdentity) -> Role {
        if peer.uid == 0 || peer.uid == daemonUID { return .admin }
        if peer.isMember(of: admin.gid) { return .admin }
        if peer.isMember(of: editor.gid) { return .editor }
        if peer.isMember(of: reader.gid) { return .reader }
        return .none
    }

    /// The group that grants `role`, for error messages that tell people what to ask for.
    public func groupName(for role: Role) -> String? {
        switch role {
        case .none: nil
        case .reader: reader.name
        case .editor: editor.name
        case .admin: admin.name
        }
    }

    public var missingGroups: [String] {
        [reader, editor, admin].filter { $0.gid == nil }.map(\.name)
    }

    private static func lookUpGroup(_ name: String) -> UInt32? {
        var group = group()
        var result: UnsafeMutablePointer<group>?
        var scratch = [CChar](repeating: 0, count: 16384)
        let status = getgrnam_r(name, &group, &scratch, scratch.count, &result)
        guard status == 0, let found = result else { return nil }
        return found.pointee.gr_gid
    }
}
