@testable import EcoprodDaemon
import EcoprodProtocol
import Testing

@Suite("RolePolicy")
struct RolePolicyTests {
    let policy = Fixtures.policy

    @Test func rootAndTheDaemonsOwnUserAreAdmins() {
        #expect(policy.role(of: Fixtures.root) == .admin)
        #expect(policy.role(of: Fixtures.user(uid: Fixtures.daemonUID, gid: 9999)) == .admin)
        #expect(policy.role(of: Fixtures.user(uid: Fixtures.daemonUID + 1)) == .none)
    }

    @Test(arguments: [
        ([UInt32](), Role.none),
        ([Fixtures.readerGID], .reader),
        ([Fixtures.editorGID], .editor),
        ([Fixtures.adminGID], .admin),
        ([Fixtures.readerGID, Fixtures.editorGID], .editor),
        ([Fixtures.editorGID, Fixtures.readerGID], .editor),
        ([Fixtures.readerGID, Fixtures.adminGID], .admin),
        ([Fixtures.adminGID, Fixtures.editorGID, Fixtures.readerGID], .admin),
        ([4, 27, 100], .none),
    ])
    func highestRoleOfTheSupplementaryGroupsWins(groups: [UInt32], expected: Role) {
        #expect(policy.role(of: Fixtures.user(groups: groups)) == expected)
    }

    @Test func primaryGroupCounts() {
        #expect(policy.role(of: Fixtures.user(gid: Fixtures.editorGID)) == .editor)
        #expect(policy.role(of: Fixtures.user(gid: Fixtures.readerGID, groups: [Fixtures.adminGID])) == .admin)
        #expect(policy.role(of: Fixtures.user(gid: Fixtures.adminGID, groups: [Fixtures.readerGID])) == .admin)
    }

    @Test func missingGroupGrantsNothing() {
        var policy = policy
        policy.admin.gid = nil
        #expect(policy.role(of: Fixtures.user(groups: [Fixtures.adminGID])) == .none)
        #expect(policy.role(of: Fixtures.user(groups: [Fixtures.adminGID, Fixtures.readerGID])) == .reader)
        #expect(policy.missingGroups == ["ecoprod-test-admins"])
        policy.reader.gid = nil
        #expect(policy.missingGroups == ["ecoprod-test-readers", "ecoprod-test-admins"])
        // Even a peer whose gids happen to be 0 gains nothing from a missing group.
        #expect(policy.role(of: Fixtures.user(gid: 0)) == .none)
    }

    @Test func groupsAreResolvedAgainstTheSystem() {
        let policy = RolePolicy(
            readerGroup: "root", editorGroup: "ecoprod-test-no-such-group-1", adminGroup: "ecoprod-test-no-such-group-2",
            daemonUID: 4242
        )
        #expect(policy.reader == RolePolicy.Group(name: "root", gid: 0))
        #expect(policy.editor.gid == nil)
        #expect(policy.admin.gid == nil)
        #expect(policy.missingGroups == ["ecoprod-test-no-such-group-1", "ecoprod-test-no-such-group-2"])
        #expect(policy.role(of: Fixtures.user(groups: [0])) == .reader)
    }

    @Test func groupNameForEachRole() {
        #expect(policy.groupName(for: .none) == nil)
        #expect(policy.groupName(for: .reader) == "ecoprod-test-readers")
        #expect(policy.groupName(for: .editor) == "ecoprod-test-editors")
        #expect(policy.groupName(for: .admin) == "ecoprod-test-admins")
    }

    @Test func rolesAreOrderedAndMapToTheProtoEnum() {
        #expect(Role.allCases.sorted() == [.none, .reader, .editor, .admin])
        #expect(Role.none < .reader && Role.reader < .editor && Role.editor < .admin)
        #expect(Role.allCases.map(\.proto) == [.unspecified, .reader, .editor, .admin])
        #expect(Role.allCases.map(\.description) == ["none", "reader", "editor", "admin"])
    }

    @Test func peerIdentityMembershipCountsPrimaryAndSupplementaryGroups() {
        let peer = PeerIdentity(pid: 12, uid: 1000, gid: 100, groups: [4, 27])
        #expect(peer.isMember(of: 100))
        #expect(peer.isMember(of: 27))
        #expect(!peer.isMember(of: 5))
        #expect(!peer.isMember(of: nil))
        #expect(peer.description == "uid=1000 gid=100 pid=12")
    }
}
