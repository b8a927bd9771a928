import Dispatch

/// Runs blocking or CPU-bound work — parsing a big file, copying a database — on a
/// thread of its own, not on one of the few threads of Swift's cooperative pool that
/// every call handler of the daemon shares.
func offThePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result(catching: body)) }
    }
}
