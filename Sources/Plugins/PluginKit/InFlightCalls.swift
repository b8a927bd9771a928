import Synchronization

/// The calls whose handlers run in a Task, so that shutdown() can answer the ones still
/// open: the host counts a call as in flight until it is answered, and expects a plugin
/// to answer everything it holds before shutdown() returns.
final class InFlightCalls: Sendable {
    private struct Entry {
        let call: PluginCall
        var task: Task<Void, Never>?
    }

    private let entries = Mutex<[ObjectIdentifier: Entry]>([:])

    func add(_ call: PluginCall) {
        entries.withLock { $0[ObjectIdentifier(call)] = Entry(call: call) }
    }

    /// Records the task serving `call`, unless it already finished.
    func attach(_ task: Task<Void, Never>, to call: PluginCall) {
        entries.withLock { $0[ObjectIdentifier(call)]?.task = task }
    }

    func remove(_ call: PluginCall) {
        _ = entries.withLock { $0.removeValue(forKey: ObjectIdentifier(call)) }
    }

    /// Cancels every handler still running and answers its call with `error`; the
    /// handler's own answer, when it comes, is dropped.
    func endAll(with error: PluginError) {
        let open = entries.withLock { entries in
            defer { entries.removeAll() }
            return Array(entries.values)
        }
        for entry in open {
            entry.task?.cancel()
            entry.call.answer(error)
        }
    }
}
