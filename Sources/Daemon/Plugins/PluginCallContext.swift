import CPluginABI
import EcoprodProtocol
import Glibc
import NIOCore

/// What the host keeps behind an `ecoprod_call` (its `host_private`): the call as the
/// router sees it, and where its answer goes.
final class PluginCallState: Sendable {
    let context: CallContext
    let responder: CallResponder
    let plugin: LoadedPlugin

    init(context: CallContext, responder: CallResponder, plugin: LoadedPlugin) {
        self.context = context
        self.responder = responder
        self.plugin = plugin
    }
}

/// The `ecoprod_call` a plugin's handle() receives. It is allocated per call and freed
/// by the plugin's reply() — never before, whatever happened to the call meanwhile —
/// so a late reply is always safe (docs/PLUGIN_ABI.md section 7).
enum PluginCallContext {
    static func make(
        _ method: PluginManifest.Method, context: CallContext, responder: CallResponder, plugin: LoadedPlugin
    ) -> UnsafeMutablePointer<ecoprod_call> {
        let state = PluginCallState(context: context, responder: responder, plugin: plugin)
        let call = UnsafeMutablePointer<ecoprod_call>.allocate(capacity: 1)
        call.initialize(to: ecoprod_call(
            struct_size: UInt32(MemoryLayout<ecoprod_call>.size),
            method_index: method.index,
            deadline_ns: context.deadline.map { Int64(clamping: $0.uptimeNanoseconds) } ?? 0,
            method: method.cName,
            caller_uid: context.caller.uid,
            caller_gid: context.caller.gid,
            caller_pid: context.caller.pid,
            caller_role: UInt32(context.role.rawValue),
            via_plugin: context.viaPlugin.flatMap { plugin.host.plugin(withID: $0)?.cID },
            host_private: Unmanaged.passRetained(state).toOpaque(),
            send: send,
            reply: reply,
            status: status
        ))
        return call
    }

    /// The state of a live call; the pointer must not have been replied to.
    static func state(of call: UnsafePointer<ecoprod_call>) -> PluginCallState {
        Unmanaged<PluginCallState>.fromOpaque(call.pointee.host_private).takeUnretainedValue()
    }

    private static let send: @convention(c) (UnsafePointer<ecoprod_call>?, ecoprod_buf, UInt32) -> Int32 = { call, message, flags in
        guard let call, flags & ~ECOPROD_SEND_NONBLOCK == 0 else { return -EINVAL }
        guard message.len <= Int(ECOPROD_MAX_MESSAGE_SIZE) else { return -EMSGSIZE }
        let mayWait = flags & ECOPROD_SEND_NONBLOCK == 0 && !HostThread.isInsideCallback
        switch state(of: call).responder.send(ByteBuffer(borrowing: message), mayWait: mayWait) {
        case .sent: return 0
        case .wouldBlock: return -EAGAIN
        case .tooLarge: return -EMSGSIZE
        case .notStreaming: return -EINVAL
        case .ended(.deadlineExceeded): return -ETIMEDOUT
        case .ended(.unavailable): return -ESHUTDOWN
        case .ended: return -ECANCELED
        }
    }

    private static let reply: @convention(c) (UnsafePointer<ecoprod_call>?, Int32, UnsafePointer<CChar>?, ecoprod_buf) -> Void = {
        call, status, message, payload in
        guard let call else { return }
        let state = Unmanaged<PluginCallState>.fromOpaque(call.pointee.host_private).takeRetainedValue()
        let result: Result<ByteBuffer, any Error>
        if status == 0 {
            result = .success(state.context.method.kind == .unary ? ByteBuffer(borrowing: payload) : ByteBuffer())
        } else {
            result = .failure(RPCError(StatusCode(rawValue: status) ?? .unknown, message.map { String(cString: $0) } ?? ""))
        }
        let mutableCall = UnsafeMutablePointer(mutating: call)
        mutableCall.deinitialize(count: 1)
        mutableCall.deallocate()
        state.plugin.answered(state.responder)
        state.responder.answer(result)
    }

    private static let status: @convention(c) (UnsafePointer<ecoprod_call>?) -> Int32 = { call in
        guard let call else { return Int32(ECOPROD_STATUS_INVALID_ARGUMENT.rawValue) }
        return state(of: call).responder.endedStatus?.rawValue ?? 0
    }
}

extension ByteBuffer {
    /// A copy of bytes the plugin lends for the duration of a call.
    init(borrowing buffer: ecoprod_buf) {
        guard let data = buffer.data, buffer.len > 0 else {
            self = ByteBuffer()
            return
        }
        self = ByteBuffer(bytes: UnsafeRawBufferPointer(start: data, count: buffer.len))
    }
}
