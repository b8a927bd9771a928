import Glibc

/// A filesystem Unix socket address, for the bind, connect and getsockname calls of
/// the daemon, its clients and the tests.
public struct UnixSocketAddress: Sendable {
    public let path: String

    /// The longest path sockaddr_un holds, its terminating NUL aside.
    public static let maximumPathLength = MemoryLayout.size(ofValue: sockaddr_un().sun_path) - 1

    /// nil when `path` is too long for a socket address.
    public init?(path: String) {
        guard path.utf8.count <= Self.maximumPathLength else { return nil }
        self.path = path
    }

    /// Calls `body` with the address as the socket calls take it.
    public func withSockAddr<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: path.utf8) }
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
    }

    /// The path a Unix socket is bound to ("" for an abstract or unnamed one).
    public static func boundPath(of fd: CInt) -> String {
        var address = sockaddr_un()
        var length = socklen_t(MemoryLayout<sockaddr_un>.size)
        let status = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard status == 0 else { return "" }
        return withUnsafeBytes(of: address.sun_path) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
    }
}
