import ArgumentParser
import EcoprodAPI
import EcoprodClient
import EcoprodDaemon
import EcoprodProtocol
import Foundation

struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup", abstract: "An online snapshot of every database and the evidence store, as one file (admin).",
        discussion: """
        The daemon goes on serving while it copies each database with SQLite's online backup (a consistent snapshot \
        holding every write acknowledged before the backup began) and then the evidence files. The file is a tar archive \
        whose first entry, MANIFEST.json, lists every other with its size and SHA-256; it is written whole (mode 0600) \
        or not at all. Put it back with `ecoprodctl restore`.
        """
    )
    @OptionGroup var global: GlobalOptions
    @Option(name: [.short, .customLong("output-file")], help: "Write the backup here (- for standard output).")
    var outputFile: String

    func run() throws {
        try reportingFailures {
            let connection = try global.connect()
            var bytes = 0
            try writingOutput(outputFile, permissions: 0o600) { output in
                try connection.withoutTimeout {
                    try connection.stream(daemonService, "Backup", Ecoprod_Daemon_V1_BackupRequest(), as: Ecoprod_Daemon_V1_BackupChunk.self) { chunk in
                        do { try output.write(contentsOf: chunk.data) } catch { throw unwritableFile(outputFile, error.localizedDescription) }
                        bytes += chunk.data.count
                        return true
                    }
                }
            }
            if outputFile != "-" { printError("backup written to \(outputFile) (\(bytes) bytes)") }
        }
    }
}

struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore", abstract: "Put a backup back into the state directory, with the daemon stopped.",
        discussion: """
        Run as root (or the daemon's user) after `systemctl stop ecoprodd.socket ecoprodd`; it refuses while a daemon \
        holds the state directory. Before anything changes it checks every file of the backup against its manifest, each \
        database's integrity, that the evidence its records name is there, and that no database comes from a newer \
        ecoprodd. The state it replaces is kept in STATE_DIR/replaced-<UTC time>/. An older backup is migrated at the \
        daemon's next start.
        """
    )
    @Argument(help: "The backup file (- for standard input).") var file: String
    @Option(name: .customLong("state-dir"), help: "The daemon's state directory.") var stateDirectory = "/var/lib/ecoprod"

    func run() throws {
        do {
            let outcome = try StateRestore.restore(archive: file, into: stateDirectory)
            print("restored the backup ecoprodd \(outcome.madeBy) made at \(outcome.createdAt): "
                + "\(outcome.databases.joined(separator: ", ")) and \(outcome.evidenceObjects) evidence files into \(stateDirectory)")
            if let replaced = outcome.replacedDirectory { print("the state it replaced is in \(replaced)") }
        } catch {
            printError("cannot restore \(file): \(error)")
            throw ExitCode.failure
        }
    }
}
