@testable import EcoprodDaemon
import EcoprodProtocol
import SwiftProtobuf
import Testing

@Suite("EventBus", .timeLimit(.minutes(1)))
struct EventBusTests {
    /// Everything a subscription delivers until it finishes.
    private func drain(_ subscription: EventBus.Subscription) async throws -> [TestEvent] {
        try await withTimeout(10, "the subscription to finish") {
            var events: [TestEvent] = []
            for await event in subscription { events.append(event) }
            return events
        }
    }

    @Test func firstEventIsWatchStarted() async throws {
        let bus = EventBus()
        bus.publish(topic: "daemon.before", summary: "not seen")
        let subscription = bus.subscribe(prefixes: ["nothing.matches."])
        bus.close()
        let events = try await drain(subscription)
        #expect(events.count == 1)
        #expect(events.first?.topic == "daemon.watch.started")
        #expect(events.first?.summary == "watching")
        #expect(events.first?.source == "builtin")
        #expect(events.first?.hasTime == true)
        // The earlier event took sequence 1.
        #expect(events.first?.sequence == 2)
    }

    @Test func topicPrefixesFilter() async throws {
        let bus = EventBus()
        let reloads = bus.subscribe(prefixes: ["daemon.reload"])
        let pluginsAndStopping = bus.subscribe(prefixes: ["plugin.", "daemon.stopping"])
        let everything = bus.subscribe(prefixes: [])
        for topic in ["daemon.reloading", "plugin.solar.sample", "daemon.reloaded", "daemon.stopping", "pluginx", "daemon.reload"] {
            bus.publish(topic: topic, summary: topic)
        }
        bus.close()
        #expect(try await drain(reloads).map(\.topic) == [
            "daemon.watch.started", "daemon.reloading", "daemon.reloaded", "daemon.reload",
        ])
        #expect(try await drain(pluginsAndStopping).map(\.topic) == [
            "daemon.watch.started", "plugin.solar.sample", "daemon.stopping",
        ])
        #expect(try await drain(everything).map(\.topic) == [
            "daemon.watch.started", "daemon.reloading", "plugin.solar.sample", "daemon.reloaded", "daemon.stopping",
            "pluginx", "daemon.reload",
        ])
    }

    @Test func sequenceIsStrictlyIncreasingAcrossSubscribers() async throws {
        let bus = EventBus()
        let first = bus.subscribe(prefixes: [])
        bus.publish(topic: "a", summary: "")
        let second = bus.subscribe(prefixes: [])
        bus.publish(topic: "b", summary: "")
        bus.close()
        let firstEvents = try await drain(first)
        let secondEvents = try await drain(second)
        #expect(firstEvents.map(\.sequence) == [1, 2, 4])
        #expect(secondEvents.map(\.sequence) == [3, 4])
        #expect(secondEvents.map(\.topic) == ["daemon.watch.started", "b"])
    }

    @Test func detailAndSourceAreCarried() async throws {
        let bus = EventBus()
        let subscription = bus.subscribe(prefixes: ["daemon.reloaded"])
        let detail = Ecoprod_Daemon_V1_Reloaded.with {
            $0.generation = 3
            $0.changes = ["Daemon.LogLevel: info -> debug"]
        }
        bus.publish(topic: "daemon.reloaded", summary: "configuration reloaded", detail: detail, source: "plugin-x")
        bus.close()
        let events = try await drain(subscription)
        let event = try #require(events.last)
        #expect(event.source == "plugin-x")
        #expect(event.summary == "configuration reloaded")
        #expect(event.detail.typeURL == "type.googleapis.com/ecoprod.daemon.v1.Reloaded")
        #expect(try Ecoprod_Daemon_V1_Reloaded(unpackingAny: event.detail) == detail)
        #expect(events.first?.hasDetail == false)
    }

    @Test func concurrentPublishersArriveInSequenceOrderForEverySubscriber() async throws {
        let bus = EventBus(bufferLimit: 10_000)
        let subscriptions = (0..<3).map { index in bus.subscribe(prefixes: index == 2 ? ["task.1."] : []) }
        let publishers = 4
        let perPublisher = 250
        await withTaskGroup(of: Void.self) { group in
            for publisher in 0..<publishers {
                group.addTask {
                    for index in 0..<perPublisher {
                        bus.publish(topic: "task.\(publisher).\(index)", summary: "")
                    }
                }
            }
        }
        bus.close()
        for (index, subscription) in subscriptions.enumerated() {
            let events = try await drain(subscription)
            let sequences = events.map(\.sequence)
            #expect(zip(sequences, sequences.dropFirst()).allSatisfy { $0 < $1 }, "subscriber \(index) saw events out of order")
            let published = events.dropFirst()
            #expect(published.count == (index == 2 ? perPublisher : publishers * perPublisher), "subscriber \(index)")
            // Each publisher's own events keep their order too.
            for publisher in 0..<publishers {
                let own = published.filter { $0.topic.hasPrefix("task.\(publisher).") }.map { Int($0.topic.split(separator: ".")[2])! }
                #expect(own == Array(own.sorted()), "subscriber \(index), publisher \(publisher)")
            }
        }
    }

    @Test func slowSubscriberLosesTheOldestBeyondTheBufferLimit() async throws {
        let bus = EventBus(bufferLimit: 3)
        let subscription = bus.subscribe(prefixes: [])
        for index in 0..<10 { bus.publish(topic: "t\(index)", summary: "") }
        bus.close()
        #expect(try await drain(subscription).map(\.topic) == ["t7", "t8", "t9"])
    }

    @Test func closeFinishesEverySubscription() async throws {
        let bus = EventBus()
        let subscriptions = (0..<3).map { _ in bus.subscribe(prefixes: []) }
        #expect(bus.subscriberCount == 3)
        let started = Signals<Void>()
        let waiting = Task {
            var count = 0
            for await _ in subscriptions[0] {
                count += 1
                started.send(())
            }
            return count
        }
        try await started.next("the first event")
        bus.close()
        #expect(bus.subscriberCount == 0)
        #expect(try await withTimeout { await waiting.value } == 1)
        for subscription in subscriptions.dropFirst() {
            #expect(try await drain(subscription).count == 1)
        }
        // Publishing after close goes nowhere and does not crash.
        bus.publish(topic: "late", summary: "")
    }

    @Test func subscribeAfterCloseReturnsAFinishedStream() async throws {
        let bus = EventBus()
        bus.close()
        let subscription = bus.subscribe(prefixes: [])
        #expect(try await drain(subscription).isEmpty)
        #expect(bus.subscriberCount == 0)
    }

    @Test func cancelledSubscriberIsUnregistered() async throws {
        let bus = EventBus()
        let started = Signals<Void>()
        let subscription = bus.subscribe(prefixes: [])
        let watcher = Task {
            for await _ in subscription { started.send(()) }
        }
        try await started.next("the first event")
        #expect(bus.subscriberCount == 1)
        watcher.cancel()
        try await withTimeout { await watcher.value }
        #expect(bus.subscriberCount == 0)
        bus.publish(topic: "after", summary: "")
        bus.close()
    }
}
