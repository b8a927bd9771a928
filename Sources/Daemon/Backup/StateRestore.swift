import Foundation
import GRDB
import Glibc

/// Puts a backup (StateSnapshot's archive) back into a state directory while no daemon
/// holds it. Nothing in the state directory changes until the whole archive has been
/// read and checked: every entry's size and SHA-256 against the manifest, each
/// database's integrity and schema (one written by a newer ecoprodd is refused), every
/// evidence object the label database names. Then what was there is moved aside into
/// `replaced-<UTC time>/` and the restored files take its place, owned by the state
/// directory's owner. An older schema is fine: the daemon migrates it at start.
public enum StateRestore {
    public struct Outcome: Sendable {
        public let madeBy: String
        public let createdAt: String
        public let databases: [String]
        public let evidenceObjects: Int
        /// Where the state it replaced now is; nil when there was none.
        public let replacedDirectory: String?
    }

    public static func restore(archive: String, into stateDirectory: String) throws -> Outcome {
        let state = try StateDirectory(path: stateDirectory)
        let stamp = utcStamp()
        let staging = "\(stateDirectory)/restore-\(stamp)"
        guard mkdir(staging, 0o700) == 0 else { throw StateDirectoryError("cannot create \(staging): \(String(cString: strerror(errno)))") }
        defer { try? FileManager.default.removeItem(atPath: staging) }

        let manifest = try unpack(archive, into: staging)
        try check(manifest, unpackedIn: staging)
        let replaced = try replace(stateDirectory, with: staging, manifest: manifest, aside: "\(stateDirectory)/replaced-\(stamp)")
        // The lock too: made here if no daemon ever ran, it would otherwise keep the daemon out.
        try giveToOwner(of: stateDirectory, manifest.entries.map(\.path) + ["evidence", "ecoprodd.lock", "replaced-\(stamp)"])
        withExtendedLifetime(state) {}
        return Outcome(madeBy: manifest.ecoproddVersion, createdAt: manifest.createdAt, databases: manifest.databases.map(\.file),
                       evidenceObjects: manifest.entries.count - manifest.databases.count, replacedDirectory: replaced)
    }

    /// Every entry written under `staging`, each checked against the manifest as it arrives.
    private static func unpack(_ archive: String, into staging: String) throws -> BackupManifest {
        var reader = try ArchiveReader(path: archive)
        guard let first = try reader.nextHeader(), first.path == BackupManifest.fileName else {
            throw BackupFormatError("\(archive) is not an ecoprod backup: it does not start with \(BackupManifest.fileName)")
        }
        let manifest = try BackupManifest.decoded(try reader.content(size: first.size))
        var expected = Dictionary(manifest.entries.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        while let header = try reader.nextHeader() {
            guard BackupManifest.isAllowed(header.path), let entry = expected.removeValue(forKey: header.path) else {
                throw BackupFormatError("the archive holds \(header.path), which its manifest does not list or a backup never holds")
            }
            guard entry.size == header.size else { throw BackupFormatError("\(header.path) is \(header.size) bytes; the manifest says \(entry.size)") }
            let path = "\(staging)/\(header.path)"
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            let digest = SHA256Digest()
            try reader.copy(size: header.size, to: path) { digest.update($0) }
            let sha256 = digest.finish()
            guard sha256 == entry.sha256 else {
                throw BackupFormatError("\(header.path) has SHA-256 \(sha256), not the manifest's \(entry.sha256): the backup is damaged")
            }
        }
        guard expected.isEmpty else { throw BackupFormatError("the archive ends without \(expected.keys.sorted().joined(separator: ", ")): it is truncated") }
        return manifest
    }

    private static func check(_ manifest: BackupManifest, unpackedIn staging: String) throws {
        for database in manifest.databases {
            guard let schema = DomainDatabase.schemas.first(where: { $0.file == database.file }) else {
                throw BackupFormatError("the manifest names a database \(database.file) this ecoprodd does not know")
            }
            var configuration = GRDB.Configuration()
            configuration.readonly = true
            let queue = try DatabaseQueue(path: "\(staging)/\(database.file)", configuration: configuration)
            try queue.read { db in
                let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
                guard integrity == ["ok"] else {
                    throw BackupFormatError("\(database.file) in the backup fails its integrity check: \(integrity.prefix(5).joined(separator: "; "))")
                }
                var migrator = DatabaseMigrator()
                schema.migrations(&migrator)
                try DomainDatabase.checkNotNewer(db, migrator: migrator, path: "\(database.file) in the backup")
                if database.file == "label.sqlite" {
                    let missing = try String.fetchAll(db, sql: "SELECT sha256 FROM evidence").filter {
                        !FileManager.default.fileExists(atPath: "\(staging)/evidence/objects/\($0.prefix(2))/\($0)")
                    }
                    guard missing.isEmpty else {
                        throw BackupFormatError("label.sqlite in the backup names evidence the archive lacks: \(missing.prefix(3).joined(separator: ", "))")
                    }
                }
            }
            try queue.close()
        }
    }

    /// Moves the state's databases (with their -wal and -shm) and evidence into `aside`,
    /// and the restored ones into the state directory.
    private static func replace(_ stateDirectory: String, with staging: String, manifest: BackupManifest, aside: String) throws -> String? {
        let fileManager = FileManager.default
        let current = DomainDatabase.schemas.flatMap { schema in ["", "-wal", "-shm"].map { schema.file + $0 } } + ["evidence"]
        let present = current.filter { fileManager.fileExists(atPath: "\(stateDirectory)/\($0)") }
        if !present.isEmpty {
            guard mkdir(aside, 0o700) == 0 else { throw StateDirectoryError("cannot create \(aside): \(String(cString: strerror(errno)))") }
            for name in present { try rename("\(stateDirectory)/\(name)", to: "\(aside)/\(name)") }
        }
        for database in manifest.databases { try rename("\(staging)/\(database.file)", to: "\(stateDirectory)/\(database.file)") }
        if fileManager.fileExists(atPath: "\(staging)/evidence") { try rename("\(staging)/evidence", to: "\(stateDirectory)/evidence") }
        try EvidenceFiles.syncDirectory(stateDirectory)
        return present.isEmpty ? nil : aside
    }

    private static func rename(_ from: String, to: String) throws {
        guard Glibc.rename(from, to) == 0 else { throw StateDirectoryError("cannot move \(from) to \(to): \(String(cString: strerror(errno)))") }
    }

    /// Run as root, the restored files would be root's and the daemon could not open them.
    private static func giveToOwner(of stateDirectory: String, _ names: [String]) throws {
        var owner = stat()
        guard geteuid() == 0, stat(stateDirectory, &owner) == 0, owner.st_uid != 0 else { return }
        var paths: [String] = []
        for name in Set(names.map { String($0.split(separator: "/").first ?? "") }) where FileManager.default.fileExists(atPath: "\(stateDirectory)/\(name)") {
            paths.append("\(stateDirectory)/\(name)")
            if let below = FileManager.default.enumerator(atPath: "\(stateDirectory)/\(name)") {
                paths += below.compactMap { $0 as? String }.map { "\(stateDirectory)/\(name)/\($0)" }
            }
        }
        for path in paths where chown(path, owner.st_uid, owner.st_gid) != 0 {
            throw StateDirectoryError("cannot give \(path) to uid \(owner.st_uid): \(String(cString: strerror(errno)))")
        }
    }

    private static func utcStamp() -> String {
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        var text = [UInt8](repeating: 0, count: 32)
        let length = text.withUnsafeMutableBufferPointer { strftime($0.baseAddress, $0.count, "%Y%m%dT%H%M%SZ", &parts) }
        return String(decoding: text.prefix(length), as: UTF8.self)
    }
}

/// Reads a tar archive from its start, a block at a time.
private struct ArchiveReader {
    let path: String
    let fd: FileDescriptorOwner

    init(path: String) throws {
        let fd = path == "-" ? dup(0) : open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw StateDirectoryError("cannot open \(path): \(String(cString: strerror(errno)))") }
        self.path = path
        self.fd = FileDescriptorOwner(fd)
    }

    mutating func nextHeader() throws -> (path: String, size: Int)? {
        try TarFormat.parse(try read(TarFormat.blockSize))
    }

    mutating func content(size: Int) throws -> [UInt8] {
        let bytes = try read(size)
        _ = try read(TarFormat.padding(after: size))
        return bytes
    }

    mutating func copy(size: Int, to destination: String, _ inspect: (UnsafeRawBufferPointer) -> Void) throws {
        let out = open(destination, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard out >= 0 else { throw StateDirectoryError("cannot create \(destination): \(String(cString: strerror(errno)))") }
        defer { close(out) }
        var remaining = size
        while remaining > 0 {
            let chunk = try read(min(remaining, StateSnapshot.chunkSize))
            try chunk.withUnsafeBytes { bytes in
                inspect(bytes)
                try EvidenceFiles.writeAll(out, bytes, to: destination)
            }
            remaining -= chunk.count
        }
        guard fsync(out) == 0 else { throw StateDirectoryError("cannot write \(destination) to disk: \(String(cString: strerror(errno)))") }
        _ = try read(TarFormat.padding(after: size))
    }

    private mutating func read(_ count: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let got = bytes.withUnsafeMutableBytes { Glibc.read(fd.fd, $0.baseAddress! + filled, count - filled) }
            if got < 0, errno == EINTR { continue }
            guard got > 0 else { throw BackupFormatError("\(path) ends in the middle of an entry: the backup is truncated") }
            filled += got
        }
        return bytes
    }
}

private final class FileDescriptorOwner {
    let fd: CInt
    init(_ fd: CInt) { self.fd = fd }
    deinit { close(fd) }
}
