import Foundation
import Glibc
import Testing

/// journald's native protocol, received on a stand-in for journald's socket.
@Suite(.serialized)
struct JournalTests {
    static let journalSocket = "/run/systemd/journal/socket"
    static var canStandIn: Bool {
        getuid() == 0 && access(journalSocket, F_OK) != 0
    }

    @Test(.enabled(if: canStandIn, "needs root and no running journald: the test binds journald's own socket path"))
    func mutatingCallsAreJournaledWithStructuredFieldsAndNothingOnStderr() throws {
        mkdir("/run/systemd", 0o755)
        mkdir("/run/systemd/journal", 0o755)
        let journal = try NotifyListener(path: Self.journalSocket)
        defer { unlink(Self.journalSocket) }

        // The harness asks for stderr; a later flag wins.
        let journaled = try DaemonHarness(mode: .boundSocket, extraArguments: ["--log-target", "journal"])
        _ = try journaled.waitUntilReady()
        #expect(try journaled.ctl("reload", "--wait").status == 0)

        var call: [String: String]?
        while let record = journal.next(timeout: .seconds(5)) {
            if record["MESSAGE"]?.hasPrefix("call /ecoprod.daemon.v1.Daemon/Reload") == true {
                call = record
                break
            }
        }
        let record = try #require(call, "no journal record of the Reload call")
        #expect(record["PRIORITY"] == "5")
        #expect(record["SYSLOG_IDENTIFIER"] == "ecoprodd")
        #expect(record["ECOPROD_METHOD"] == "/ecoprod.daemon.v1.Daemon/Reload")
        #expect(record["ECOPROD_PEER_UID"] == "0")
        #expect(record["ECOPROD_PEER_PID"].flatMap(Int32.init) != nil)
        #expect(record["CODE_FILE"]?.hasSuffix(".swift") == true)

        journaled.child.signal(SIGTERM)
        #expect(journaled.child.waitForExit() == 0)
        #expect(journaled.child.standardError.isEmpty, "journal or stderr, never both: \(journaled.child.standardError)")
    }
}
