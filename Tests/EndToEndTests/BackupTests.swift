import EcoprodAPI
import EcoprodClient
import Foundation
import Glibc
import Synchronization
import Testing

/// Backup and restore through the real binaries, and a state directory made by an earlier
/// release opened by this one (docs/OPERATIONS.md, section 10).
@Suite(.serialized)
struct BackupTests {
    static let directory = "ecoprod.directory.v1.Directory"

    @Test func aBackupUnderWriteLoadRestoresEveryWriteAcknowledgedBeforeIt() throws {
        let scratch = try Scratch()
        let daemon = try DaemonHarness(mode: .boundSocket, scratch: scratch)
        _ = try daemon.waitUntilReady()
        let acknowledged = Mutex<[String]>([])
        /// Signalled at the 200th acknowledged write: the backup starts under load.
        let loaded = DispatchSemaphore(value: 0)
        let stop = Atomic(false)
        let socketPath = daemon.socketPath
        let writers = (0..<2).map { writer in
            Thread {
                guard let connection = try? Connection(socketPath: socketPath, timeout: .seconds(10)) else { return }
                for n in 0... where !stop.load(ordering: .relaxed) {
                    let request = Ecoprod_Directory_V1_CreateOrganisationRequest.with {
                        $0.details.kind = .serviceProvider
                        $0.details.name = "Writer \(writer) organisation \(n)"
                        $0.details.categories = ["catering"]
                    }
                    guard let created = try? connection.call(Self.directory, "CreateOrganisation", request, as: Ecoprod_Directory_V1_Organisation.self) else { return }
                    acknowledged.withLock { ids in
                        ids.append(created.id)
                        if ids.count == 200 { loaded.signal() }
                    }
                }
            }
        }
        writers.forEach { $0.start() }
        try #require(loaded.wait(timeout: .now() + 30) == .success, "200 writes are acknowledged before the backup starts")

        let before = Set(acknowledged.withLock { $0 })
        let backup = try daemon.ctl("backup", "-o", scratch.file("backup.tar"))
        let during = acknowledged.withLock { $0.count }
        stop.store(true, ordering: .relaxed)
        #expect(backup.status == 0, "\(backup.standardError)")
        #expect(during > before.count, "the daemon kept acknowledging writes while the backup was taken")
        var mode = stat()
        stat(scratch.file("backup.tar"), &mode)
        #expect(mode.st_mode & 0o777 == 0o600)

        // As tmpfiles.d makes it: owned by the daemon's user, which root's restore hands everything to.
        let restoredState = scratch.file("restored")
        mkdir(restoredState, 0o700)
        let owner: uid_t = geteuid() == 0 ? 65534 : geteuid()
        chown(restoredState, owner, owner)
        let restored = try run(Binaries.ctl, ["restore", scratch.file("backup.tar"), "--state-dir", restoredState])
        #expect(restored.status == 0, "\(restored.standardError)")
        for name in ["label.sqlite", "directory.sqlite", "ecoprodd.lock"] {
            var status = stat()
            #expect(stat("\(restoredState)/\(name)", &status) == 0 && status.st_uid == owner, "\(name) belongs to the state directory's owner")
        }
        for file in ["label.sqlite", "carbon.sqlite", "directory.sqlite"] {
            let check = try run("/usr/bin/sqlite3", ["\(restoredState)/\(file)", "PRAGMA integrity_check;"])
            #expect(check.standardOutput == "ok\n", "\(file): \(check.standardOutput)")
        }
        let stored = try run("/usr/bin/sqlite3", ["\(restoredState)/directory.sqlite", "SELECT id FROM organisations;"])
        let ids = Set(stored.standardOutput.split(separator: "\n").map(String.init))
        #expect(before.subtracting(ids).isEmpty, "every organisation acknowledged before the backup began: \(before.subtracting(ids).count) missing")

        let onRestored = try DaemonHarness(mode: .boundSocket, extraArguments: ["--state-dir", restoredState], socketPath: scratch.file("r.sock"))
        _ = try onRestored.waitUntilReady()
        let one = try #require(before.first)
        #expect(try onRestored.ctl("org", "show", one).status == 0)
    }

    @Test func restoreRefusesARunningDaemonADamagedBackupAndANewerSchema() throws {
        let scratch = try Scratch()
        let daemon = try DaemonHarness(mode: .boundSocket, scratch: scratch)
        _ = try daemon.waitUntilReady()
        let organisation = try #require(try outputObject(try daemon.ctl("org", "create", "--kind", "prestataire", "--name", "Gardée", "--output", "json"))["id"] as? String)
        let archive = scratch.file("backup.tar")
        #expect(try daemon.ctl("backup", "-o", archive).status == 0)

        let whileRunning = try run(Binaries.ctl, ["restore", archive, "--state-dir", scratch.file("state")])
        #expect(whileRunning.status == 1 && whileRunning.standardError.contains("in use by another ecoprodd (pid \(daemon.child.pid))"), "\(whileRunning.standardError)")

        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: archive)))
        let damaged = scratch.file("damaged.tar")
        let label = try #require(Self.offset(of: "label.sqlite", in: bytes))
        bytes[label + 512 + 200] ^= 0xff
        try Data(bytes).write(to: URL(fileURLWithPath: damaged))
        let refused = try run(Binaries.ctl, ["restore", damaged, "--state-dir", scratch.file("elsewhere")])
        #expect(refused.status == 1 && refused.standardError.contains("label.sqlite has SHA-256") && refused.standardError.contains("the backup is damaged"),
                "\(refused.standardError)")
        #expect(!FileManager.default.fileExists(atPath: scratch.file("elsewhere/label.sqlite")), "nothing restored from a damaged backup")

        let truncated = scratch.file("truncated.tar")
        try Data(bytes.prefix(label + 1024)).write(to: URL(fileURLWithPath: truncated))
        let short = try run(Binaries.ctl, ["restore", truncated, "--state-dir", scratch.file("elsewhere")])
        #expect(short.status == 1 && short.standardError.contains("truncated"), "\(short.standardError)")

        // A backup from a newer ecoprodd: a migration this one does not know, with a manifest
        // that vouches for it — as the newer one would write it.
        let newer = scratch.file("newer")
        #expect(try run("/usr/bin/tar", ["-xf", archive, "-C", scratch.path, "--one-top-level=newer"]).status == 0)
        #expect(try run("/usr/bin/sqlite3", ["\(newer)/label.sqlite", "INSERT INTO grdb_migrations VALUES ('label-v99-from-the-future')"]).status == 0)
        let rewritten = try run("/usr/bin/env", ["python3", "-c", """
            import hashlib, json, os, sys, tarfile
            root, out = sys.argv[1], sys.argv[2]
            manifest = json.load(open(os.path.join(root, "MANIFEST.json")))
            for entry in manifest["entries"]:
                data = open(os.path.join(root, entry["path"]), "rb").read()
                entry["size"], entry["sha256"] = len(data), hashlib.sha256(data).hexdigest()
            open(os.path.join(root, "MANIFEST.json"), "w").write(json.dumps(manifest))
            with tarfile.open(out, "w", format=tarfile.USTAR_FORMAT) as tar:
                for name in ["MANIFEST.json"] + [entry["path"] for entry in manifest["entries"]]:
                    tar.add(os.path.join(root, name), arcname=name)
            """, newer, scratch.file("newer.tar")])
        #expect(rewritten.status == 0, "\(rewritten.standardError)")
        let fromTheFuture = try run(Binaries.ctl, ["restore", scratch.file("newer.tar"), "--state-dir", scratch.file("elsewhere")])
        #expect(fromTheFuture.status == 1 && fromTheFuture.standardError.contains("label.sqlite in the backup was written by a newer ecoprodd: its migrations label-v99-from-the-future are unknown"),
                "\(fromTheFuture.standardError)")

        daemon.child.signal(SIGTERM)
        #expect(daemon.child.waitForExit() == 0)
        let restored = try run(Binaries.ctl, ["restore", archive, "--state-dir", scratch.file("state")])
        #expect(restored.status == 0 && restored.standardOutput.contains("the state it replaced is in"), "\(restored.standardError)")
        let again = try DaemonHarness(mode: .boundSocket, scratch: scratch)
        _ = try again.waitUntilReady()
        #expect(try again.ctl("org", "show", organisation).status == 0)
    }

    @Test func aStateDirectoryFromTheEarlierReleaseOpensWithItsData() throws {
        let scratch = try Scratch()
        let fixture = "\(Binaries.repository)/tests/fixtures/state-0.1.0"
        #expect(try run("/bin/cp", ["-a", fixture, scratch.file("state")]).status == 0)
        let expected = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: fixture + ".json"))) as? [String: String])
        let daemon = try DaemonHarness(mode: .boundSocket, extraArguments: ["--plugin-dir", try TestPlugins.directory(["charter.so"], in: scratch)], scratch: scratch)
        _ = try daemon.waitUntilReady()

        let production = try outputObject(try daemon.ctl("production", "show", expected["production"]!, "--output", "json"))
        #expect((production["details"] as? [String: Any])?["title"] as? String == "Le Film d'avant")
        let evidence = try daemon.ctl("evidence", "download", expected["evidence"]!, "-o", scratch.file("bilan.txt"))
        #expect(evidence.status == 0, "\(evidence.standardError)")
        #expect(try String(contentsOfFile: scratch.file("bilan.txt"), encoding: .utf8) == "Bilan carbone du tournage\n")
        let lines = try outputLines(try daemon.ctl("footprint", "lines", "list", expected["footprint"]!, "--output", "json"))
        #expect(lines.count == 1)
        let organisation = try outputObject(try daemon.ctl("org", "show", expected["organisation"]!, "--output", "json"))
        #expect((organisation["details"] as? [String: Any])?["name"] as? String == "Groupes d'avant")
        let enrolment = try outputObject(try daemon.ctl("charter", "show-enrolment", expected["enrolment"]!, "--output", "json"))
        #expect(enrolment["state"] as? String == "ENROLMENT_STATE_ACTIVE")

        let migrations = try run("/usr/bin/sqlite3", [scratch.file("state/directory.sqlite"), "SELECT identifier FROM grdb_migrations ORDER BY identifier;"])
        #expect(migrations.standardOutput == "directory-v1\ndirectory-v2-enrolments-by-charter\n", "the new migration ran at start")
    }

    @Test func aDatabaseFromANewerEcoproddStopsTheDaemonWithExitStatus78() throws {
        let scratch = try Scratch()
        let first = try DaemonHarness(mode: .boundSocket, scratch: scratch)
        _ = try first.waitUntilReady()
        first.child.signal(SIGTERM)
        #expect(first.child.waitForExit() == 0)
        #expect(try run("/usr/bin/sqlite3", [scratch.file("state/carbon.sqlite"), "INSERT INTO grdb_migrations VALUES ('carbon-v99-from-the-future')"]).status == 0)

        let second = try DaemonHarness(mode: .boundSocket, scratch: scratch)
        #expect(second.child.waitForExit() == 78)
        let log = second.child.standardError
        #expect(log.contains("carbon.sqlite was written by a newer ecoprodd: its migrations carbon-v99-from-the-future are unknown to ecoprodd"), "\(log)")
        let untouched = try run("/usr/bin/sqlite3", [scratch.file("state/carbon.sqlite"), "SELECT count(*) FROM grdb_migrations WHERE identifier LIKE '%future%';"])
        #expect(untouched.standardOutput == "1\n")
    }

    /// Where the tar header of `path` starts.
    static func offset(of path: String, in archive: [UInt8]) -> Int? {
        stride(from: 0, to: archive.count - 512, by: 512).first { start in
            Array(archive[start..<start + path.utf8.count]) == Array(path.utf8) && archive[start + path.utf8.count] == 0
        }
    }
}
