import Dispatch
import EcoprodProtocol
import Foundation

/// A file uploaded by a client stream: a header message first, then the file in chunks,
/// gathered up to a limit (ImportFactorSet, ImportLines). `prepare` checks the header as
/// soon as it arrives, so that a wrong one is refused before the file is sent.
enum StreamedFile {
    static func read<Messages: AsyncSequence, Header, Prepared>(
        _ messages: Messages, maximumSize: Int, kind: String,
        header: (Messages.Element) -> Header?, chunk: (Messages.Element) -> Data?,
        prepare: (Header) async throws -> Prepared
    ) async throws -> (prepared: Prepared, file: Data) {
        var iterator = messages.makeAsyncIterator()
        guard let first = try await iterator.next(), let header = header(first) else {
            throw RPCError(.invalidArgument, "header: the first message must be the header")
        }
        let prepared = try await prepare(header)
        var file = Data()
        while let message = try await iterator.next() {
            guard let chunk = chunk(message) else {
                throw RPCError(.invalidArgument, "header: sent twice; after the header come only chunks")
            }
            guard file.count + chunk.count <= maximumSize else {
                throw RPCError(.resourceExhausted, "\(kind) is at most \(maximumSize) bytes")
            }
            file.append(chunk)
        }
        return (prepared, file)
    }
}
