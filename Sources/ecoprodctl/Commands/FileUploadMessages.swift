import EcoprodClient
import EcoprodProtocol
import Foundation
import Glibc
import NIOCore
import SwiftProtobuf

/// The messages of an upload (UploadEvidence, ImportFactorSet, ImportLines): a header,
/// then the file's bytes read a chunk at a time as the connection sends them, so a file
/// of any size costs a chunk of memory. A read error ends the stream early and is kept in
/// `failure`. With `progress`, a bar on the terminal shows how much has been sent.
final class FileUploadMessages: Sequence, IteratorProtocol {
    private var header: ByteBuffer?
    private let file: FileHandle
    private let chunkSize: Int
    private let wrap: (Data) -> any SwiftProtobuf.Message
    private var progress: ProgressBar?
    private(set) var failure: (any Error)?

    init(
        header: some SwiftProtobuf.Message, file: FileHandle, size: UInt64, chunkSize: Int, progress label: String? = nil,
        wrap: @escaping (Data) -> any SwiftProtobuf.Message
    ) throws {
        self.header = try ByteBuffer(message: header)
        self.file = file
        self.chunkSize = chunkSize
        self.wrap = wrap
        progress = label.flatMap { ProgressBar(label: $0, total: size) }
    }

    func next() -> ByteBuffer? {
        if let header {
            self.header = nil
            return header
        }
        do {
            guard let bytes = try file.read(upToCount: chunkSize), !bytes.isEmpty else {
                progress?.finish()
                return nil
            }
            progress?.advance(by: UInt64(bytes.count))
            return try ByteBuffer(message: wrap(bytes))
        } catch {
            failure = error
            return nil
        }
    }
}

/// `label [#########-----------]  45%  3.2/7.1 MB` on standard error, redrawn in place;
/// only when standard error is a terminal, so scripts and logs get none of it.
struct ProgressBar {
    let label: String
    let total: UInt64
    private var done: UInt64 = 0
    private var shownPercent = -1

    init?(label: String, total: UInt64) {
        guard isatty(STDERR_FILENO) == 1, total > 0 else { return nil }
        self.label = label
        self.total = total
    }

    mutating func advance(by count: UInt64) {
        done += count
        let percent = Int(done * 100 / total)
        guard percent != shownPercent else { return }
        shownPercent = percent
        let filled = percent / 5
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: 20 - filled)
        let megabytes = String(format: "%.1f/%.1f MB", Double(done) / 1e6, Double(total) / 1e6)
        FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(String(format: "%3d", percent))%  \(megabytes)".utf8))
    }

    func finish() {
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
