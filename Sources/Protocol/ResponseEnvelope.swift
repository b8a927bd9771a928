import NIOCore

/// A ttrpc.Response (Protos/ttrpc/ttrpc.proto): a google.rpc.Status and, on success, the payload.
public struct ResponseEnvelope: Sendable {
    public var code: StatusCode
    public var message: String
    public var payload: ByteBuffer

    public init(code: StatusCode = .ok, message: String = "", payload: ByteBuffer = ByteBuffer()) {
        self.code = code
        self.message = message
        self.payload = payload
    }

    public init(error: RPCError) {
        self.init(code: error.code, message: error.message)
    }

    /// The serialized size, so a frame can be checked against the 4 MiB limit before writing.
    public var encodedSize: Int {
        let status = statusSize
        let payloadBytes = UInt64(payload.readableBytes)
        return 1 + ByteBuffer.varintSize(UInt64(status)) + status
            + (payloadBytes > 0 ? 1 + ByteBuffer.varintSize(payloadBytes) + Int(payloadBytes) : 0)
    }

    private var statusSize: Int {
        let codeSize = code == .ok ? 0 : 1 + ByteBuffer.varintSize(UInt64(UInt32(bitPattern: code.rawValue)))
        let messageBytes = message.utf8.count
        return codeSize + (messageBytes > 0 ? 1 + ByteBuffer.varintSize(UInt64(messageBytes)) + messageBytes : 0)
    }

    /// Appends the serialized ttrpc.Response. The status is always present, even when
    /// OK, as containerd's ttrpc writes it.
    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeTag(1, .lengthDelimited)
        buffer.writeVarint(UInt64(statusSize))
        if code != .ok {
            buffer.writeTag(1, .varint)
            buffer.writeVarint(UInt64(UInt32(bitPattern: code.rawValue)))
        }
        if !message.isEmpty { buffer.writeLengthDelimited(2, bytes: message.utf8) }
        if payload.readableBytes > 0 { buffer.writeLengthDelimited(2, buffer: payload) }
    }

    public init(decoding bytes: ByteBuffer) throws(WireFormatError) {
        var bytes = bytes
        self.init()
        while let (field, wireType) = try bytes.readTag() {
            switch (field, wireType) {
            case (1, .lengthDelimited): (code, message) = try Self.decodeStatus(try bytes.readLengthDelimited())
            case (2, .lengthDelimited): payload = try bytes.readLengthDelimited()
            case (1...2, _): throw WireFormatError("field \(field) of ttrpc.Response has the wrong wire type")
            default: try bytes.skipField(wireType)
            }
        }
    }

    private static func decodeStatus(_ bytes: ByteBuffer) throws(WireFormatError) -> (StatusCode, String) {
        var bytes = bytes
        var code = StatusCode.ok
        var message = ""
        while let (field, wireType) = try bytes.readTag() {
            switch (field, wireType) {
            case (1, .varint): code = StatusCode(rawValue: Int32(truncatingIfNeeded: try bytes.readVarint())) ?? .unknown
            case (2, .lengthDelimited): message = try bytes.readUTF8Field("status message")
            default: try bytes.skipField(wireType)
            }
        }
        return (code, message)
    }

    public var error: RPCError? { code == .ok ? nil : RPCError(code, message) }
}
