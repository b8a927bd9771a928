import NIOCore

/// A decoded ttrpc.Request (Protos/ttrpc/ttrpc.proto). The names and the payload are
/// slices of the frame: a server can match names without building strings.
public struct RequestEnvelope: Sendable {
    /// UTF-8, checked when decoded.
    public var serviceBytes: ByteBuffer
    public var methodBytes: ByteBuffer
    public var payload: ByteBuffer
    /// Nanoseconds; 0 means no deadline.
    public var timeoutNano: Int64
    public var metadata: [(key: String, value: String)]

    public init(service: String, method: String, payload: ByteBuffer, timeoutNano: Int64 = 0, metadata: [(key: String, value: String)] = []) {
        self.serviceBytes = ByteBuffer(string: service)
        self.methodBytes = ByteBuffer(string: method)
        self.payload = payload
        self.timeoutNano = timeoutNano
        self.metadata = metadata
    }

    public init(decoding bytes: ByteBuffer) throws(WireFormatError) {
        var bytes = bytes
        // Absent fields are empty slices of the frame, which cost no allocation.
        let empty = bytes.getSlice(at: bytes.readerIndex, length: 0)!
        serviceBytes = empty
        methodBytes = empty
        payload = empty
        timeoutNano = 0
        metadata = []
        while let (field, wireType) = try bytes.readTag() {
            switch (field, wireType) {
            case (1, .lengthDelimited): serviceBytes = try bytes.readUTF8Bytes("service")
            case (2, .lengthDelimited): methodBytes = try bytes.readUTF8Bytes("method")
            case (3, .lengthDelimited): payload = try bytes.readLengthDelimited()
            case (4, .varint): timeoutNano = Int64(bitPattern: try bytes.readVarint())
            case (5, .lengthDelimited): metadata.append(try Self.decodeKeyValue(try bytes.readLengthDelimited()))
            case (1...5, _): throw WireFormatError("field \(field) of ttrpc.Request has the wrong wire type")
            default: try bytes.skipField(wireType)
            }
        }
    }

    private static func decodeKeyValue(_ bytes: ByteBuffer) throws(WireFormatError) -> (key: String, value: String) {
        var bytes = bytes
        var entry = (key: "", value: "")
        while let (field, wireType) = try bytes.readTag() {
            switch (field, wireType) {
            case (1, .lengthDelimited): entry.key = try bytes.readUTF8Field("metadata key")
            case (2, .lengthDelimited): entry.value = try bytes.readUTF8Field("metadata value")
            case (1...2, _): throw WireFormatError("field \(field) of ttrpc.KeyValue has the wrong wire type")
            default: try bytes.skipField(wireType)
            }
        }
        return entry
    }

    public var service: String { String(decoding: serviceBytes.readableBytesView, as: UTF8.self) }
    public var method: String { String(decoding: methodBytes.readableBytesView, as: UTF8.self) }

    /// Appends the serialized ttrpc.Request.
    public func encode(into buffer: inout ByteBuffer) {
        if serviceBytes.readableBytes > 0 { buffer.writeLengthDelimited(1, buffer: serviceBytes) }
        if methodBytes.readableBytes > 0 { buffer.writeLengthDelimited(2, buffer: methodBytes) }
        if payload.readableBytes > 0 { buffer.writeLengthDelimited(3, buffer: payload) }
        if timeoutNano != 0 {
            buffer.writeTag(4, .varint)
            buffer.writeVarint(UInt64(bitPattern: timeoutNano))
        }
        for entry in metadata {
            var pair = ByteBuffer()
            pair.writeLengthDelimited(1, bytes: entry.key.utf8)
            pair.writeLengthDelimited(2, bytes: entry.value.utf8)
            buffer.writeLengthDelimited(5, buffer: pair)
        }
    }
}
