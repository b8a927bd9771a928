import Glibc

/// The daemon's state directory, held with an exclusive lock so that two daemons
/// never write the same databases.
public struct StateDirectory: Sendable {
    public let path: String
    private let lockFD: CInt

    public init(path: String) throws(StateDirectoryError) {
        if mkdir(path, 0o700) != 0, errno != EEXIST {
            throw StateDirectoryError("cannot create state directory \(path): \(String(cString: strerror(errno)))")
        }
        let lockPath = path + "/ecoprodd.lock"
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw StateDirectoryError("cannot open \(lockPath): \(String(cString: strerror(errno)))")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            var holder = [UInt8](repeating: 0, count: 32)
            let count = read(fd, &holder, holder.count)
            close(fd)
            let pid = count > 0 ? String(decoding: holder.prefix(count), as: UTF8.self).trimmingSpaces : "unknown"
            throw StateDirectoryError("state directory \(path) is in use by another ecoprodd (pid \(pid))")
        }
        ftruncate(fd, 0)
        let pid = Array("\(getpid())\n".utf8)
        _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        self.path = path
        self.lockFD = fd
    }
}

public struct StateDirectoryError: Error, Sendable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
