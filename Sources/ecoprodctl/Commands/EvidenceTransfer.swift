import ArgumentParser
import EcoprodAPI
import EcoprodClient
import EcoprodProtocol
import Foundation
import Glibc
import NIOCore

/// Evidence files to and from the daemon, a chunk at a time: a file of any size
/// costs a megabyte or so of memory.
enum EvidenceTransfer {
    /// The largest chunk the daemon takes in one message.
    static let chunkSize = 1 << 20

    /// Uploads the file at `path` (UploadEvidence, a client stream) and returns what the daemon stored.
    static func upload(_ path: String, mediaType: String? = nil, over connection: Connection) throws -> Ecoprod_Label_V1_Evidence {
        let (file, size) = try openRegularFile(path)
        defer { try? file.close() }
        // The expected size makes the daemon refuse, and store nothing, if a read fails
        // midway and the stream ends short.
        let header = Ecoprod_Label_V1_EvidenceHeader.with {
            $0.name = URL(fileURLWithPath: path).lastPathComponent
            $0.mediaType = mediaType ?? MediaTypes.guess(forFileName: path)
            $0.expectedSize = size
        }
        let messages = try FileUploadMessages(
            header: Ecoprod_Label_V1_UploadEvidenceRequest.with { $0.header = header }, file: file, size: size, chunkSize: chunkSize
        ) { chunk in Ecoprod_Label_V1_UploadEvidenceRequest.with { $0.chunk = chunk } }
        do {
            return try connection.withoutTimeout {
                try connection.clientStream(service: labelService, method: "UploadEvidence", messages: messages)
            }.decodeMessage(Ecoprod_Label_V1_Evidence.self)
        } catch {
            if let failure = messages.failure { throw unreadableFile(path, "\(failure.localizedDescription)") }
            throw error
        }
    }

    /// Downloads `evidence` into `path` (`-`: standard output). The bytes go to a
    /// temporary file beside it, renamed into place once all of them arrived, so `path`
    /// never holds part of a file.
    static func download(_ evidence: Ecoprod_Label_V1_Evidence, to path: String, over connection: Connection) throws {
        guard path != "-" else { return try receive(evidence, into: .standardOutput, named: path, over: connection) }
        try writingWhole(path) { output in try receive(evidence, into: output, named: path, over: connection) }
    }

    /// DownloadEvidence's chunks written to `output` as they arrive, checked to add up to the stored size.
    private static func receive(_ evidence: Ecoprod_Label_V1_Evidence, into output: FileHandle, named path: String, over connection: Connection) throws {
        var received: UInt64 = 0
        let request = Ecoprod_Label_V1_DownloadEvidenceRequest.with { $0.sha256 = evidence.sha256 }
        try connection.withoutTimeout {
            try connection.stream(labelService, "DownloadEvidence", request, as: Ecoprod_Label_V1_EvidenceChunk.self) { chunk in
                do {
                    try output.write(contentsOf: chunk.data)
                } catch {
                    throw unwritableFile(path, error.localizedDescription)
                }
                received += UInt64(chunk.data.count)
                return true
            }
        }
        guard received == evidence.size else {
            printError("evidence \(evidence.sha256): \(received) of \(evidence.size) bytes arrived")
            throw ExitCode(76)
        }
    }
}
