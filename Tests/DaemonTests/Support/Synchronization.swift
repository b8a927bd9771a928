import NIOConcurrencyHelpers

struct TimedOut: Error, CustomStringConvertible {
    var what: String
    var description: String { "timed out waiting for \(what)" }
}

/// Runs `operation`, failing with `TimedOut` if it has not finished after `seconds`.
/// Only a guard against a hung test: nothing is synchronised by the timeout.
func withTimeout<T: Sendable>(
    _ seconds: Double = 10, _ what: String = "an answer",
    _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    let pending = NIOLockedValueBox<CheckedContinuation<T, Error>?>(nil)
    return try await withCheckedThrowingContinuation { continuation in
        pending.withLockedValue { $0 = continuation }
        let work = Task {
            let result: Result<T, Error>
            do { result = .success(try await operation()) } catch { result = .failure(error) }
            pending.withLockedValue { state in
                defer { state = nil }
                return state
            }?.resume(with: result)
        }
        Task {
            try? await Task.sleep(for: .seconds(seconds))
            if let continuation = pending.withLockedValue({ state in
                defer { state = nil }
                return state
            }) {
                work.cancel()
                continuation.resume(throwing: TimedOut(what: what))
            }
        }
    }
}

/// A one-way latch: `wait()` suspends until `open()` is called, and ignores task
/// cancellation on purpose, so a handler can outlive its call; `waitUnlessCancelled()`
/// also returns when the waiting task is cancelled.
final class Gate: Sendable {
    private struct State {
        var isOpen = false
        var nextID = 0
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
    }

    private let state = NIOLockedValueBox(State())

    func wait() async {
        await withCheckedContinuation { continuation in
            let proceed = state.withLockedValue { state -> Bool in
                if state.isOpen { return true }
                state.nextID += 1
                state.waiters[state.nextID] = continuation
                return false
            }
            if proceed { continuation.resume() }
        }
    }

    /// Returns once the gate opens or the task is cancelled; true if cancelled.
    func waitUnlessCancelled() async -> Bool {
        let id = state.withLockedValue { state in
            state.nextID += 1
            return state.nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let proceed = state.withLockedValue { state -> Bool in
                    if state.isOpen || Task.isCancelled { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if proceed { continuation.resume() }
            }
        } onCancel: {
            state.withLockedValue { $0.waiters.removeValue(forKey: id) }?.resume()
        }
        return Task.isCancelled
    }

    func open() {
        let waiters = state.withLockedValue { state in
            state.isOpen = true
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        waiters.forEach { $0.resume() }
    }
}

/// Suspends until the current task is cancelled.
func waitUntilCancelled() async {
    let state = NIOLockedValueBox<(cancelled: Bool, continuation: CheckedContinuation<Void, Never>?)>((false, nil))
    await withTaskCancellationHandler {
        await withCheckedContinuation { continuation in
            let cancelled = state.withLockedValue { state -> Bool in
                if state.cancelled { return true }
                state.continuation = continuation
                return false
            }
            if cancelled { continuation.resume() }
        }
    } onCancel: {
        state.withLockedValue { state in
            state.cancelled = true
            defer { state.continuation = nil }
            return state.continuation
        }?.resume()
    }
}

/// Events a handler reports to the test, awaited in order by the test's task.
/// A wait that times out leaves the signals in place for the next one.
final class Signals<Element: Sendable>: Sendable {
    private struct State {
        var buffered: [Element] = []
        var waiter: (id: Int, continuation: CheckedContinuation<Element, Error>)?
        var nextID = 0
    }

    private let state = NIOLockedValueBox(State())

    func send(_ element: Element) {
        let waiter = state.withLockedValue { state -> CheckedContinuation<Element, Error>? in
            guard let waiter = state.waiter else {
                state.buffered.append(element)
                return nil
            }
            state.waiter = nil
            return waiter.continuation
        }
        waiter?.resume(returning: element)
    }

    /// The next signal, failing with `TimedOut` after `timeout`.
    func next(_ what: String = "a signal", timeout: Duration = .seconds(10)) async throws -> Element {
        let id = state.withLockedValue { state in
            state.nextID += 1
            return state.nextID
        }
        let timer = Task {
            try await Task.sleep(for: timeout)
            let expired = state.withLockedValue { state -> CheckedContinuation<Element, Error>? in
                guard let waiter = state.waiter, waiter.id == id else { return nil }
                state.waiter = nil
                return waiter.continuation
            }
            expired?.resume(throwing: TimedOut(what: what))
        }
        defer { timer.cancel() }
        return try await withCheckedThrowingContinuation { continuation in
            let ready = state.withLockedValue { state -> Element? in
                if !state.buffered.isEmpty { return state.buffered.removeFirst() }
                precondition(state.waiter == nil, "only one task may wait for signals")
                state.waiter = (id, continuation)
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}

/// A value shared between a handler and the test.
final class Shared<Value: Sendable>: Sendable {
    private let box: NIOLockedValueBox<Value>
    init(_ value: Value) { box = NIOLockedValueBox(value) }
    var value: Value { box.withLockedValue { $0 } }
    func update(_ body: @Sendable (inout Value) -> Void) { box.withLockedValue { body(&$0) } }
}
