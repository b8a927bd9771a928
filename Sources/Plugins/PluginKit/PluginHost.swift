import CPluginABI
import Glibc
import SwiftProtobuf

/// The host's table of functions, as given to init(): logging, configuration, events,
/// and calls into the daemon's router (HostCalls.swift). The table stays valid for the
/// life of the process and every function is thread-safe, so this is usable anywhere.
public final class PluginHost: Sendable {
    private let table: HostTable
    /// The host's ABI version; `abiMinor` tells which later additions it understands.
    public let abiMajor: UInt32
    public let abiMinor: UInt32
    /// The daemon's version, for logs.
    public let version: String

    init(_ table: UnsafePointer<ecoprod_host_api>) {
        self.table = HostTable(pointer: table)
        abiMajor = table.pointee.abi_major
        abiMinor = table.pointee.abi_minor
        version = table.pointee.host_version.map { String(cString: $0) } ?? ""
    }

    var api: UnsafePointer<ecoprod_host_api> { table.pointer }
    var context: UnsafeMutableRawPointer? { table.pointer.pointee.host_ctx }

    /// Logs one line through the daemon (journald or standard error), with the plugin id
    /// and, for a call that is still live, its method and caller.
    public func log(_ priority: LogPriority, _ message: String, call: PluginCall? = nil) {
        guard let log = api.pointee.log else { return }
        message.withCString { text in
            if let call, call.withLiveCall({ log(context, $0, priority.rawValue, text) }) != nil { return }
            log(context, nil, priority.rawValue, text)
        }
    }

    /// A key of the plugin's own [Plugin.<id>] section as configured at this moment, or
    /// nil when it is not set.
    public func config(_ key: String) -> String? {
        guard let get = api.pointee.config_get else { return nil }
        return key.withCString { key -> String? in
            var length = get(context, key, nil, 0)
            while length >= 0 {
                var buffer = [CChar](repeating: 0, count: Int(length) + 1)
                let full = get(context, key, &buffer, buffer.count)
                if full >= 0, full < buffer.count {
                    return buffer.withUnsafeBufferPointer { buffer in
                        String(decoding: UnsafeRawBufferPointer(start: buffer.baseAddress, count: Int(full)), as: UTF8.self)
                    }
                }
                // A reload lengthened the value between the two calls: ask again.
                length = full
            }
            return nil
        }
    }

    /// Publishes an event to Daemon/Watch subscribers with the plugin as its source.
    /// `topic` must start with "<plugin id>." and contain only [a-z0-9._-]. `detail`,
    /// a message of the plugin's descriptor set, becomes the event's Any detail.
    /// Throws `HostError` (EINVAL: bad topic; EMSGSIZE; ESHUTDOWN: the daemon is
    /// stopping), or the detail's encoding error.
    public func emit(topic: String, summary: String = "", detail: (any Message)? = nil) throws {
        guard let emit = api.pointee.emit_event else { throw HostError(function: "emit_event", errno: ENOSYS) }
        let typeURL = detail.map { "type.googleapis.com/\(type(of: $0).protoMessageName)" }
        let bytes: [UInt8] = try detail?.serializedBytes() ?? []
        let result = topic.withCString { topic in
            summary.withCString { summary in
                bytes.withUnsafeBufferPointer { bytes in
                    let buffer = ecoprod_buf(data: bytes.baseAddress, len: bytes.count)
                    guard let typeURL else { return emit(context, topic, summary, nil, buffer) }
                    return typeURL.withCString { emit(context, topic, summary, $0, buffer) }
                }
            }
        }
        if result < 0 { throw HostError(function: "emit_event", errno: -result) }
    }
}

/// The host's table, shared between threads: it is immutable and its functions are
/// thread-safe (plugin.h).
private struct HostTable: @unchecked Sendable {
    let pointer: UnsafePointer<ecoprod_host_api>
}
