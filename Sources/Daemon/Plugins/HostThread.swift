import Glibc

/// Marks the threads that are inside a host callback into a plugin (init, handle, a
/// reply or message of a call it made). Such a thread serves everyone, so a plugin's
/// `send()` on it must never wait for a slow client; on the plugin's own threads it may.
enum HostThread {
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        precondition(pthread_key_create(&key, nil) == 0, "pthread_key_create failed")
        return key
    }()

    /// Runs `body` marked as a host callback.
    static func callingPlugin<Result>(_ body: () -> Result) -> Result {
        let outer = pthread_getspecific(key)
        pthread_setspecific(key, UnsafeRawPointer(bitPattern: 1))
        defer { pthread_setspecific(key, outer) }
        return body()
    }

    static var isInsideCallback: Bool { pthread_getspecific(key) != nil }
}
