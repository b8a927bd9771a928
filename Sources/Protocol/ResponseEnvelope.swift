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
        Self.encodedSize(statusSize: Self.statusSize(code, message), payloadBytes: payload.readableBytes)
    }

    /// The serialized size of an OK response carrying `payloadBytes`.
    public static func encodedSize(payloadBytes: Int) -> Int {
        encodedSize(statusSize: 0, payloadBytes: payloadBytes)
    }

    private static func encodedSize(statusSize: Int, payloadBytes: Int) -> Int {
        ByteBuffer.lengthDelimitedSize(statusSize) + (payloadBytes > 0 ? ByteBuffer.lengthDelimitedSize(payloadBytes) : 0)
    }

    private static func statusSize(_ code: StatusCode, _ message: String) -> Int {
        let codeSize = code == .ok ? 0 : 1 + ByteBuffer.varintSize(UInt64(UInt32(bitPattern: code.rawValue)))
        let messageBytes = message.utf8.count
        return codeSize + (messageBytes > 0 ? ByteBuffer.lengthDelimitedSize(messageBytes) : 0)
    }

    /// Appends the serialized ttrpc.Response.
    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeWire(size: encodedSize) { Self.write(code, message, payload, to: &$0) }
    }

    /// Appends a response frame on `streamID` carrying this envelope.
    public func encodeFrame(streamID: UInt32, into buffer: inout ByteBuffer) {
        buffer.writeResponseFrame(streamID: streamID, size: encodedSize) { Self.write(code, message, payload, to: &$0) }
    }

    /// The status is always present, even when OK, as containerd's ttrpc writes it.
    fileprivate static func write(_ code: StatusCode, _ message: String, _ payload: borrowing ByteBuffer, to writer: inout WireWriter) {
        writer.tag(1, .lengthDelimited)
        writer.varint(UInt64(statusSize(code, message)))
        if code != .ok {
            writer.tag(1, .varint)
            writer.varint(UInt64(UInt32(bitPattern: code.rawValue)))
        }
        if !message.isEmpty { writer.lengthDelimited(2, message) }
        if payload.readableBytes > 0 { writer.lengthDelimited(2, payload) }
    }

    public init(decoding bytes: ByteBuffer) throws(WireFormatError) {
        let (code, message, payload) = try bytes.withUnsafeReadableBytes { (raw) throws(WireFormatError) in try Self.fields(raw) }
        self.init(code: code, message: message, payload: bytes.slice(payload))
    }

    /// The status and where the payload lies.
    private static func fields(_ raw: UnsafeRawBufferPointer) throws(WireFormatError) -> (StatusCode, String, Range<Int>) {
        var cursor = WireCursor(raw)
        var status: (code: StatusCode, message: String) = (.ok, "")
        var payload = 0..<0
        while let (field, wireType) = try cursor.tag() {
            switch (field, wireType) {
            case (1, .lengthDelimited): status = try decodeStatus(WireCursor(raw, range: try cursor.lengthDelimited()))
            case (2, .lengthDelimited): payload = try cursor.lengthDelimited()
            case _ where field <= 2: throw WireFormatError("field \(field) of ttrpc.Response has the wrong wire type")
            default: try cursor.skip(wireType)
            }
        }
        return (status.code, status.message, payload)
    }

    private static func decodeStatus(_ cursor: WireCursor) throws(WireFormatError) -> (StatusCode, String) {
        var cursor = cursor
        var code = StatusCode.ok
        var message = ""
        while let (field, wireType) = try cursor.tag() {
            switch (field, wireType) {
            case (1, .varint): code = StatusCode(rawValue: Int32(truncatingIfNeeded: try cursor.varint())) ?? .unknown
            case (2, .lengthDelimited): message = try cursor.string("status message")
            default: try cursor.skip(wireType)
            }
        }
        return (code, message)
    }

    public var error: RPCError? { code == .ok ? nil : RPCError(code, message) }
}

extension ByteBuffer {
    /// Appends an OK response frame on `streamID` carrying `payload`: the answer to nearly
    /// every call, written without building an envelope to copy and destroy.
    public mutating func writeResponseFrame(streamID: UInt32, payload: borrowing ByteBuffer) {
        writeResponseFrame(streamID: streamID, size: ResponseEnvelope.encodedSize(payloadBytes: payload.readableBytes)) {
            ResponseEnvelope.write(.ok, "", payload, to: &$0)
        }
    }

    /// Header and envelope are reserved and written together.
    fileprivate mutating func writeResponseFrame(streamID: UInt32, size: Int, _ body: (inout WireWriter) -> Void) {
        writeWire(size: FrameHeader.size + size) { writer in
            writer.frameHeader(FrameHeader(payloadLength: size, streamID: streamID, type: .response))
            body(&writer)
        }
    }
}
