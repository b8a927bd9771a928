import NIOCore

/// A decoded ttrpc.Request (Protos/ttrpc/ttrpc.proto), its payload a slice of the frame.
public struct RequestEnvelope: Sendable {
    public var service: String
    public var method: String
    public var payload: ByteBuffer
    /// Nanoseconds; 0 means no deadline.
    public var timeoutNano: Int64
    public var metadata: [(key: String, value: String)]

    public init(service: String, method: String, payload: ByteBuffer, timeoutNano: Int64 = 0, metadata: [(key: String, value: String)] = []) {
        self.service = service
        self.method = method
        self.payload = payload
        self.timeoutNano = timeoutNano
        self.metadata = metadata
    }

    public init(decoding bytes: ByteBuffer) throws(WireFormatError) {
        var bytes = bytes
        self.init(service: "", method: "", payload: ByteBuffer())
        while let (field, wireType) = try bytes.readTag() {
            switch (field, wireType) {
            case (1, .lengthDelimited): service = try bytes.readUTF8Field("service")
            case (2, .lengthDelimited): method = try bytes.readUTF8Field("method")
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

    /// Appends the serialized ttrpc.Request.
    public func encode(into buffer: inout ByteBuffer) {
        if !service.isEmpty { buffer.writeLengthDelimited(1, bytes: service.utf8) }
        if !method.isEmpty { buffer.writeLengthDelimited(2, bytes: method.utf8) }
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
