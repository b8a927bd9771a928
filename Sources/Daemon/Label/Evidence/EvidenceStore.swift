import Dispatch
import EcoprodAPI
import EcoprodProtocol
import Foundation
import GRDB
import Glibc

/// Evidence files, content-addressed: objects/<2 hex>/<sha256> under the evidence
/// directory, one copy whatever the number of uploads, with their metadata in label.sqlite.
final class EvidenceStore: Sendable {
    typealias Evidence = Ecoprod_Label_V1_Evidence
    static let maximumSize: UInt64 = 4 << 30
    static let maximumChunk = 1 << 20
    static let downloadChunk = 256 << 10

    let directory: String
    private let pool: DatabasePool
    private var partial: String { "\(directory)/partial" }

    init(directory: String, database: DatabasePool) throws {
        self.directory = directory
        pool = database
        for path in [directory, "\(directory)/objects", "\(directory)/partial"] {
            guard mkdir(path, 0o750) == 0 || errno == EEXIST else {
                throw RPCError(.internal, "cannot create \(path): \(String(cString: strerror(errno)))")
            }
        }
        // What a crash left mid-upload was never acknowledged.
        for leftover in (try? FileManager.default.contentsOfDirectory(atPath: partial)) ?? [] {
            unlink("\(partial)/\(leftover)")
        }
    }

    func objectPath(_ sha256: String) -> String { "\(directory)/objects/\(sha256.prefix(2))/\(sha256)" }

    /// Receives an upload: the header, then the bytes, written and hashed as they come.
    func receive(_ messages: some AsyncSequence<Ecoprod_Label_V1_UploadEvidenceRequest, any Error>, by actor: Ecoprod_Label_V1_Actor) async throws -> Evidence {
        var iterator = messages.makeAsyncIterator()
        guard case .header(let header)? = try await iterator.next()?.part else {
            throw RPCError(.invalidArgument, "header: the first message must carry the header")
        }
        try Self.check(header)
        let upload = try PartialUpload(directory: partial)
        var index = 1
        while let message = try await iterator.next() {
            guard case .chunk(let chunk)? = message.part else {
                throw RPCError(.invalidArgument, "header: only the first message carries the header (message \(index) has one too)")
            }
            guard chunk.count <= Self.maximumChunk else {
                throw RPCError(.invalidArgument, "chunk: at most \(Self.maximumChunk) bytes a message (message \(index) has \(chunk.count))")
            }
            guard upload.size + UInt64(chunk.count) <= Self.maximumSize else {
                throw RPCError(.resourceExhausted, "evidence files are at most \(Self.maximumSize) bytes")
            }
            // Copying and hashing a chunk is CPU work like any other: it stays on the task.
            try upload.append(chunk)
            index += 1
        }
        // fsync and rename wait on the disk: they go to a thread that may block.
        let sha256 = try await Self.blocking { try upload.finish() }
        guard header.expectedSha256.isEmpty || header.expectedSha256.lowercased() == sha256 else {
            throw RPCError(.invalidArgument, "expected_sha256: the bytes received hash to \(sha256), not \(header.expectedSha256)")
        }
        guard header.expectedSize == 0 || header.expectedSize == upload.size else {
            throw RPCError(.invalidArgument, "expected_size: \(upload.size) bytes arrived, not \(header.expectedSize)")
        }
        if let stored = try await find(sha256) {
            upload.discard()
            return Evidence.with { $0 = stored; $0.alreadyStored = true }
        }
        let target = objectPath(sha256)
        try await Self.blocking { try upload.move(to: target) }
        let evidence = Evidence.with {
            $0.sha256 = sha256
            $0.name = header.name
            $0.mediaType = header.mediaType
            $0.size = upload.size
            $0.uploadedAt = .init(date: Date())
            $0.uploadedBy = actor
        }
        let inserted = try await pool.write { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO evidence (sha256, name, media_type, size, uploaded_at, uploader) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [sha256, evidence.name, evidence.mediaType, evidence.size, evidence.uploadedAt.timeIntervalSince1970,
                            try evidence.uploadedBy.serializedData()]
            )
            return db.changesCount > 0
        }
        if inserted { return evidence }
        // Two uploads of the same bytes at once: the first to commit is the record.
        let stored = try await self.evidence(sha256)
        return Evidence.with { $0 = stored; $0.alreadyStored = true }
    }

    func evidence(_ sha256: String) async throws -> Evidence {
        guard EvidenceDigest.isValid(sha256) else { throw RPCError(.invalidArgument, "sha256: 64 lowercase hex digits") }
        guard let evidence = try await find(sha256) else { throw RPCError(.notFound, "evidence \(sha256) has not been uploaded") }
        return evidence
    }

    /// The stored file, read in chunks.
    func read(_ sha256: String, chunk: (Data) async throws -> Void) async throws {
        _ = try await evidence(sha256)
        guard let file = FileHandle(forReadingAtPath: objectPath(sha256)) else {
            throw RPCError(.dataLoss, "evidence \(sha256) is recorded but its file is missing")
        }
        defer { try? file.close() }
        while let data = try file.read(upToCount: Self.downloadChunk), !data.isEmpty {
            try await chunk(data)
        }
    }

    private func find(_ sha256: String) async throws -> Evidence? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT sha256, name, media_type, size, uploaded_at, uploader FROM evidence WHERE sha256 = ?", arguments: [sha256])
                .map { row in
                    let (uploadedAt, uploader): (Double, Data) = (row[4], row[5])
                    return try Evidence.with {
                        $0.sha256 = row[0]
                        $0.name = row[1]
                        $0.mediaType = row[2]
                        $0.size = row[3]
                        $0.uploadedAt = .init(unixSeconds: uploadedAt)
                        $0.uploadedBy = try Ecoprod_Label_V1_Actor(serializedBytes: uploader)
                    }
                }
        }
    }

    private static func check(_ header: Ecoprod_Label_V1_EvidenceHeader) throws(RPCError) {
        let name = header.name
        guard !name.isEmpty, name.utf8.count <= 255, !name.contains("/"), !name.contains("\0"), name != ".", name != ".." else {
            throw RPCError(.invalidArgument, "header.name: a file name of 1 to 255 bytes, without '/'")
        }
        let type = header.mediaType.split(separator: "/", omittingEmptySubsequences: false)
        guard type.count == 2, type.allSatisfy({ !$0.isEmpty && !$0.contains(" ") }) else {
            throw RPCError(.invalidArgument, "header.media_type: \"\(header.mediaType)\" is not type/subtype, such as application/pdf")
        }
        guard header.expectedSha256.isEmpty || EvidenceDigest.isValid(header.expectedSha256.lowercased()) else {
            throw RPCError(.invalidArgument, "header.expected_sha256: 64 hex digits")
        }
    }

    private static func blocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result(catching: work)) }
        }
    }
}
