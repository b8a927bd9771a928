import DossierKit
import Foundation
import Testing

@Suite("ZIP writer")
struct ZipWriterTests {
    static func archive(streamedChunks: [[UInt8]] = [Array("streamed ".utf8), Array("in two".utf8)]) throws -> [UInt8] {
        var zip = ZipWriter()
        var bytes: [UInt8] = []
        try zip.add("hello.txt", Array("Bonjour, le monde\n".utf8))
        bytes += zip.takeOutput()
        try zip.begin("evidence/A01/devis électrogène.pdf")
        for chunk in streamedChunks {
            try chunk.withUnsafeBytes { try zip.write($0) }
            bytes += zip.takeOutput()
        }
        try zip.end()
        try zip.add("empty", [])
        try zip.finish()
        return bytes + zip.takeOutput()
    }

    @Test func theCRCIsTheStandardOne() {
        var crc = CRC32()
        crc.update(Array("123456789".utf8))
        #expect(crc.value == 0xCBF4_3926)
        var split = CRC32()
        let text = Array(String(repeating: "Écoprod ", count: 1000).utf8)
        split.update(Array(text[..<333]))
        split.update(Array(text[333...]))
        var whole = CRC32()
        whole.update(text)
        #expect(split.value == whole.value)
    }

    @Test func theSameEntriesGiveTheSameBytes() throws {
        #expect(try Self.archive() == Self.archive())
        #expect(try Self.archive() != Self.archive(streamedChunks: [Array("streamed in two!".utf8)]))
    }

    @Test func theSizeIsKnownBeforeWriting() throws {
        let size = ZipWriter.archiveSize([
            ("hello.txt", 18, false), ("evidence/A01/devis électrogène.pdf", 15, true), ("empty", 0, false),
        ])
        #expect(size == UInt64(try Self.archive().count))
    }

    @Test func unzipAndPythonReadItBack() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("zip-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("test.zip").path
        try Data(Self.archive()).write(to: URL(fileURLWithPath: path))

        let test = try run("/usr/bin/unzip", ["-t", path])
        #expect(test.status == 0, "\(test.output)")
        #expect(test.output.contains("No errors detected"))
        let listing = try run("/usr/bin/python3", ["-c", """
            import sys, zipfile
            with zipfile.ZipFile(sys.argv[1]) as z:
                assert z.testzip() is None
                for info in z.infolist():
                    print(info.filename, info.file_size, info.date_time, repr(z.read(info)))
            """, path])
        #expect(listing.status == 0, "\(listing.output)")
        #expect(listing.output == """
            hello.txt 18 (1980, 1, 1, 0, 0, 0) b'Bonjour, le monde\\n'
            evidence/A01/devis électrogène.pdf 15 (1980, 1, 1, 0, 0, 0) b'streamed in two'
            empty 0 (1980, 1, 1, 0, 0, 0) b''

            """)
    }

    @Test func anEntryCannotBeAddedTwiceNorWhileAnotherIsOpen() throws {
        var zip = ZipWriter()
        try zip.add("a", [1])
        #expect(throws: ZipWriter.Failure.duplicateName("a")) { try zip.add("a", [2]) }
        try zip.begin("b")
        #expect(throws: ZipWriter.Failure.entryOpen("b")) { try zip.add("c", []) }
        #expect(throws: ZipWriter.Failure.entryOpen("b")) { try zip.finish() }
    }
}

struct ProcessResult {
    let status: Int32
    let output: String
}

func run(_ executable: String, _ arguments: [String]) throws -> ProcessResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ProcessResult(status: process.terminationStatus, output: String(decoding: output, as: UTF8.self))
}
