import Foundation
import Glibc
import Testing

/// ecoprodctl as people and scripts use it: tables, JSON, the generic call, exit codes.
@Suite(.serialized)
struct CommandLineTests {
    @Test func genericCallMapsJSONThroughTheDescriptors() throws {
        let daemon = try DaemonHarness(mode: .boundSocket)
        _ = try daemon.waitUntilReady()

        let info = try daemon.ctl("call", "ecoprod.daemon.v1.Daemon/Info", "--data", "{}")
        #expect(info.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(info.standardOutput.utf8)) as? [String: Any])
        #expect(object["version"] as? String == "0.7.0")
        #expect((object["caller"] as? [String: Any])?["role"] as? String == "ROLE_ADMIN")

        let reload = try daemon.ctl("call", "ecoprod.daemon.v1.Daemon/Reload", "--data", "{\"wait\": true}")
        #expect(reload.status == 0 && reload.standardOutput.contains("\"generation\": \"1\""))

        let badField = try daemon.ctl("call", "ecoprod.daemon.v1.Daemon/Reload", "--data", "{\"wiat\": true}")
        #expect(badField.status == 65)
        #expect(badField.standardError.contains("unknown field \"wiat\" in ecoprod.daemon.v1.ReloadRequest"))

        let badValue = try daemon.ctl("call", "ecoprod.daemon.v1.Daemon/Reload", "--data", "{\"wait\": \"yes\"}")
        #expect(badValue.status == 65)
        #expect(badValue.standardError.contains("field \"wait\""))

        let unknown = try daemon.ctl("call", "ecoprod.daemon.v1.Daemon/Explode")
        #expect(unknown.status == 64)
        #expect(unknown.standardError.contains("has no method \"Explode\""))

        let services = try daemon.ctl("services", "--output", "json")
        #expect(services.status == 0 && services.standardOutput.contains("\"requiredRole\" : \"ROLE_ADMIN\""))

        let watch = try daemon.ctl("watch", "--count", "0", "--output", "json")
        #expect(watch.status == 0 && watch.standardOutput.contains("\"topic\":\"daemon.watch.started\""))
        daemon.child.signal(SIGTERM)
        #expect(daemon.child.waitForExit() == 0)
    }

    @Test func aDaemonThatIsDownIsNamedWithItsSocket() throws {
        let scratch = try Scratch()
        let result = try run(Binaries.ctl, ["--socket", scratch.file("none.sock"), "health"])
        #expect(result.status == 69)
        #expect(result.standardError.contains("no ecoprodd socket at \(scratch.file("none.sock"))"))
    }

    @Test(.enabled(if: getuid() == 0, "needs root to run clients as other users with setpriv"))
    func rolesComeFromThePeersGroups() throws {
        // Debian's stock groups stand in for the role groups: users (100), staff (50), adm (4).
        let daemon = try DaemonHarness(
            mode: .boundSocket,
            extraArguments: ["--reader-group", "users", "--editor-group", "staff", "--admin-group", "adm"]
        )
        _ = try daemon.waitUntilReady()
        let nobody = (uid: UInt32(65534), groups: [UInt32]())
        let reader = (uid: UInt32(65534), groups: [UInt32(100)])
        let admin = (uid: UInt32(65534), groups: [UInt32(4), UInt32(100)])

        // The socket itself (0660, group users) keeps a peer in no group out…
        let outside = try daemon.ctl("health", asUser: nobody)
        #expect(outside.status == 77)
        #expect(outside.standardError.contains("permission denied opening \(daemon.socketPath)"))
        // …and were it opened up, the daemon still refuses: identity comes from SO_PEERCRED.
        chmod(daemon.socketPath, 0o666)
        let noRole = try daemon.ctl("health", asUser: nobody)
        #expect(noRole.status == 77)
        #expect(noRole.standardError.contains("Health needs role reader (group users); uid 65534 has role none"))

        let readerHealth = try daemon.ctl("health", asUser: reader)
        #expect(readerHealth.status == 0)
        let readerReload = try daemon.ctl("reload", "--wait", asUser: reader)
        #expect(readerReload.status == 77)
        #expect(readerReload.standardError.contains("Reload needs role admin (group adm); uid 65534 has role reader"))
        let adminReload = try daemon.ctl("reload", "--wait", asUser: admin)
        #expect(adminReload.status == 0)

        let whoami = try daemon.ctl("info", "--output", "json", asUser: reader)
        #expect(whoami.standardOutput.contains("\"uid\" : 65534"))
        #expect(whoami.standardOutput.contains("\"role\" : \"ROLE_READER\""))
        daemon.child.signal(SIGTERM)
        #expect(daemon.child.waitForExit() == 0)
    }
}
