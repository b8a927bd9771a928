import EcoprodProtocol
import Glibc

/// The few system calls evidence storage makes beyond plain reads and writes, with
/// their failures as errors a caller can be given.
enum EvidenceFiles {
    static func failure(_ action: String, code: StatusCode = .internal) -> RPCError {
        let error = errno
        return RPCError(error == ENOSPC ? .resourceExhausted : code, "\(action): \(String(cString: strerror(error)))")
    }

    /// Creates `path` if missing; true if it was created, so its parent must be synced.
    @discardableResult
    static func makeDirectory(_ path: String) throws(RPCError) -> Bool {
        if mkdir(path, 0o750) == 0 { return true }
        guard errno == EEXIST else { throw failure("cannot create \(path)") }
        return false
    }

    /// Makes the entries of `path` (a file renamed in, a directory made) survive a crash.
    static func syncDirectory(_ path: String) throws(RPCError) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw failure("cannot open \(path)") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw failure("fsync \(path)") }
    }

    static func writeAll(_ fd: CInt, _ bytes: UnsafeRawBufferPointer, to path: String) throws(RPCError) {
        var offset = 0
        while offset < bytes.count {
            let written = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw failure("writing \(path)")
            }
            offset += written
        }
    }
}
