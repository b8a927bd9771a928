import NIOCore

/// The messages a client streams to a method, as they arrive. When the handler
/// falls behind, the connection stops reading until it catches up.
public typealias RequestStream = NIOThrowingAsyncSequenceProducer<
    ByteBuffer, Error, NIOAsyncSequenceProducerBackPressureStrategies.HighLowWatermark, RequestStreamBackpressure
>

public struct RequestStreamBackpressure: NIOAsyncSequenceProducerDelegate {
    let onProduceMore: @Sendable () -> Void

    public func produceMore() { onProduceMore() }
    public func didTerminate() {}
}

/// The connection's end of a `RequestStream`.
struct RequestStreamSource {
    private let source: RequestStream.Source

    static func make(onProduceMore: @escaping @Sendable () -> Void) -> (RequestStream, RequestStreamSource) {
        let made = RequestStream.makeSequence(
            elementType: ByteBuffer.self,
            failureType: Error.self,
            backPressureStrategy: .init(lowWatermark: 4, highWatermark: 16),
            finishOnDeinit: true,
            delegate: RequestStreamBackpressure(onProduceMore: onProduceMore)
        )
        return (made.sequence, RequestStreamSource(source: made.source))
    }

    /// False when the consumer wants no more for now.
    func yield(_ message: ByteBuffer) -> Bool {
        source.yield(message) == .produceMore
    }

    func finish() { source.finish() }
    func finish(throwing error: Error) { source.finish(error) }
}
