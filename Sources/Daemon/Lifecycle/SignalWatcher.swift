import Dispatch
import Glibc

/// Turns process signals into an async sequence. The signals are ignored at the
/// process level and observed through Dispatch, so no code runs in signal context.
final class SignalWatcher {
    let received: AsyncStream<Int32>
    private let sources: [any DispatchSourceSignal]

    init(signals: [Int32]) {
        let (stream, continuation) = AsyncStream<Int32>.makeStream()
        received = stream
        sources = signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            // @Sendable: Swift 6 traps at run time on a non-Sendable closure called from Dispatch's queue.
            source.setEventHandler { @Sendable in continuation.yield(number) }
            source.resume()
            return source
        }
    }

    deinit {
        sources.forEach { $0.cancel() }
    }
}
