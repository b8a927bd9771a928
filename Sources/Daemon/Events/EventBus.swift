import EcoprodProtocol
import Foundation
import NIOConcurrencyHelpers
import SwiftProtobuf

/// Fans daemon events out to every `Daemon/Watch` subscriber. A subscriber that
/// falls more than `bufferLimit` events behind loses the oldest ones rather than
/// holding the publisher or the daemon's memory hostage.
public final class EventBus: Sendable {
    public typealias Subscription = AsyncStream<Ecoprod_Daemon_V1_Event>

    private struct State {
        var nextSequence: UInt64 = 1
        var subscribers: [UInt64: (prefixes: [String], continuation: Subscription.Continuation)] = [:]
        var nextSubscriberID: UInt64 = 0
        var closed = false
    }

    private let state = NIOLockedValueBox(State())
    /// Held while yielding, so each subscriber sees events in sequence order. Never
    /// taken by `onTermination`: a yield may wait on a task that is being cancelled
    /// and is itself waiting to unregister under `state`.
    private let delivery = NIOLock()
    private let bufferLimit: Int

    public init(bufferLimit: Int = 1024) {
        self.bufferLimit = bufferLimit
    }

    /// Subscribes to topics starting with any of `prefixes` (all topics when empty).
    /// The first event is always "daemon.watch.started", so a client knows from when
    /// it will see everything.
    public func subscribe(prefixes: [String]) -> Subscription {
        let (stream, continuation) = Subscription.makeStream(bufferingPolicy: .bufferingNewest(bufferLimit))
        delivery.withLock {
            let registered = state.withLockedValue { state -> (id: UInt64, started: Ecoprod_Daemon_V1_Event)? in
                guard !state.closed else { return nil }
                state.nextSubscriberID += 1
                state.subscribers[state.nextSubscriberID] = (prefixes, continuation)
                return (state.nextSubscriberID, Self.event(&state, topic: "daemon.watch.started", summary: "watching", detail: nil))
            }
            guard let (id, started) = registered else { return continuation.finish() }
            continuation.yield(started)
            continuation.onTermination = { [weak self] _ in
                self?.state.withLockedValue { _ = $0.subscribers.removeValue(forKey: id) }
            }
        }
        return stream
    }

    /// Delivers an event to every matching subscriber; false once the bus is closed.
    /// A detail that is already an Any (a plugin's) is carried as it is.
    @discardableResult
    public func publish(topic: String, summary: String, detail: (any SwiftProtobuf.Message)? = nil, source: String = "builtin") -> Bool {
        delivery.withLock {
            let published = state.withLockedValue { state -> (Ecoprod_Daemon_V1_Event, [Subscription.Continuation])? in
                guard !state.closed else { return nil }
                var event = Self.event(&state, topic: topic, summary: summary, detail: detail)
                event.source = source
                let targets = state.subscribers.values
                    .filter { $0.prefixes.isEmpty || $0.prefixes.contains(where: topic.hasPrefix) }
                    .map(\.continuation)
                return (event, targets)
            }
            guard let (event, targets) = published else { return false }
            targets.forEach { $0.yield(event) }
            return true
        }
    }

    /// Ends every subscription, so that Watch calls finish and a drain can complete.
    public func close() {
        let continuations = state.withLockedValue { state in
            state.closed = true
            defer { state.subscribers = [:] }
            return state.subscribers.values.map(\.continuation)
        }
        continuations.forEach { $0.finish() }
    }

    public var subscriberCount: Int { state.withLockedValue { $0.subscribers.count } }

    private static func event(_ state: inout State, topic: String, summary: String, detail: (any SwiftProtobuf.Message)?) -> Ecoprod_Daemon_V1_Event {
        var event = Ecoprod_Daemon_V1_Event()
        event.sequence = state.nextSequence
        state.nextSequence += 1
        event.time = Google_Protobuf_Timestamp(date: Date())
        event.topic = topic
        event.source = "builtin"
        event.summary = summary
        if let any = detail as? Google_Protobuf_Any {
            event.detail = any
        } else if let detail, let any = try? Google_Protobuf_Any(message: detail) {
            event.detail = any
        }
        return event
    }
}
