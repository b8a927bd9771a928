import EcoprodAPI
import EcoprodProtocol
import Foundation
import GRDB
import Glibc
import SwiftProtobuf

/// Evidence files, content-addressed: <directory>/objects/<first 2 hex>/<sha256>, one
/// copy however many times the same bytes are uploaded, with their metadata in the
/// label database. Uploads in progress are written under <directory>/partial.
final class EvidenceStore: Sendable {
    typealias Evidence = Ecoprod_Label_V1_Evidence

    let directory: String
    let maximumSize: UInt64
    let database: DatabasePool

    var partialDirectory: String { "\(directory)/partial" }

    init(directory: String, database: DatabasePool, maximumSize: UInt64 = EvidenceRules.defaultMaximumSize) throws {
        self.directory = directory
        self.database = database
        self.maximumSize = maximumSize
        for path in [directory, "\(directory)/objects", "\(directory)/partial"] {
            try EvidenceFiles.makeDirectory(path)
        }
        // Uploads cut off by a crash or a stop were never acknowledged: their clients retry.
        for leftover in try FileManager.default.contentsOfDirectory(atPath: partialDirectory) {
            unlink("\(partialDirectory)/\(leftover)")
        }
    }

    func objectPath(_ sha256: String) -> String {
        "\(directory)/objects/\(sha256.prefix(2))/\(sha256)"
    }

    func evidence(_ sha256: String) async throws -> Evidence {
        try EvidenceRules.checkSHA256(sha256)
        guard let evidence = try await stored(sha256) else {
            throw RPCError(.notFound, "evidence \(sha256) has not been uploaded")
        }
        return evidence
    }

    func stored(_ sha256: String) async throws -> Evidence? {
        try await database.read { db in try Self.fetch(db, sha256) }
    }

    /// The bytes of uploaded evidence: only what has a record, which is written once its file is.
    func reader(_ sha256: String) async throws -> EvidenceFileReader {
        _ = try await evidence(sha256)
        return EvidenceFileReader(path: objectPath(sha256), sha256: sha256)
    }

    /// Records evidence whose file is in place, in one transaction with the check for an
    /// earlier record of the same bytes (uploaded before, or at the same time): that one stays.
    func record(_ evidence: Evidence) async throws -> Evidence {
        try await database.write { db in
            if var earlier = try Self.fetch(db, evidence.sha256) {
                earlier.alreadyStored = true
                return earlier
            }
            let uploader: Data = try evidence.uploadedBy.serializedBytes()
            try db.execute(
                sql: "INSERT INTO evidence (sha256, name, media_type, size, uploaded_at, uploader) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [
                    evidence.sha256, evidence.name, evidence.mediaType, evidence.size,
                    evidence.uploadedAt.timeIntervalSince1970, uploader,
                ]
            )
            // As read back: the upload's answer and later reads agree to the nanosecond.
            return try Self.fetch(db, evidence.sha256) ?? evidence
        }
    }

    private static func fetch(_ db: Database, _ sha256: String) throws -> Evidence? {
        let sql = "SELECT sha256, name, media_type, size, uploaded_at, uploader FROM evidence WHERE sha256 = ?"
        guard let row = try Row.fetchOne(db, sql: sql, arguments: [sha256]) else { return nil }
        let uploader: Data = row["uploader"]
        return try Evidence.with {
            $0.sha256 = row["sha256"]
            $0.name = row["name"]
            $0.mediaType = row["media_type"]
            $0.size = row["size"]
            $0.uploadedAt = Google_Protobuf_Timestamp(date: Date(timeIntervalSince1970: row["uploaded_at"]))
            $0.uploadedBy = try Ecoprod_Label_V1_Actor(serializedBytes: uploader)
        }
    }
}
