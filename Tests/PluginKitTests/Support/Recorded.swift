import Synchronization

/// A value that closures on other threads update and the test reads.
final class Recorded<Value: Sendable>: Sendable {
    private let storage: Mutex<Value>

    init(_ value: Value) {
        storage = Mutex(value)
    }

    var value: Value { storage.withLock { $0 } }

    func update(_ body: (inout Value) -> Void) {
        storage.withLock { body(&$0) }
    }
}
