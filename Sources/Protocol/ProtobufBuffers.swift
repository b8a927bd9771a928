import NIOCore
import SwiftProtobuf

// Lets messages decode straight from and encode straight into NIO buffers, without
// an intermediate Array or Data copy on every frame.
extension ByteBufferView: @retroactive SwiftProtobufContiguousBytes {
    public mutating func withUnsafeMutableBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R {
        var buffer = ByteBuffer(self)
        let result = try buffer.withUnsafeMutableReadableBytes(body)
        self = buffer.readableBytesView
        return result
    }
}

extension ByteBuffer {
    /// A message's binary encoding as a buffer.
    public init(message: some SwiftProtobuf.Message) throws {
        let view: ByteBufferView = try message.serializedBytes()
        self = ByteBuffer(view)
    }

    /// Decodes the readable bytes as a message, without consuming them.
    public func decodeMessage<M: SwiftProtobuf.Message>(_ type: M.Type = M.self) throws -> M {
        try M(serializedBytes: readableBytesView)
    }
}
