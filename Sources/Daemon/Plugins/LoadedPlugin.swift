import CPluginABI
import EcoprodProtocol
import Foundation
import Glibc
import Logging
import NIOCore
import SwiftProtobuf
import Synchronization

/// A plugin that passed validation: its manifest, and the host table it was given.
/// Never freed, like the code it stands for: the host table and the call contexts of
/// the plugin point back at it for the life of the process.
final class LoadedPlugin: @unchecked Sendable {
    // @unchecked: `cID` and `hostTable` are written once, in init, and only read after.
    let manifest: PluginManifest
    let file: String
    let host: PluginHost
    let logger: Logger
    /// The id as a C string, for the `via_plugin` of calls this plugin makes.
    let cID: UnsafePointer<CChar>
    private(set) var hostTable: UnsafeMutablePointer<ecoprod_host_api>!
    /// Set before shutdown() is called: calls to the plugin's methods get UNAVAILABLE and
    /// its calls and events fail with -ESHUTDOWN from then on.
    let isShutDown = Atomic<Bool>(false)
    /// Server streams not yet answered, which a stopping daemon ends itself.
    private let openStreams = Mutex<[ObjectIdentifier: CallResponder]>([:])

    var id: String { manifest.id }

    init(manifest: PluginManifest, file: String, host: PluginHost, logger: Logger) {
        self.manifest = manifest
        self.file = file
        self.host = host
        var logger = logger
        logger[metadataKey: "plugin"] = "\(manifest.id)"
        self.logger = logger
        self.cID = UnsafePointer(strdup(manifest.id)!)
        let table = UnsafeMutablePointer<ecoprod_host_api>.allocate(capacity: 1)
        table.initialize(to: ecoprod_host_api(
            struct_size: UInt32(MemoryLayout<ecoprod_host_api>.size),
            abi_major: UInt32(ECOPROD_PLUGIN_ABI_MAJOR), abi_minor: UInt32(ECOPROD_PLUGIN_ABI_MINOR), flags: 0,
            host_ctx: Unmanaged.passRetained(self).toOpaque(),
            host_version: Self.hostVersion,
            log: Self.log, call: Self.call, emit_event: Self.emitEvent, config_get: Self.configGet
        ))
        hostTable = table
    }

    /// Serves one call routed to the plugin, on the I/O thread that read it.
    func serve(_ method: PluginManifest.Method, _ context: CallContext, _ payload: ByteBuffer, _ responder: CallResponder) {
        guard !isShutDown.load(ordering: .acquiring), let handle = manifest.handle else {
            return responder.answer(.failure(RPCError(.unavailable, "plugin \(id) has shut down")))
        }
        if method.descriptor.kind == .serverStreaming {
            openStreams.withLock { $0[ObjectIdentifier(responder)] = responder }
        }
        let call = PluginCallContext.make(method, context: context, responder: responder, plugin: self)
        HostThread.callingPlugin {
            payload.withUnsafeReadableBytes { bytes in
                handle(manifest.context, call, ecoprod_buf(data: bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), len: bytes.count))
            }
        }
    }

    /// The plugin answered a call: it is no longer an open stream.
    func answered(_ responder: CallResponder) {
        openStreams.withLock { _ = $0.removeValue(forKey: ObjectIdentifier(responder)) }
    }

    /// Ends every open server stream cleanly for its client, and as UNAVAILABLE for the
    /// plugin (its send() then fails with -ESHUTDOWN), so a stop never waits on them.
    func endStreams() {
        for responder in openStreams.withLock({ $0.values }) {
            responder.end(.unavailable, answering: .success(ByteBuffer()))
        }
    }

    private static func from(_ hostContext: UnsafeMutableRawPointer?) -> LoadedPlugin {
        Unmanaged<LoadedPlugin>.fromOpaque(hostContext!).takeUnretainedValue()
    }

    private nonisolated(unsafe) static let hostVersion = UnsafePointer(strdup(EcoprodVersion.current)!)

    // MARK: - The host table

    private static let log: @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<ecoprod_call>?, Int32, UnsafePointer<CChar>?) -> Void = {
        hostContext, call, priority, message in
        var logger = from(hostContext).logger
        if let call {
            let context = PluginCallContext.state(of: call).context
            logger[metadataKey: "method"] = "\(context.method.fullName)"
            logger[metadataKey: "peer_uid"] = "\(context.caller.uid)"
            logger[metadataKey: "peer_pid"] = "\(context.caller.pid)"
        }
        logger.log(level: level(syslogPriority: priority), "\(message.map { String(cString: $0) } ?? "")")
    }

    private static func level(syslogPriority priority: Int32) -> Logger.Level {
        switch priority {
        case ...2: .critical
        case 3: .error
        case 4: .warning
        case 5: .notice
        case 6: .info
        default: .debug
        }
    }

    private static let call: @convention(c) (
        UnsafeMutableRawPointer?, UnsafePointer<ecoprod_call>?, UnsafePointer<CChar>?, ecoprod_buf, Int64, UInt32,
        ecoprod_message_fn?, ecoprod_reply_fn?, UnsafeMutableRawPointer?
    ) -> Int32 = { hostContext, onBehalfOf, method, request, timeout, flags, onMessage, onReply, replyContext in
        let plugin = from(hostContext)
        guard let method, let onReply, flags == 0 else { return -EINVAL }
        guard request.len <= Int(ECOPROD_MAX_MESSAGE_SIZE) else { return -EMSGSIZE }
        guard !plugin.isShutDown.load(ordering: .acquiring) else { return -ESHUTDOWN }
        var caller = onBehalfOf.map { plugin.caller(actingFor: PluginCallContext.state(of: $0).context) }
            ?? plugin.backgroundCaller
        if timeout != 0 {
            let own = NIODeadline.now() + .nanoseconds(max(timeout, 0))
            caller.deadline = caller.deadline.map { min($0, own) } ?? own
        }
        let replyContext = OpaqueContext(pointer: replyContext)
        let message = onMessage.map { onMessage in
            { @Sendable (message: ByteBuffer) -> Bool in
                HostThread.callingPlugin {
                    message.withUnsafeReadableBytes { bytes in
                        onMessage(replyContext.pointer, ecoprod_buf(data: bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), len: bytes.count)) == 0
                    }
                }
            }
        }
        plugin.host.router.call(
            String(cString: method), payload: ByteBuffer(borrowing: request), as: caller,
            observer: LocalCallObserver(message: message, end: { result in
                let (status, text, payload) = switch result {
                case .success(let payload): (Int32(0), "", payload)
                case .failure(let error): (error.code.rawValue, error.message, ByteBuffer())
                }
                HostThread.callingPlugin {
                    payload.withUnsafeReadableBytes { bytes in
                        onReply(replyContext.pointer, status, text, ecoprod_buf(data: bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), len: bytes.count))
                    }
                }
            })
        )
        return 0
    }

    /// The caller a call made on behalf of `context` acts as: the same person, role and deadline.
    private func caller(actingFor context: CallContext?) -> LocalCaller {
        guard let context else { return backgroundCaller }
        var logger = self.logger
        logger[metadataKey: "peer_uid"] = "\(context.caller.uid)"
        logger[metadataKey: "peer_pid"] = "\(context.caller.pid)"
        return LocalCaller(identity: context.caller, role: context.role, deadline: context.deadline, viaPlugin: id, logger: logger)
    }

    /// Work on nobody's behalf runs as the daemon, and may only read: every change is
    /// made for, and attributable to, an actual caller.
    private var backgroundCaller: LocalCaller {
        LocalCaller(
            identity: PeerIdentity(pid: getpid(), uid: geteuid(), gid: getegid(), groups: []),
            role: .reader, deadline: nil, viaPlugin: id, logger: logger
        )
    }

    private static let emitEvent: @convention(c) (
        UnsafeMutableRawPointer?, UnsafePointer<CChar>?, UnsafePointer<CChar>?, UnsafePointer<CChar>?, ecoprod_buf
    ) -> Int32 = { hostContext, topic, summary, typeURL, detail in
        let plugin = from(hostContext)
        guard let topic else { return -EINVAL }
        let name = String(cString: topic)
        guard name.hasPrefix("\(plugin.id)."), name.utf8.count > plugin.id.utf8.count + 1,
            name.utf8.allSatisfy({ isTopicByte($0) })
        else { return -EINVAL }
        guard detail.len <= Int(ECOPROD_MAX_MESSAGE_SIZE) else { return -EMSGSIZE }
        var any: Google_Protobuf_Any?
        if let typeURL {
            let url = String(cString: typeURL)
            guard url.hasPrefix("type.googleapis.com/"), url.count > 20 else { return -EINVAL }
            any = Google_Protobuf_Any.with {
                $0.typeURL = url
                $0.value = Data(UnsafeRawBufferPointer(start: detail.data, count: detail.data == nil ? 0 : detail.len))
            }
        }
        guard !plugin.isShutDown.load(ordering: .acquiring),
            plugin.host.events.publish(topic: name, summary: summary.map { String(cString: $0) } ?? "", detail: any, source: plugin.id)
        else { return -ESHUTDOWN }
        return 0
    }

    private static let configGet: @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<CChar>?, UnsafeMutablePointer<CChar>?, Int) -> Int32 = {
        hostContext, key, buffer, size in
        let plugin = from(hostContext)
        guard let key, buffer != nil || size == 0 else { return -EINVAL }
        guard let value = plugin.host.configuration(of: plugin.id)[String(cString: key)] else { return -ENOENT }
        let bytes = Array(value.utf8)
        if let buffer, size > 0 {
            let copied = min(bytes.count, size - 1)
            for index in 0..<copied { buffer[index] = CChar(bitPattern: bytes[index]) }
            buffer[copied] = 0
        }
        return Int32(clamping: bytes.count)
    }
}

/// [a-z0-9._-], the bytes of an event topic.
private func isTopicByte(_ byte: UInt8) -> Bool {
    (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
}

/// A plugin's reply_ctx, carried to whichever thread answers. The plugin owns what it
/// points at; the host only hands it back.
private struct OpaqueContext: @unchecked Sendable {
    let pointer: UnsafeMutableRawPointer?
}
