import EcoprodProtocol
import Foundation
import Glibc

/// Receives sd_notify datagrams the way systemd does, on a socket named by NOTIFY_SOCKET.
final class NotifyListener {
    let path: String
    private let fd: CInt

    init(path: String) throws {
        self.path = path
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        let bound = UnixSocketAddress(path: path)?.withSockAddr { bind(fd, $0, $1) }
        guard bound == 0 else { throw POSIXError(.init(rawValue: errno) ?? .ENAMETOOLONG) }
    }

    deinit { close(fd) }

    /// The next message's KEY=VALUE pairs, or nil if none arrives within `timeout`.
    func next(timeout: Duration = .seconds(10)) -> [String: String]? {
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, Int32(clamping: timeout.wholeMilliseconds)) == 1 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = recv(fd, &buffer, buffer.count, 0)
        guard count > 0 else { return nil }
        var fields: [String: String] = [:]
        for line in String(decoding: buffer.prefix(count), as: UTF8.self).split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            fields[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return fields
    }

    /// Messages until one has `key`; returns it, or nil on timeout.
    func waitFor(_ key: String, timeout: Duration = .seconds(10)) -> [String: String]? {
        while let message = next(timeout: timeout) {
            if message[key] != nil { return message }
        }
        return nil
    }
}
