import Dispatch

/// Runs an actor's jobs on a serial DispatchQueue of its own, so that actor may block
/// in file I/O (writes, fsync, reads of 100 MB+ files) without holding one of the few
/// threads of Swift's cooperative pool, which every call handler of the daemon shares.
/// A queue made here is an overcommit queue: while one blocks, Dispatch runs others on
/// more threads rather than waiting. (NIOThreadPool would do as well, but lives in
/// NIOPosix, which the daemon does not link; DispatchSerialQueue is not on Linux.)
final class DispatchQueueExecutor: SerialExecutor {
    private let queue: DispatchQueue

    init(label: String) {
        queue = DispatchQueue(label: label)
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedSerialExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}
