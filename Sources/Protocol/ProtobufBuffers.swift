import NIOCore
import SwiftProtobuf

// Lets messages decode straight from and encode straight into NIO buffers, without
// an intermediate Array or Data copy on every frame.
extension ByteBufferView: @retroactive SwiftProtobufContiguousBytes {
    /// One allocation of the final size, where the generic collection default appends byte by byte.
    public init(repeating byte: UInt8, count: Int) {
        self = ByteBuffer(repeating: byte, count: count).readableBytesView
    }

    public mutating func withUnsafeMutableBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R {
        var buffer = ByteBuffer(self)
        // Let go of our own reference first, so the buffer is unique and is written in place.
        self = ByteBufferView()
        defer { self = buffer.readableBytesView }
        return try buffer.withUnsafeMutableReadableBytes(body)
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
