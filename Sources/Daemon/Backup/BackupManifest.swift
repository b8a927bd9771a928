import Foundation

/// MANIFEST.json, a backup's first entry: what made it, when, each database's schema
/// (the migrations applied to it) and every other entry with its size and SHA-256.
struct BackupManifest: Codable, Sendable {
    static let fileName = "MANIFEST.json"
    static let currentFormat = "ecoprod-backup"
    static let currentFormatVersion = 1

    struct Database: Codable, Sendable {
        var file: String
        var schema: [String]
    }

    struct Entry: Codable, Sendable {
        var path: String
        var size: Int
        var sha256: String
    }

    var format = currentFormat
    var formatVersion = currentFormatVersion
    var ecoproddVersion: String
    var createdAt: String
    var databases: [Database]
    var entries: [Entry]

    func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return Array(try encoder.encode(self))
    }

    static func decoded(_ bytes: [UInt8]) throws(BackupFormatError) -> BackupManifest {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let manifest: BackupManifest
        do {
            manifest = try decoder.decode(BackupManifest.self, from: Data(bytes))
        } catch {
            throw BackupFormatError("\(fileName) is not a backup manifest: \(error)")
        }
        guard manifest.format == currentFormat else { throw BackupFormatError("\(fileName) says format \"\(manifest.format)\", not \(currentFormat)") }
        guard manifest.formatVersion <= currentFormatVersion else {
            throw BackupFormatError("the backup is in format version \(manifest.formatVersion), made by ecoprodd \(manifest.ecoproddVersion); this ecoprodd reads up to version \(currentFormatVersion): upgrade ecoprodd first")
        }
        // Each database listed with its schema is an entry, and each database entry is listed:
        // a restore must never move the current state aside for a file that is not there.
        let databaseEntries = Set(manifest.entries.map(\.path).filter { path in DomainDatabase.schemas.contains { $0.file == path } })
        let listed = manifest.databases.map(\.file)
        guard Set(listed) == databaseEntries, Set(listed).count == listed.count else {
            throw BackupFormatError("\(fileName) lists the databases \(listed.joined(separator: ", ")) but holds \(databaseEntries.sorted().joined(separator: ", "))")
        }
        return manifest
    }

    /// The paths a backup holds: the domain databases and evidence objects, nothing that
    /// could land outside the state directory.
    static func isAllowed(_ path: String) -> Bool {
        if DomainDatabase.schemas.contains(where: { $0.file == path }) { return true }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "evidence" && parts[1] == "objects" && SHA256Digest.isValid(String(parts[3]))
            && parts[2] == parts[3].prefix(2)
    }
}
