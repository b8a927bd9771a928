import NIOCore

/// A decoded ttrpc.Request (Protos/ttrpc/ttrpc.proto). The names and the payload are
/// slices of the frame: a server can match names without building strings.
/// A server on its hot path reads the `RequestLayout` instead, which slices nothing.
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
        let layout = try RequestLayout(of: bytes)
        try bytes.withUnsafeReadableBytes { (raw) throws(WireFormatError) in try layout.checkNames(in: raw) }
        serviceBytes = bytes.slice(layout.service)
        methodBytes = bytes.slice(layout.method)
        payload = bytes.slice(layout.payload)
        timeoutNano = layout.timeoutNano
        metadata = try layout.metadata(in: bytes)
    }

    public var service: String { String(decoding: serviceBytes.readableBytesView, as: UTF8.self) }
    public var method: String { String(decoding: methodBytes.readableBytesView, as: UTF8.self) }

    /// Appends the serialized ttrpc.Request.
    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeWire(size: encodedSize) { writer in
            if serviceBytes.readableBytes > 0 { writer.lengthDelimited(1, serviceBytes) }
            if methodBytes.readableBytes > 0 { writer.lengthDelimited(2, methodBytes) }
            if payload.readableBytes > 0 { writer.lengthDelimited(3, payload) }
            if timeoutNano != 0 {
                writer.tag(4, .varint)
                writer.varint(UInt64(bitPattern: timeoutNano))
            }
            for entry in metadata {
                writer.tag(5, .lengthDelimited)
                writer.varint(UInt64(Self.entrySize(entry)))
                writer.lengthDelimited(1, entry.key)
                writer.lengthDelimited(2, entry.value)
            }
        }
    }

    public var encodedSize: Int {
        func size(_ field: ByteBuffer) -> Int {
            field.readableBytes > 0 ? ByteBuffer.lengthDelimitedSize(field.readableBytes) : 0
        }
        let fields = size(serviceBytes) + size(methodBytes) + size(payload)
        let timeout = timeoutNano != 0 ? 1 + ByteBuffer.varintSize(UInt64(bitPattern: timeoutNano)) : 0
        return fields + timeout + metadata.reduce(0) { $0 + ByteBuffer.lengthDelimitedSize(Self.entrySize($1)) }
    }

    /// A ttrpc.KeyValue's size; both fields are written even when empty.
    private static func entrySize(_ entry: (key: String, value: String)) -> Int {
        ByteBuffer.lengthDelimitedSize(entry.key.utf8.count) + ByteBuffer.lengthDelimitedSize(entry.value.utf8.count)
    }
}

/// Where the fields of a serialized ttrpc.Request lie, as offsets from the first
/// readable byte. Finding them retains and copies nothing, so a server can compare
/// the names in place and slice out only the payload it hands on.
public struct RequestLayout: Sendable {
    /// Not yet checked to be UTF-8: `checkNames(in:)` does that, so that a server
    /// checks only names it has not already seen and accepted.
    public private(set) var service = 0..<0
    public private(set) var method = 0..<0
    public private(set) var payload = 0..<0
    /// Nanoseconds; 0 means no deadline.
    public private(set) var timeoutNano: Int64 = 0
    /// Whether any metadata came; `metadata(in:)` decodes it. A flag rather than the
    /// entries' offsets, so that scanning a request allocates nothing.
    public private(set) var hasMetadata = false

    /// The layout of `bytes`' readable bytes.
    public init(of bytes: borrowing ByteBuffer) throws(WireFormatError) {
        self = try bytes.withUnsafeReadableBytes { (raw) throws(WireFormatError) in try RequestLayout(scanning: raw) }
    }

    @inline(__always)
    private init(scanning bytes: UnsafeRawBufferPointer) throws(WireFormatError) {
        var cursor = WireCursor(bytes)
        // Matched on the whole tag, field number and wire type at once: every request
        // is scanned, and its known fields' tags are single bytes.
        while !cursor.isAtEnd {
            switch try cursor.varint() {
            case 1 << 3 | 2: service = try cursor.lengthDelimited()
            case 2 << 3 | 2: method = try cursor.lengthDelimited()
            case 3 << 3 | 2: payload = try cursor.lengthDelimited()
            case 4 << 3 | 0: timeoutNano = Int64(bitPattern: try cursor.varint())
            case 5 << 3 | 2:
                _ = try cursor.lengthDelimited()
                hasMetadata = true
            case let tag:
                let (field, wireType) = try WireCursor.split(tag: tag)
                guard field > 5 else { throw WireFormatError("field \(field) of ttrpc.Request has the wrong wire type") }
                try cursor.skip(wireType)
            }
        }
    }

    /// Refuses names that are not UTF-8, as proto3 requires of strings. `bytes` are
    /// the readable bytes this layout was scanned from.
    public func checkNames(in bytes: UnsafeRawBufferPointer) throws(WireFormatError) {
        try WireCursor.checkUTF8(UnsafeRawBufferPointer(rebasing: bytes[service]), "service")
        try WireCursor.checkUTF8(UnsafeRawBufferPointer(rebasing: bytes[method]), "method")
    }

    /// The metadata entries of `bytes`, the buffer this layout was scanned from.
    public func metadata(in bytes: borrowing ByteBuffer) throws(WireFormatError) -> [(key: String, value: String)] {
        guard hasMetadata else { return [] }
        return try bytes.withUnsafeReadableBytes { (raw) throws(WireFormatError) in
            var entries: [(key: String, value: String)] = []
            var request = WireCursor(raw)
            // The scan checked the request's own fields; only the entries are left to read.
            while let (field, wireType) = try request.tag() {
                guard field == 5 else {
                    try request.skip(wireType)
                    continue
                }
                var cursor = WireCursor(raw, range: try request.lengthDelimited())
                var entry = (key: "", value: "")
                while let (field, wireType) = try cursor.tag() {
                    switch (field, wireType) {
                    case (1, .lengthDelimited): entry.key = try cursor.string("metadata key")
                    case (2, .lengthDelimited): entry.value = try cursor.string("metadata value")
                    case _ where field <= 2: throw WireFormatError("field \(field) of ttrpc.KeyValue has the wrong wire type")
                    default: try cursor.skip(wireType)
                    }
                }
                entries.append(entry)
            }
            return entries
        }
    }
}
