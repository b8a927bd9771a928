import EcoprodProtocol
import Foundation
import Glibc

/// A stored object read in chunks, on a queue of its own like `EvidenceUpload`, so that
/// a download waiting on the disk holds no thread of Swift's cooperative pool.
actor EvidenceFileReader {
    private let executor = DispatchQueueExecutor(label: "ecoprodd.evidence.download")
    nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    private let path: String
    private let sha256: String
    private var fd: CInt = -1

    init(path: String, sha256: String) {
        self.path = path
        self.sha256 = sha256
    }

    deinit {
        if fd >= 0 { close(fd) }
    }

    /// The next chunk of at most `EvidenceRules.downloadChunkSize` bytes; nil at the end.
    func next() throws -> Data? {
        if fd < 0 {
            fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else {
                throw EvidenceFiles.failure("evidence \(sha256) is recorded but its file cannot be opened", code: .dataLoss)
            }
        }
        var chunk = Data(count: EvidenceRules.downloadChunkSize)
        let count = chunk.withUnsafeMutableBytes { buffer in
            var count: Int
            repeat { count = read(fd, buffer.baseAddress, buffer.count) } while count < 0 && errno == EINTR
            return count
        }
        guard count >= 0 else { throw EvidenceFiles.failure("reading \(path)") }
        return count == 0 ? nil : chunk.prefix(count)
    }
}
