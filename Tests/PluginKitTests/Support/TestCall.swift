import CPluginABI
import Foundation
import Synchronization

/// An `ecoprod_call` as the host hands one to handle(), with test functions for reply,
/// send and status. Its memory is never freed, so a reply after the first is recorded
/// (and fails the test) instead of touching freed memory.
final class TestCall: Sendable {
    struct Reply: Sendable, Equatable {
        var status: Int32
        var message: String?
        var payload: [UInt8]
    }

    struct Send: Sendable, Equatable {
        var message: [UInt8]
        var flags: UInt32
        var result: Int32
    }

    private struct State {
        var replies: [Reply] = []
        var sends: [Send] = []
        /// Results for the next send() calls, in order; 0 once used up.
        var sendResults: [Int32] = []
        var status: Int32 = 0
        var waiting: [CheckedContinuation<Reply, Never>] = []
    }

    private let state = Mutex(State())
    nonisolated(unsafe) let pointer: UnsafeMutablePointer<ecoprod_call>

    init(
        methodIndex: UInt32, method: String, uid: UInt32 = 1000, gid: UInt32 = 100, pid: Int32 = 4242,
        role: UInt32 = UInt32(ECOPROD_ROLE_READER.rawValue), viaPlugin: String? = nil, deadline: Int64 = 0
    ) {
        pointer = .allocate(capacity: 1)
        pointer.initialize(to: ecoprod_call(
            struct_size: UInt32(MemoryLayout<ecoprod_call>.size), method_index: methodIndex, deadline_ns: deadline,
            method: UnsafePointer(strdup(method)), caller_uid: uid, caller_gid: gid, caller_pid: pid, caller_role: role,
            via_plugin: viaPlugin.map { UnsafePointer(strdup($0)) }, host_private: nil,
            send: Self.send, reply: Self.reply, status: Self.status
        ))
        pointer.pointee.host_private = Unmanaged.passRetained(self).toOpaque()
    }

    var address: Int { Int(bitPattern: pointer) }
    var replies: [Reply] { state.withLock { $0.replies } }
    var sends: [Send] { state.withLock { $0.sends } }

    func setSendResults(_ results: [Int32]) { state.withLock { $0.sendResults = results } }
    func setStatus(_ status: Int32) { state.withLock { $0.status = status } }

    /// The first reply, waiting for it if need be.
    func reply() async -> Reply {
        await withCheckedContinuation { continuation in
            let first = state.withLock { state -> Reply? in
                if let first = state.replies.first { return first }
                state.waiting.append(continuation)
                return nil
            }
            if let first { continuation.resume(returning: first) }
        }
    }

    private static func call(_ call: UnsafePointer<ecoprod_call>?) -> TestCall {
        Unmanaged<TestCall>.fromOpaque(call!.pointee.host_private).takeUnretainedValue()
    }

    private static let reply: @convention(c) (UnsafePointer<ecoprod_call>?, Int32, UnsafePointer<CChar>?, ecoprod_buf) -> Void = {
        pointer, status, message, payload in
        let reply = Reply(
            status: status, message: message.map { String(cString: $0) },
            payload: Array(UnsafeBufferPointer(start: payload.data, count: payload.len))
        )
        let waiting = call(pointer).state.withLock { state in
            state.replies.append(reply)
            defer { state.waiting.removeAll() }
            return state.waiting
        }
        waiting.forEach { $0.resume(returning: reply) }
    }

    private static let send: @convention(c) (UnsafePointer<ecoprod_call>?, ecoprod_buf, UInt32) -> Int32 = { pointer, message, flags in
        let bytes = Array(UnsafeBufferPointer(start: message.data, count: message.len))
        return call(pointer).state.withLock { state in
            let result = state.sendResults.isEmpty ? 0 : state.sendResults.removeFirst()
            state.sends.append(Send(message: bytes, flags: flags, result: result))
            return result
        }
    }

    private static let status: @convention(c) (UnsafePointer<ecoprod_call>?) -> Int32 = { pointer in
        call(pointer).state.withLock { $0.status }
    }
}
