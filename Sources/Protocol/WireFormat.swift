import NIOCore

/// Malformed protobuf bytes in a ttrpc envelope.
public struct WireFormatError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

/// The few protobuf wire-format primitives the envelopes need. The envelopes sit on
/// every frame, so they are read and written here directly on NIO buffers rather
/// than through generated types and intermediate copies.
enum WireType: UInt8 {
    case varint = 0
    case fixed64 = 1
    case lengthDelimited = 2
    case fixed32 = 5
}

/// Reads protobuf wire format in place. Fields come back as offsets into the bytes,
/// so finding them copies and retains nothing: the envelopes are read on every frame,
/// which is also why the readers are forced inline into the envelope scanners.
struct WireCursor {
    let bytes: UnsafeRawBufferPointer
    private(set) var offset: Int
    private let end: Int

    /// Reads `range` of `bytes` (all of them by default); offsets stay relative to `bytes`.
    init(_ bytes: UnsafeRawBufferPointer, range: Range<Int>? = nil) {
        self.bytes = bytes
        offset = range?.lowerBound ?? 0
        end = range?.upperBound ?? bytes.count
    }

    @inline(__always)
    mutating func varint() throws(WireFormatError) -> UInt64 {
        // Tags and the lengths of names are single bytes.
        if offset < end, bytes[offset] < 0x80 {
            offset += 1
            return UInt64(bytes[offset - 1])
        }
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while offset < end {
            let byte = bytes[offset]
            offset += 1
            result |= UInt64(byte & 0x7f) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
            if shift >= 64 { throw WireFormatError("varint longer than 10 bytes") }
        }
        throw WireFormatError("truncated varint")
    }

    var isAtEnd: Bool { offset >= end }

    /// Reads a tag; nil at the end of the bytes.
    @inline(__always)
    mutating func tag() throws(WireFormatError) -> (field: UInt64, wireType: WireType)? {
        guard offset < end else { return nil }
        return try Self.split(tag: try varint())
    }

    /// A tag's field number and wire type, refused if either is not valid.
    static func split(tag: UInt64) throws(WireFormatError) -> (field: UInt64, wireType: WireType) {
        guard let wireType = WireType(rawValue: UInt8(tag & 7)) else {
            throw WireFormatError("unsupported wire type \(tag & 7)")
        }
        guard tag >> 3 != 0 else { throw WireFormatError("field number 0") }
        return (tag >> 3, wireType)
    }

    /// The offsets of a length-delimited field's bytes.
    @inline(__always)
    mutating func lengthDelimited() throws(WireFormatError) -> Range<Int> {
        let length = try varint()
        guard length <= UInt64(end - offset) else {
            throw WireFormatError("length-delimited field runs past the end")
        }
        let start = offset
        offset += Int(length)
        return start..<offset
    }

    /// A string field's offsets, checked to be UTF-8 as proto3 requires. ASCII, the
    /// common case for names, is checked without building a String.
    @inline(__always)
    mutating func utf8(_ name: String) throws(WireFormatError) -> Range<Int> {
        let range = try lengthDelimited()
        try Self.checkUTF8(UnsafeRawBufferPointer(rebasing: bytes[range]), name)
        return range
    }

    /// Refuses `text`, the string field `name`, unless it is UTF-8.
    static func checkUTF8(_ text: UnsafeRawBufferPointer, _ name: String) throws(WireFormatError) {
        guard isASCII(text) || String(validating: text, as: UTF8.self) != nil else {
            throw WireFormatError("\(name) is not valid UTF-8")
        }
    }

    /// Eight bytes at a time: every request's names go through here.
    @inline(__always)
    private static func isASCII(_ text: UnsafeRawBufferPointer) -> Bool {
        var highBits: UInt64 = 0
        var index = 0
        while index + 8 <= text.count {
            highBits |= text.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            index += 8
        }
        while index < text.count {
            highBits |= UInt64(text[index])
            index += 1
        }
        return highBits & 0x8080_8080_8080_8080 == 0
    }

    mutating func string(_ name: String) throws(WireFormatError) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: bytes[try utf8(name)]), as: UTF8.self)
    }

    /// Skips a field this reader does not know, as protobuf requires.
    mutating func skip(_ wireType: WireType) throws(WireFormatError) {
        switch wireType {
        case .varint: _ = try varint()
        case .lengthDelimited: _ = try lengthDelimited()
        case .fixed64, .fixed32:
            let size = wireType == .fixed64 ? 8 : 4
            guard end - offset >= size else { throw WireFormatError("truncated fixed-width field") }
            offset += size
        }
    }
}

/// Writes protobuf wire format into memory sized for it beforehand, the counterpart
/// of `WireCursor`: an envelope goes out in one pass, not a capacity check per integer,
/// and, like the cursor's readers, its writers are forced inline into the envelope writers.
struct WireWriter {
    private let bytes: UnsafeMutableRawBufferPointer
    private(set) var offset = 0

    init(_ bytes: UnsafeMutableRawBufferPointer) {
        self.bytes = bytes
    }

    @inline(__always)
    mutating func varint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes[offset] = UInt8(truncatingIfNeeded: value) | 0x80
            offset += 1
            value >>= 7
        }
        bytes[offset] = UInt8(value)
        offset += 1
    }

    /// A ttrpc frame header, so that a frame and its envelope are written in one pass.
    @inline(__always)
    mutating func frameHeader(_ header: FrameHeader) {
        let base = bytes.baseAddress! + offset
        base.storeBytes(of: header.payloadLength.bigEndian, as: UInt32.self)
        base.storeBytes(of: header.streamID.bigEndian, toByteOffset: 4, as: UInt32.self)
        base.storeBytes(of: header.rawType, toByteOffset: 8, as: UInt8.self)
        base.storeBytes(of: header.flags.rawValue, toByteOffset: 9, as: UInt8.self)
        offset += FrameHeader.size
    }

    @inline(__always)
    mutating func tag(_ field: UInt64, _ wireType: WireType) {
        varint(field << 3 | UInt64(wireType.rawValue))
    }

    @inline(__always)
    mutating func lengthDelimited(_ field: UInt64, _ value: UnsafeRawBufferPointer) {
        tag(field, .lengthDelimited)
        varint(UInt64(value.count))
        guard let source = value.baseAddress, value.count > 0 else { return }
        (bytes.baseAddress! + offset).copyMemory(from: source, byteCount: value.count)
        offset += value.count
    }

    @inline(__always)
    mutating func lengthDelimited(_ field: UInt64, _ value: ByteBuffer) {
        value.withUnsafeReadableBytes { lengthDelimited(field, $0) }
    }

    mutating func lengthDelimited(_ field: UInt64, _ value: String) {
        var value = value
        value.withUTF8 { lengthDelimited(field, UnsafeRawBufferPointer($0)) }
    }
}

extension ByteBuffer {
    /// The readable bytes at `range`, offsets relative to the reader index, as a slice.
    public func slice(_ range: Range<Int>) -> ByteBuffer {
        getSlice(at: readerIndex + range.lowerBound, length: range.count)!
    }

    /// The readable bytes at `range`, offsets relative to the reader index, as text.
    public func string(_ range: Range<Int>) -> String {
        getString(at: readerIndex + range.lowerBound, length: range.count)!
    }

    /// Appends `size` bytes that `body` writes, reserving them once.
    @inline(__always)
    mutating func writeWire(size: Int, _ body: (inout WireWriter) -> Void) {
        appendInPlace(reserving: size) { space in
            var writer = WireWriter(space)
            body(&writer)
            assert(writer.offset == size, "wrote \(writer.offset) bytes of \(size)")
            return writer.offset
        }
    }

    /// Lets `body` write up to `capacity` bytes after the readable ones and appends as
    /// many as it returns; a negative result appends nothing and is passed through.
    /// Every frame is read and answered through here: unlike NIO's
    /// `writeWithUnsafeMutableBytes`, it reserves only when the space is short and
    /// slices the storage without a generic call.
    @inlinable
    @inline(__always)
    @discardableResult
    mutating func appendInPlace(reserving capacity: Int, _ body: (UnsafeMutableRawBufferPointer) -> Int) -> Int {
        if writableBytes < capacity { reserveCapacity(minimumWritableBytes: capacity) }
        let start = writerIndex
        let written = withVeryUnsafeMutableBytes { storage in
            body(UnsafeMutableRawBufferPointer(start: storage.baseAddress! + start, count: capacity))
        }
        if written > 0 { moveWriterIndex(forwardBy: written) }
        return written
    }

    /// The size of a length-delimited field of `count` bytes, for field numbers below 16.
    static func lengthDelimitedSize(_ count: Int) -> Int {
        1 + varintSize(UInt64(count)) + count
    }

    static func varintSize(_ value: UInt64) -> Int {
        value == 0 ? 1 : (64 - value.leadingZeroBitCount + 6) / 7
    }
}
