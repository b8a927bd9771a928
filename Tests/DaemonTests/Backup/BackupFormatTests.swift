@testable import EcoprodDaemon
import Testing

@Suite("Backup format")
struct BackupFormatTests {
    @Test func aTarHeaderReadsBackAndADamagedOneIsRefused() throws {
        var header = TarFormat.header(path: "evidence/objects/c8/" + String(repeating: "c8", count: 32), size: 1_234_567, modifiedAt: 1_764_000_000)
        #expect(header.count == 512)
        let parsed = try #require(try TarFormat.parse(header))
        #expect(parsed.path == "evidence/objects/c8/" + String(repeating: "c8", count: 32) && parsed.size == 1_234_567)
        #expect(try TarFormat.parse([UInt8](repeating: 0, count: 512)) == nil, "a zero block ends the archive")
        header[130] = UInt8(ascii: "7")
        #expect(throws: BackupFormatError.self) { try TarFormat.parse(header) }
        #expect(TarFormat.padding(after: 512) == 0 && TarFormat.padding(after: 513) == 511)
    }

    @Test(arguments: [
        ("label.sqlite", true), ("directory.sqlite", true), ("evidence/objects/ab/ab" + String(repeating: "0", count: 62), true),
        ("../label.sqlite", false), ("/etc/passwd", false), ("ecoprodd.lock", false), ("evidence/objects/cd/ab" + String(repeating: "0", count: 62), false),
        ("evidence/objects/ab/../../../x", false), ("evidence/partial/ab" + String(repeating: "0", count: 62), false),
    ])
    func aBackupHoldsOnlyDatabasesAndEvidenceObjects(_ path: String, _ allowed: Bool) {
        #expect(BackupManifest.isAllowed(path) == allowed, "\(path)")
    }

    @Test func aManifestMustHoldEveryDatabaseItLists() throws {
        func manifest(databases: [String], entries: [String]) -> [UInt8] {
            let listed = databases.map { #"{"file":"\#($0)","schema":[]}"# }.joined(separator: ",")
            let held = entries.map { #"{"path":"\#($0)","size":0,"sha256":""}"# }.joined(separator: ",")
            return Array(#"{"format":"ecoprod-backup","format_version":1,"ecoprodd_version":"0.7.0","created_at":"","databases":[\#(listed)],"entries":[\#(held)]}"#.utf8)
        }
        #expect(try BackupManifest.decoded(manifest(databases: ["label.sqlite"], entries: ["label.sqlite"])).databases.count == 1)
        let missing = #expect(throws: BackupFormatError.self) { try BackupManifest.decoded(manifest(databases: ["label.sqlite", "carbon.sqlite"], entries: ["label.sqlite"])) }
        #expect(missing?.description == "MANIFEST.json lists the databases label.sqlite, carbon.sqlite but holds label.sqlite")
        #expect(throws: BackupFormatError.self) { try BackupManifest.decoded(manifest(databases: [], entries: ["directory.sqlite"])) }
    }

    @Test func aManifestFromANewerFormatIsRefusedSayingWhatToDo() throws {
        let newer = Array(#"{"format":"ecoprod-backup","format_version":2,"ecoprodd_version":"9.0.0","created_at":"","databases":[],"entries":[]}"#.utf8)
        let error = #expect(throws: BackupFormatError.self) { try BackupManifest.decoded(newer) }
        #expect(error?.description.contains("made by ecoprodd 9.0.0") == true && error?.description.contains("upgrade ecoprodd first") == true)
    }
}
