@testable import EcoprodDaemon
import EcoprodAPI
import EcoprodProtocol
import Foundation
import GRDB
import Glibc
import NIOCore
import SwiftProtobuf
import Testing

private typealias Evidence = Ecoprod_Label_V1_Evidence
private typealias Header = Ecoprod_Label_V1_EvidenceHeader
private typealias UploadMessage = Ecoprod_Label_V1_UploadEvidenceRequest

private let abcSHA256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
private let emptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

/// An evidence store in a fresh directory with its own database, served by a router
/// the tests reach over a socket, as clients do.
private struct EvidenceFixture: Sendable {
    let directory: TemporaryDirectory
    let database: DatabasePool
    let store: EvidenceStore
    let events = EventBus()
    let router = Router()

    init(maximumSize: UInt64 = EvidenceRules.defaultMaximumSize) throws {
        directory = try TemporaryDirectory()
        database = try DatabasePool(path: "\(directory.path)/label.sqlite")
        var migrator = DatabaseMigrator()
        EvidenceSchema.registerMigrations(&migrator)
        try migrator.migrate(database)
        store = try EvidenceStore(directory: "\(directory.path)/evidence", database: database, maximumSize: maximumSize)
        try EvidenceService(store: store, events: events).register(on: router)
    }

    /// Creating the database fsyncs, which must not hold a thread of the cooperative
    /// pool that the other tests' calls run on.
    static func make(maximumSize: UInt64 = EvidenceRules.defaultMaximumSize) async throws -> EvidenceFixture {
        try await blocking { try EvidenceFixture(maximumSize: maximumSize) }
    }

    var evidencePath: String { "\(directory.path)/evidence" }

    func connect(groups: [UInt32] = [Fixtures.editorGID]) throws -> TestConnection {
        try TestServer(router: router).connect(as: Fixtures.user(groups: groups))
    }

    func reopened() throws -> EvidenceStore {
        try EvidenceStore(directory: evidencePath, database: database)
    }

    var partialFiles: [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: store.partialDirectory)) ?? []
    }

    var objectFiles: [String] {
        let objects = "\(evidencePath)/objects"
        return (FileManager.default.subpaths(atPath: objects) ?? []).filter { path in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: "\(objects)/\(path)", isDirectory: &isDirectory) && !isDirectory.boolValue
        }.sorted()
    }

    var rowCount: Int {
        get throws { try database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM evidence")! } }
    }
}

private func header(_ name: String = "report.pdf", mediaType: String = "application/pdf", sha256: String = "", size: UInt64 = 0) -> Header {
    .with {
        $0.name = name
        $0.mediaType = mediaType
        $0.expectedSha256 = sha256
        $0.expectedSize = size
    }
}

private func headerMessage(_ header: Header) -> UploadMessage { .with { $0.header = header } }
private func chunkMessage(_ bytes: Data) -> UploadMessage { .with { $0.chunk = bytes } }

/// Numbered blocks of bytes, so a misplaced or repeated chunk shows.
private func pattern(_ count: Int) -> Data {
    let block = Data((0..<4092).map { UInt8(truncatingIfNeeded: $0 &* 31) })
    var data = Data(capacity: count + 4096)
    var number: UInt32 = 0
    while data.count < count {
        withUnsafeBytes(of: number.bigEndian) { data.append(contentsOf: $0) }
        data.append(block)
        number += 1
    }
    return data.prefix(count)
}

private func chunks(of data: Data, size: Int) -> [Data] {
    stride(from: 0, to: data.count, by: size).map { data.subdata(in: $0..<min($0 + size, data.count)) }
}

/// The sha256 of `data` as coreutils computes it: a check that does not use libcrypto.
private func sha256sum(_ data: Data, in directory: TemporaryDirectory) async throws -> String {
    let file = "\(directory.path)/sha256sum-input"
    try data.write(to: URL(fileURLWithPath: file))
    return try await blocking {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [file]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return String(text.prefix(64))
    }
}

private var caller: Ecoprod_Label_V1_Actor {
    .with {
        $0.uid = 1000
        $0.role = "editor"
    }
}

/// Upload messages handed out one at a time, then `failure` if any (as a closing
/// connection ends its stream). `asked(n)` runs when message n (from 0) is asked for:
/// by then the store has finished with every message before it.
private struct ScriptedUpload: AsyncSequence {
    typealias Element = UploadMessage
    typealias Failure = any Error

    var messages: [UploadMessage]
    var failure: (any Error)?
    var asked: @Sendable (Int) -> Void = { _ in }

    struct AsyncIterator: AsyncIteratorProtocol {
        typealias Failure = any Error
        let script: ScriptedUpload
        var index = 0

        mutating func next() async throws -> UploadMessage? {
            script.asked(index)
            defer { index += 1 }
            if index < script.messages.count { return script.messages[index] }
            if let failure = script.failure, index == script.messages.count { throw failure }
            return nil
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(script: self) }
}

extension TestConnection {
    fileprivate func upload(_ id: UInt32, _ messages: [UploadMessage]) async throws -> ResponseEnvelope {
        try await request(id, service: LabelService.name, method: "UploadEvidence", rawMessage: ByteBuffer(), flags: .remoteOpen)
        for message in messages { try await data(id, message) }
        try await close(id)
        return try await nextResponse(id)
    }

    fileprivate func upload(_ id: UInt32, _ header: Header, _ chunks: [Data]) async throws -> ResponseEnvelope {
        try await upload(id, [headerMessage(header)] + chunks.map(chunkMessage))
    }

    fileprivate func getEvidence(_ id: UInt32, _ sha256: String) async throws -> ResponseEnvelope {
        try await request(id, service: LabelService.name, method: "GetEvidence", Ecoprod_Label_V1_GetEvidenceRequest.with { $0.sha256 = sha256 })
        return try await nextResponse(id)
    }

    /// Every chunk of a download, or the error that ended it.
    fileprivate func download(_ id: UInt32, _ sha256: String) async throws -> Result<Data, RPCError> {
        try await request(id, service: LabelService.name, method: "DownloadEvidence", Ecoprod_Label_V1_DownloadEvidenceRequest.with { $0.sha256 = sha256 })
        var bytes = Data()
        while true {
            let frame = try await next("the download on stream \(id)")
            #expect(frame.header.streamID == id)
            if frame.header.type == .response {
                let response = try ResponseEnvelope(decoding: frame.payload)
                return .failure(RPCError(response.code, response.message))
            }
            if frame.header.flags.contains(.remoteClosed) { return .success(bytes) }
            let chunk = try frame.payload.decodeMessage(Ecoprod_Label_V1_EvidenceChunk.self)
            #expect(chunk.data.count <= EvidenceRules.downloadChunkSize)
            bytes.append(chunk.data)
        }
    }
}

// Serialized: each upload fsyncs, and the socket tests block Dispatch threads in poll().
@Suite("Evidence store", .serialized, .timeLimit(.minutes(1)))
struct EvidenceStoreTests {
    @Test func bytesUploadedInChunksDownloadTheSame() async throws {
        let fixture = try await EvidenceFixture.make()
        let connection = try fixture.connect()
        let data = pattern(3 << 20 + 17)
        let expectedSHA256 = try await sha256sum(data, in: fixture.directory)

        let evidence = try await connection.upload(1, header(), chunks(of: data, size: 1 << 20)).decode(Evidence.self)
        #expect(evidence.sha256 == expectedSHA256)
        #expect(evidence.size == UInt64(data.count))
        #expect((evidence.name, evidence.mediaType) == ("report.pdf", "application/pdf"))
        #expect(!evidence.alreadyStored)
        #expect((evidence.uploadedBy.uid, evidence.uploadedBy.pid, evidence.uploadedBy.role) == (1000, 77, "editor"))
        #expect(evidence.uploadedBy.viaPlugin.isEmpty)

        #expect(fixture.objectFiles == ["\(expectedSHA256.prefix(2))/\(expectedSHA256)"])
        let attributes = try FileManager.default.attributesOfItem(atPath: fixture.store.objectPath(expectedSHA256))
        #expect(attributes[.posixPermissions] as? Int == 0o640)
        #expect(fixture.partialFiles.isEmpty)

        #expect(try await connection.getEvidence(3, expectedSHA256).decode(Evidence.self) == evidence)
        #expect(try await connection.download(5, expectedSHA256).get() == data)
    }

    @Test func theHashIsSHA256() async throws {
        let fixture = try await EvidenceFixture.make()
        let connection = try fixture.connect()
        let abc = try await connection.upload(1, header(sha256: abcSHA256, size: 3), [Data("abc".utf8)]).decode(Evidence.self)
        #expect(abc.sha256 == abcSHA256)
        let empty = try await connection.upload(3, header("empty.txt", mediaType: "text/plain"), []).decode(Evidence.self)
        #expect(empty.sha256 == emptySHA256)
        #expect(empty.size == 0)
        #expect(try await connection.download(5, emptySHA256).get() == Data())
    }

    @Test func theSameBytesAreStoredOnceAndAnnouncedOnce() async throws {
        let fixture = try await EvidenceFixture.make()
        var events = fixture.events.subscribe(prefixes: ["label.evidence"]).makeAsyncIterator()
        #expect(await events.next()?.topic == "daemon.watch.started")
        let connection = try fixture.connect()

        let first = try await connection.upload(1, header("first.txt"), [Data("ab".utf8), Data("c".utf8)]).decode(Evidence.self)
        let second = try await connection.upload(3, header("second.txt"), [Data("abc".utf8)]).decode(Evidence.self)
        #expect(second.alreadyStored)
        var firstAsStored = first
        firstAsStored.alreadyStored = true
        #expect(second == firstAsStored)
        #expect(fixture.objectFiles.count == 1)
        #expect(try fixture.rowCount == 1)

        let uploaded = try #require(await events.next())
        #expect(uploaded.topic == "label.evidence.uploaded")
        #expect(uploaded.summary == "evidence first.txt uploaded (3 bytes, sha256 ba7816bf8f01…)")
        #expect(try Evidence(unpackingAny: uploaded.detail) == first)
        // Published after the second upload was answered: nothing came between.
        fixture.events.publish(topic: "label.evidence.test-marker", summary: "marker")
        #expect(await events.next()?.topic == "label.evidence.test-marker")
    }

    @Test func bytesThatDoNotMatchTheHeaderAreRefusedAndNotStored() async throws {
        let fixture = try await EvidenceFixture.make()
        let connection = try fixture.connect()
        let otherSHA256 = String(repeating: "0", count: 64)
        let wrongHash = try await connection.upload(1, header(sha256: otherSHA256), [Data("abc".utf8)])
        #expect((wrongHash.code, wrongHash.message) == (.invalidArgument, "header.expected_sha256: the bytes hash to \(abcSHA256)"))
        let wrongSize = try await connection.upload(3, header(size: 4), [Data("abc".utf8)])
        #expect((wrongSize.code, wrongSize.message) == (.invalidArgument, "expected_size: 3 bytes arrived"))

        #expect(fixture.objectFiles.isEmpty)
        #expect(fixture.partialFiles.isEmpty)
        let lookup = try await connection.getEvidence(5, abcSHA256)
        #expect((lookup.code, lookup.message) == (.notFound, "evidence \(abcSHA256) has not been uploaded"))
    }

    @Test func anUploadThatFailsMidwayLeavesNothingAndCanBeRetried() async throws {
        let fixture = try await EvidenceFixture.make()
        let connection = try fixture.connect()
        let data = pattern(2 << 20)
        let sha256 = try await sha256sum(data, in: fixture.directory)

        let tooLarge = try await connection.upload(1, header(), [data.prefix(1 << 20), data.prefix(1 << 20 + 1)])
        #expect((tooLarge.code, tooLarge.message) == (.invalidArgument, "chunk: at most 1048576 bytes a message"))
        #expect(fixture.partialFiles.isEmpty)
        #expect(try fixture.rowCount == 0)

        // As the connection ends a stream whose client went away.
        let cutOff = ScriptedUpload(
            messages: [headerMessage(header()), chunkMessage(data.prefix(1 << 20))],
            failure: RPCError(.cancelled, "the connection closed")
        )
        await #expect(throws: RPCError(.cancelled, "the connection closed")) {
            try await fixture.store.upload(cutOff, by: caller)
        }
        #expect(fixture.partialFiles.isEmpty)
        #expect(fixture.objectFiles.isEmpty)
        #expect(try fixture.rowCount == 0)

        // On a new connection: the refused upload's remaining frames may still be answered
        // ("StreamID is no longer active") on the first one.
        let retry = try fixture.connect()
        let retried = try await retry.upload(1, header(), chunks(of: data, size: 1 << 20)).decode(Evidence.self)
        #expect(retried.sha256 == sha256)
        #expect(!retried.alreadyStored)
        #expect(try await retry.download(3, sha256).get() == data)
    }

    @Test func anUploadOverTheSizeLimitIsRefused() async throws {
        let fixture = try await EvidenceFixture.make(maximumSize: 5)
        let connection = try fixture.connect()
        let response = try await connection.upload(1, header(), [Data("abc".utf8), Data("def".utf8)])
        #expect((response.code, response.message) == (.resourceExhausted, "evidence files are at most 5 bytes"))
        #expect(fixture.partialFiles.isEmpty)
        #expect(try await connection.upload(3, header(), [Data("abcde".utf8)]).code == .ok)
    }

    @Test(arguments: [
        ([chunkMessage(Data("abc".utf8))], "header: the first message must carry the header"),
        ([], "header: the first message must carry the header"),
        ([headerMessage(header()), headerMessage(header())], "header: only the first message may carry the header"),
        ([headerMessage(header(""))], "header.name: required"),
        ([headerMessage(header("reports/2024.pdf"))], "header.name: a file name, without '/' or NUL"),
        ([headerMessage(header("a\0b"))], "header.name: a file name, without '/' or NUL"),
        ([headerMessage(header(".."))], "header.name: a file name, without '/' or NUL"),
        ([headerMessage(header(String(repeating: "n", count: 256)))], "header.name: at most 255 bytes (256 given)"),
        ([headerMessage(header(mediaType: ""))], "header.media_type: required"),
        ([headerMessage(header(mediaType: "pdf"))], "header.media_type: \"pdf\" is not of the form type/subtype, such as application/pdf"),
        ([headerMessage(header(mediaType: "text/plain; charset=utf-8"))],
         "header.media_type: \"text/plain; charset=utf-8\" is not of the form type/subtype, such as application/pdf"),
        ([headerMessage(header(sha256: abcSHA256.uppercased()))], "header.expected_sha256: 64 lowercase hex digits"),
    ] as [([Ecoprod_Label_V1_UploadEvidenceRequest], String)])
    func theHeaderComesFirstOnceAndIsChecked(messages: [Ecoprod_Label_V1_UploadEvidenceRequest], refusal: String) async throws {
        let fixture = try await EvidenceFixture.make()
        await #expect(throws: RPCError(.invalidArgument, refusal)) {
            try await fixture.store.upload(ScriptedUpload(messages: messages), by: caller)
        }
        #expect(fixture.partialFiles.isEmpty)
    }

    @Test func aFileNameOf255BytesAndAnyMediaTypeOfTheRightFormAreAccepted() async throws {
        let fixture = try await EvidenceFixture.make()
        let name = String(repeating: "é", count: 127) + "n"
        let message = headerMessage(header(name, mediaType: "application/vnd.oasis.opendocument.text"))
        let evidence = try await fixture.store.upload(ScriptedUpload(messages: [message]), by: caller)
        #expect(evidence.name == name)
    }

    @Test func aReaderMayLookAndDownloadButNotUpload() async throws {
        let fixture = try await EvidenceFixture.make()
        _ = try await fixture.connect().upload(1, header(), [Data("abc".utf8)]).decode(Evidence.self)
        let reader = try fixture.connect(groups: [Fixtures.readerGID])

        // Refused at the request, before any message of the stream is sent.
        try await reader.request(1, service: LabelService.name, method: "UploadEvidence", rawMessage: ByteBuffer(), flags: .remoteOpen)
        let upload = try await reader.nextResponse(1)
        #expect(upload.code == .permissionDenied)
        #expect(upload.message.hasPrefix("/ecoprod.label.v1.Label/UploadEvidence needs role editor"))
        #expect(try await reader.getEvidence(3, abcSHA256).decode(Evidence.self).sha256 == abcSHA256)
        #expect(try await reader.download(5, abcSHA256).get() == Data("abc".utf8))

        let malformed = try await reader.getEvidence(7, "ABC")
        #expect((malformed.code, malformed.message) == (.invalidArgument, "sha256: 64 lowercase hex digits"))
        #expect(try await reader.download(9, emptySHA256) == .failure(RPCError(.notFound, "evidence \(emptySHA256) has not been uploaded")))
    }

    @Test func reopeningTheStoreClearsPartialUploadsAndKeepsObjects() async throws {
        let fixture = try await EvidenceFixture.make()
        let evidence = try await fixture.store.upload(ScriptedUpload(messages: [headerMessage(header()), chunkMessage(Data("abc".utf8))]), by: caller)
        let leftover = "\(fixture.store.partialDirectory)/left-by-a-crash"
        #expect(FileManager.default.createFile(atPath: leftover, contents: Data("half".utf8)))

        let reopened = try fixture.reopened()
        #expect(fixture.partialFiles.isEmpty)
        #expect(try await reopened.evidence(abcSHA256) == evidence)
        #expect(fixture.objectFiles == ["ba/\(abcSHA256)"])
    }

    /// A 100 MB file must not be held in memory: each chunk is on disk before the next is read.
    @Test func chunksAreWrittenAsTheyArrive() async throws {
        let fixture = try await EvidenceFixture.make()
        let chunkSize = 1 << 20
        let data = pattern(4 * chunkSize)
        let partialSizes = Shared<[Int: Int]>([:])
        let partialDirectory = fixture.store.partialDirectory
        let upload = ScriptedUpload(
            messages: [headerMessage(header())] + chunks(of: data, size: chunkSize).map(chunkMessage),
            asked: { index in
                let files = (try? FileManager.default.contentsOfDirectory(atPath: partialDirectory)) ?? []
                let size = files.first.flatMap {
                    try? FileManager.default.attributesOfItem(atPath: "\(partialDirectory)/\($0)")[.size] as? Int
                }
                partialSizes.update { $0[index] = files.count == 1 ? size : nil }
            }
        )
        let evidence = try await fixture.store.upload(upload, by: caller)
        // When message n is asked for, the n - 1 chunks before it are in the partial file.
        #expect(partialSizes.value == [2: chunkSize, 3: 2 * chunkSize, 4: 3 * chunkSize, 5: 4 * chunkSize])
        #expect(evidence.size == UInt64(data.count))
    }
}
