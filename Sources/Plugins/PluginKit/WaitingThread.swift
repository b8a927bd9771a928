import Glibc

/// Runs a call that may block on a thread of its own and awaits its result.
///
/// The host's send() waits for a slow client when called on a plugin's thread. A task
/// waiting there would hold one of the few threads of Swift's cooperative pool — shared
/// with the daemon, which runs its handlers and calls on it — for as long as the client
/// pleases, so the wait happens here instead. Only a client that is behind gets here,
/// so a thread per wait costs nothing that matters.
enum WaitingThread {
    private final class Job: @unchecked Sendable {
        let body: @Sendable () -> Int32
        let done: CheckedContinuation<Int32, Never>
        init(_ body: @escaping @Sendable () -> Int32, _ done: CheckedContinuation<Int32, Never>) {
            self.body = body
            self.done = done
        }
    }

    static func run(_ body: @escaping @Sendable () -> Int32) async -> Int32 {
        await withCheckedContinuation { done in
            let job = Unmanaged.passRetained(Job(body, done)).toOpaque()
            var attributes = pthread_attr_t()
            pthread_attr_init(&attributes)
            defer { pthread_attr_destroy(&attributes) }
            pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
            var thread = pthread_t()
            let started = pthread_create(&thread, &attributes, { job in
                // Process-directed signals are the daemon's (reload, stop): a thread a
                // plugin creates must never be the one that receives them.
                var all = sigset_t()
                sigfillset(&all)
                pthread_sigmask(SIG_BLOCK, &all, nil)
                let work = Unmanaged<Job>.fromOpaque(job!).takeRetainedValue()
                work.done.resume(returning: work.body())
                return nil
            }, job)
            if started != 0 {
                // No thread to wait on: waiting here is worse for the pool, but still correct.
                let work = Unmanaged<Job>.fromOpaque(job).takeRetainedValue()
                work.done.resume(returning: work.body())
            }
        }
    }
}
