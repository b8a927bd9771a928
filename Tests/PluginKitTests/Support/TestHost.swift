import CPluginABI
import Foundation
import Synchronization

/// A host table built in Swift, as the daemon builds its own: logs and events are
/// recorded, configuration comes from a dictionary, and calls are answered later, on a
/// thread of their own, with whatever `answer` says.
final class TestHost: Sendable {
    struct Call: Sendable {
        var method: String
        var onBehalfOf: Int?
        var request: [UInt8]
        var timeoutNanoseconds: Int64
        var flags: UInt32
        var takesMessages: Bool
    }

    struct Answer: Sendable {
        var messages: [[UInt8]] = []
        var status: Int32 = 0
        var message: String = ""
        var payload: [UInt8] = []
    }

    struct Log: Sendable, Equatable {
        var priority: Int32
        var message: String
        var call: Int?
    }

    struct Event: Sendable, Equatable {
        var topic: String
        var summary: String
        var typeURL: String?
        var detail: [UInt8]
    }

    private struct State {
        var logs: [Log] = []
        var events: [Event] = []
        var calls: [Call] = []
        /// What on_message returned for each message delivered.
        var messageResults: [Int32] = []
        var answer: @Sendable (String, [UInt8]) -> Answer = { _, _ in Answer() }
        /// A negative errno that call() returns instead of accepting.
        var refusal: Int32 = 0
    }

    private let state = Mutex(State())
    let configuration: [String: String]
    nonisolated(unsafe) let table: UnsafeMutablePointer<ecoprod_host_api>

    init(configuration: [String: String] = [:]) {
        self.configuration = configuration
        table = .allocate(capacity: 1)
        table.initialize(to: ecoprod_host_api(
            struct_size: UInt32(MemoryLayout<ecoprod_host_api>.size), abi_major: 1, abi_minor: 0, flags: 0,
            host_ctx: nil, host_version: UnsafePointer(strdup("9.9.9")),
            log: Self.log, call: Self.call, emit_event: Self.emitEvent, config_get: Self.configGet
        ))
        // Never released: like the daemon's, the table outlives everything that uses it.
        table.pointee.host_ctx = Unmanaged.passRetained(self).toOpaque()
    }

    var logs: [Log] { state.withLock { $0.logs } }
    var events: [Event] { state.withLock { $0.events } }
    var calls: [Call] { state.withLock { $0.calls } }
    var messageResults: [Int32] { state.withLock { $0.messageResults } }

    func answerCalls(_ answer: @escaping @Sendable (String, [UInt8]) -> Answer) {
        state.withLock { $0.answer = answer }
    }

    func refuseCalls(with errno: Int32) {
        state.withLock { $0.refusal = -errno }
    }

    private static func host(_ context: UnsafeMutableRawPointer?) -> TestHost {
        Unmanaged<TestHost>.fromOpaque(context!).takeUnretainedValue()
    }

    private static let log: @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<ecoprod_call>?, Int32, UnsafePointer<CChar>?) -> Void = {
        context, call, priority, message in
        let entry = Log(priority: priority, message: String(cString: message!), call: call.map { Int(bitPattern: $0) })
        host(context).state.withLock { $0.logs.append(entry) }
    }

    private static let call: @convention(c) (
        UnsafeMutableRawPointer?, UnsafePointer<ecoprod_call>?, UnsafePointer<CChar>?, ecoprod_buf, Int64, UInt32,
        ecoprod_message_fn?, ecoprod_reply_fn?, UnsafeMutableRawPointer?
    ) -> Int32 = { context, onBehalfOf, method, request, timeout, flags, onMessage, onReply, replyContext in
        let host = host(context)
        guard let method, let onReply else { return -EINVAL }
        let made = Call(
            method: String(cString: method), onBehalfOf: onBehalfOf.map { Int(bitPattern: $0) },
            request: Array(UnsafeBufferPointer(start: request.data, count: request.len)),
            timeoutNanoseconds: timeout, flags: flags, takesMessages: onMessage != nil
        )
        let (refusal, answer) = host.state.withLock { state in
            state.calls.append(made)
            return (state.refusal, state.answer)
        }
        guard refusal == 0 else { return refusal }
        // The ABI's promise: callbacks come later, on a host thread, never before call()
        // returned. The thread waits for the gate opened just before returning.
        let gate = DispatchSemaphore(value: 0)
        let callbacks = Callbacks(onMessage: onMessage, onReply: onReply, context: replyContext)
        Thread {
            gate.wait()
            var reply = answer(made.method, made.request)
            for message in reply.messages {
                let result = message.withUnsafeBufferPointer { callbacks.onMessage!(callbacks.context, ecoprod_buf(data: $0.baseAddress, len: $0.count)) }
                host.state.withLock { $0.messageResults.append(result) }
                if result != 0 {
                    reply = Answer(status: 1, message: "stopped by the plugin")
                    break
                }
            }
            reply.message.withCString { message in
                reply.payload.withUnsafeBufferPointer {
                    callbacks.onReply(callbacks.context, reply.status, message, ecoprod_buf(data: $0.baseAddress, len: $0.count))
                }
            }
        }.start()
        gate.signal()
        return 0
    }

    private static let emitEvent: @convention(c) (
        UnsafeMutableRawPointer?, UnsafePointer<CChar>?, UnsafePointer<CChar>?, UnsafePointer<CChar>?, ecoprod_buf
    ) -> Int32 = { context, topic, summary, typeURL, detail in
        let topic = String(cString: topic!)
        guard topic.hasPrefix("test.") else { return -EINVAL }
        let event = Event(
            topic: topic, summary: summary.map { String(cString: $0) } ?? "", typeURL: typeURL.map { String(cString: $0) },
            detail: Array(UnsafeBufferPointer(start: detail.data, count: detail.len))
        )
        host(context).state.withLock { $0.events.append(event) }
        return 0
    }

    private static let configGet: @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<CChar>?, UnsafeMutablePointer<CChar>?, Int) -> Int32 = {
        context, key, buffer, size in
        guard let key, buffer != nil || size == 0 else { return -EINVAL }
        guard let value = host(context).configuration[String(cString: key)] else { return -ENOENT }
        // snprintf() semantics, as plugin.h specifies.
        let bytes = Array(value.utf8)
        if let buffer, size > 0 {
            let copied = min(bytes.count, size - 1)
            for index in 0..<copied { buffer[index] = CChar(bitPattern: bytes[index]) }
            buffer[copied] = 0
        }
        return Int32(bytes.count)
    }
}

/// The plugin's callbacks and reply_ctx, carried to the answering thread.
private struct Callbacks: @unchecked Sendable {
    let onMessage: ecoprod_message_fn?
    let onReply: ecoprod_reply_fn
    let context: UnsafeMutableRawPointer?
}
