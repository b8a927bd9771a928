import CSystemSupport
import EcoprodProtocol
import Glibc

/// The socket the daemon serves on: the one systemd passed (socket activation), or
/// one it binds itself at a path.
public enum ListeningSocket: Sendable {
    /// A listening fd passed by systemd; never unlinked or re-bound by us.
    case activated(fd: CInt, name: String, path: String)
    /// A path to bind; the daemon removes it again on exit.
    case path(String)

    /// The fd systemd passed under the name "api". A single passed fd with another
    /// name (e.g. systemd-socket-activate without --fdname) is taken too.
    public static func fromSystemd() throws(ListeningSocketError) -> ListeningSocket? {
        var names: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
        let count = Int(sd_listen_fds_with_names(1, &names))
        guard count > 0 else {
            if count < 0 { throw ListeningSocketError("sd_listen_fds failed: \(String(cString: strerror(-Int32(count))))") }
            return nil
        }
        defer {
            for index in 0..<count { free(names?[index]) }
            free(names)
        }
        let passed = (0..<count).map { (fd: CInt(3 + $0), name: names?[$0].map { String(cString: $0) } ?? "unknown") }
        guard let chosen = passed.first(where: { $0.name == "api" }) ?? (count == 1 ? passed[0] : nil) else {
            throw ListeningSocketError("systemd passed \(count) sockets and none is named \"api\": \(passed.map(\.name))")
        }
        guard sd_is_socket_unix(chosen.fd, Int32(SOCK_STREAM.rawValue), 1, nil, 0) > 0 else {
            throw ListeningSocketError("the socket systemd passed (\(chosen.name), fd \(chosen.fd)) is not a listening Unix stream socket")
        }
        return .activated(fd: chosen.fd, name: chosen.name, path: UnixSocketAddress.boundPath(of: chosen.fd))
    }

    /// Makes `path` free to bind: refuses to touch a socket another daemon is serving
    /// on, or a file that is not a socket, and removes a stale socket left by a crash.
    public static func prepare(path: String) throws(ListeningSocketError) {
        let directory = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
        if !directory.isEmpty, mkdir(directory, 0o755) != 0, errno != EEXIST {
            throw ListeningSocketError("cannot create \(directory): \(String(cString: strerror(errno)))")
        }
        var status = stat()
        guard lstat(path, &status) == 0 else { return }
        guard status.st_mode & S_IFMT == S_IFSOCK else {
            throw ListeningSocketError("\(path) exists and is not a socket; refusing to replace it")
        }
        if isServed(path) {
            throw ListeningSocketError("another daemon is serving on \(path); refusing to take its socket")
        }
        guard unlink(path) == 0 || errno == ENOENT else {
            throw ListeningSocketError("cannot remove the stale socket \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// Whether something accepts connections at `path` right now.
    private static func isServed(_ path: String) -> Bool {
        guard let address = UnixSocketAddress(path: path) else { return false }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        let result = address.withSockAddr { connect(fd, $0, $1) }
        // EAGAIN: a live listener whose backlog is full.
        return result == 0 || errno == EAGAIN || errno == EINPROGRESS
    }

    /// Creates, binds and listens on a Unix stream socket at `path` (see `prepare`).
    public static func bind(path: String) throws(ListeningSocketError) -> CInt {
        guard let address = UnixSocketAddress(path: path) else {
            throw ListeningSocketError("socket path \(path) is longer than \(UnixSocketAddress.maximumPathLength) bytes")
        }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw ListeningSocketError("socket(): \(String(cString: strerror(errno)))") }
        guard address.withSockAddr({ Glibc.bind(fd, $0, $1) }) == 0, listen(fd, 256) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw ListeningSocketError("cannot listen on \(path): \(reason)")
        }
        return fd
    }

    /// Lets members of the reader group connect: 0660, group-owned by it (when we may chown).
    public static func setPermissions(path: String, group: UInt32?) {
        if let group { _ = chown(path, UInt32.max, group) }
        _ = chmod(path, 0o660)
    }
}

public struct ListeningSocketError: Error, Sendable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
