import EcoprodAPI
import EcoprodProtocol
import Foundation
import SwiftProtobuf

extension EvidenceStore {
    typealias UploadMessage = Ecoprod_Label_V1_UploadEvidenceRequest

    /// Receives an upload — the header, then the bytes, each chunk written and hashed as
    /// it arrives, so memory holds a few chunks whatever the file's size — and stores it.
    /// Nothing is kept unless the whole upload arrives and checks out: on any failure
    /// (the client's, a refused message, a cancelled call) the partial file is removed.
    func upload(_ messages: some AsyncSequence<UploadMessage, any Error>, by uploader: Ecoprod_Label_V1_Actor) async throws -> Evidence {
        let upload = EvidenceUpload(partialDirectory: partialDirectory)
        do {
            let (header, size) = try await receive(messages, into: upload)
            let sha256 = await upload.sha256()
            guard header.expectedSha256.isEmpty || header.expectedSha256 == sha256 else {
                throw RPCError(.invalidArgument, "header.expected_sha256: the bytes hash to \(sha256)")
            }
            guard header.expectedSize == 0 || header.expectedSize == size else {
                throw RPCError(.invalidArgument, "expected_size: \(size) bytes arrived")
            }
            // Checked again when recording: this only spares the disk an fsync and a rename.
            if var earlier = try await stored(sha256) {
                await upload.discard()
                earlier.alreadyStored = true
                return earlier
            }
            try await upload.sync()
            try await upload.store(at: objectPath(sha256))
            return try await record(.with {
                $0.sha256 = sha256
                $0.name = header.name
                $0.mediaType = header.mediaType
                $0.size = size
                $0.uploadedAt = Google_Protobuf_Timestamp(date: Date())
                $0.uploadedBy = uploader
            })
        } catch {
            await upload.discard()
            throw error
        }
    }

    /// Reads the stream to its end into `upload`; returns the header and the size.
    private func receive(
        _ messages: some AsyncSequence<UploadMessage, any Error>, into upload: EvidenceUpload
    ) async throws -> (Ecoprod_Label_V1_EvidenceHeader, UInt64) {
        var header: Ecoprod_Label_V1_EvidenceHeader?
        var size: UInt64 = 0
        for try await message in messages {
            switch (message.part, header) {
            case (.header(let first)?, nil):
                try EvidenceRules.check(first)
                header = first
            case (_, nil):
                throw RPCError(.invalidArgument, "header: the first message must carry the header")
            case (.header?, _?):
                throw RPCError(.invalidArgument, "header: only the first message may carry the header")
            case (.chunk(let chunk)?, _?):
                guard chunk.count <= EvidenceRules.maximumChunkSize else {
                    throw RPCError(.invalidArgument, "chunk: at most \(EvidenceRules.maximumChunkSize) bytes a message")
                }
                guard size + UInt64(chunk.count) <= maximumSize else {
                    throw RPCError(.resourceExhausted, "evidence files are at most \(maximumSize) bytes")
                }
                try await upload.append(chunk)
                size += UInt64(chunk.count)
            case (nil, _?):
                break
            }
        }
        guard let header else { throw RPCError(.invalidArgument, "header: the first message must carry the header") }
        // A call cut off by its deadline or its client has already been answered: keep nothing.
        try Task.checkCancellation()
        return (header, size)
    }
}
