import EcoprodProtocol
import Foundation
import GRDB
import Glibc

/// An online backup of the state directory while the daemon serves: each domain database
/// copied by SQLite's online backup API in one read transaction — a consistent snapshot
/// holding every write acknowledged before it began — into a staging directory, then the
/// evidence objects, which are immutable and written before any row names them, so every
/// object the label snapshot references is there. Streamed as a tar archive (TarFormat)
/// whose first entry is the manifest (BackupManifest).
struct StateSnapshot: Sendable {
    static let chunkSize = 1 << 20

    let stateDirectory: String
    let databases: [(file: String, pool: DatabasePool)]

    var evidenceObjects: String { "\(stateDirectory)/evidence/objects" }

    /// Writes the archive through `send`, a chunk at a time, and returns its manifest.
    func write(to send: @Sendable ([UInt8]) async throws -> Void) async throws -> BackupManifest {
        let staging = "\(stateDirectory)/backup-\(getpid())-\(UInt32.random(in: .min ... .max))"
        guard mkdir(staging, 0o700) == 0 else { throw StateDirectoryError("cannot create \(staging): \(String(cString: strerror(errno)))") }
        defer { try? FileManager.default.removeItem(atPath: staging) }

        var manifest = BackupManifest(ecoproddVersion: EcoprodVersion.current, createdAt: Date().ISO8601Format(), databases: [], entries: [])
        var sources: [(path: String, source: String)] = []
        for (file, pool) in databases {
            let copy = "\(staging)/\(file)"
            let (schema, entry) = try await offThePool {
                let schema = try Self.copy(pool, to: copy)
                return (schema, BackupManifest.Entry(path: file, size: try Self.size(of: copy), sha256: try Self.sha256(of: copy)))
            }
            manifest.databases.append(.init(file: file, schema: schema))
            manifest.entries.append(entry)
            sources.append((file, copy))
        }
        let evidenceObjects = evidenceObjects
        for object in try await offThePool({ try Self.objects(in: evidenceObjects) }) {
            let path = "evidence/objects/\(object.prefix(2))/\(object)"
            let source = "\(stateDirectory)/\(path)"
            // Named by their SHA-256 when they were stored; a restore hashes them again.
            manifest.entries.append(.init(path: path, size: try Self.size(of: source), sha256: object))
            sources.append((path, source))
        }

        // Chunks of about a MiB, whatever the sizes of the entries.
        var pending: [UInt8] = []
        func emit(_ bytes: [UInt8]) async throws {
            pending += bytes
            if pending.count >= Self.chunkSize {
                try await send(pending)
                pending.removeAll(keepingCapacity: true)
            }
        }
        let now = Int(Date().timeIntervalSince1970)
        let manifestBytes = try manifest.encoded()
        try await emit(TarFormat.header(path: BackupManifest.fileName, size: manifestBytes.count, modifiedAt: now) + manifestBytes)
        try await emit([UInt8](repeating: 0, count: TarFormat.padding(after: manifestBytes.count)))
        for (entry, (_, source)) in zip(manifest.entries, sources) {
            try await emit(TarFormat.header(path: entry.path, size: entry.size, modifiedAt: now))
            try await Self.read(source, size: entry.size) { try await emit($0) }
            try await emit([UInt8](repeating: 0, count: TarFormat.padding(after: entry.size)))
        }
        try await emit(TarFormat.end)
        if !pending.isEmpty { try await send(pending) }
        return manifest
    }

    /// The whole database in one backup step (one read transaction); its applied migrations.
    private static func copy(_ pool: DatabasePool, to path: String) throws -> [String] {
        let copy = try DatabaseQueue(path: path)
        try pool.backup(to: copy)
        let schema = try copy.read { try DatabaseMigrator().appliedIdentifiers($0) }.sorted()
        try copy.close()
        return schema
    }

    private static func objects(in directory: String) throws -> [String] {
        let fileManager = FileManager.default
        guard fileManager.fileExists(atPath: directory) else { return [] }
        return try fileManager.contentsOfDirectory(atPath: directory).sorted().flatMap { prefix in
            try fileManager.contentsOfDirectory(atPath: "\(directory)/\(prefix)").filter(SHA256Digest.isValid).sorted()
        }
    }

    static func size(of path: String) throws -> Int {
        var status = stat()
        guard stat(path, &status) == 0 else { throw StateDirectoryError("cannot stat \(path): \(String(cString: strerror(errno)))") }
        return Int(status.st_size)
    }

    static func sha256(of path: String) throws -> String {
        let digest = SHA256Digest()
        try forEachChunk(of: path) { digest.update($0) }
        return digest.finish()
    }

    /// Exactly `size` bytes of the file: one that changed size since the manifest was
    /// written would make the archive lie.
    private static func read(_ path: String, size: Int, _ body: ([UInt8]) async throws -> Void) async throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw StateDirectoryError("cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var remaining = size
        while remaining > 0 {
            var chunk = [UInt8](repeating: 0, count: min(chunkSize, remaining))
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            guard count > 0 else { throw StateDirectoryError("\(path) ended \(remaining) bytes early") }
            chunk.removeSubrange(count...)
            try await body(chunk)
            remaining -= count
        }
    }

    static func forEachChunk(of path: String, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw StateDirectoryError("cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: chunkSize)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            guard count >= 0 else { throw StateDirectoryError("cannot read \(path): \(String(cString: strerror(errno)))") }
            if count == 0 { return }
            try buffer.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0.prefix(count))) }
        }
    }
}
