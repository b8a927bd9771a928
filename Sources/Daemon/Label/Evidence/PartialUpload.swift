import EcoprodProtocol
import Foundation
import Glibc

/// An upload being received: a private file under partial/ and the running digest. It
/// becomes an object only through `move(to:)`; dropped any other way, the file is
/// removed, so an interrupted upload leaves nothing behind. One task uses it at a time.
final class PartialUpload: @unchecked Sendable {
    let path: String
    private(set) var size: UInt64 = 0
    private var fd: CInt
    private var owned = true
    private let digest = EvidenceDigest()

    init(directory: String) throws {
        path = "\(directory)/\(UUID().uuidString.lowercased())"
        fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw RPCError(.internal, "cannot create \(path): \(String(cString: strerror(errno)))") }
    }

    deinit {
        if fd >= 0 { close(fd) }
        if owned { unlink(path) }
    }

    func append(_ chunk: Data) throws {
        try chunk.withUnsafeBytes { bytes in
            digest.update(bytes)
            var offset = 0
            while offset < bytes.count {
                let written = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw RPCError(errno == ENOSPC ? .resourceExhausted : .internal, "writing evidence: \(String(cString: strerror(errno)))")
                }
                offset += written
            }
        }
        size += UInt64(chunk.count)
    }

    /// Flushes the bytes to disk; returns their sha256.
    func finish() throws -> String {
        guard fsync(fd) == 0 else { throw RPCError(.internal, "fsync \(path): \(String(cString: strerror(errno)))") }
        close(fd)
        fd = -1
        return digest.finish()
    }

    /// Gives the file its final name, durably: the rename is flushed with its directory.
    func move(to target: String) throws {
        let directory = (target as NSString).deletingLastPathComponent
        guard mkdir(directory, 0o750) == 0 || errno == EEXIST, rename(path, target) == 0 else {
            throw RPCError(.internal, "storing evidence at \(target): \(String(cString: strerror(errno)))")
        }
        owned = false
        let directoryFD = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        defer { close(directoryFD) }
        guard directoryFD >= 0, fsync(directoryFD) == 0 else {
            throw RPCError(.internal, "fsync \(directory): \(String(cString: strerror(errno)))")
        }
    }

    /// Drops the file: its bytes are already stored under their digest.
    func discard() {
        unlink(path)
        owned = false
    }
}
