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

extension ByteBuffer {
    mutating func readVarint() throws(WireFormatError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while let byte = readInteger(as: UInt8.self) {
            result |= UInt64(byte & 0x7f) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
            if shift >= 64 { throw WireFormatError("varint longer than 10 bytes") }
        }
        throw WireFormatError("truncated varint")
    }

    /// Reads a tag; nil at the end of the buffer.
    mutating func readTag() throws(WireFormatError) -> (field: UInt64, wireType: WireType)? {
        guard readableBytes > 0 else { return nil }
        let tag = try readVarint()
        guard let wireType = WireType(rawValue: UInt8(tag & 7)) else {
            throw WireFormatError("unsupported wire type \(tag & 7)")
        }
        guard tag >> 3 != 0 else { throw WireFormatError("field number 0") }
        return (tag >> 3, wireType)
    }

    mutating func readLengthDelimited() throws(WireFormatError) -> ByteBuffer {
        let length = try readVarint()
        guard length <= readableBytes, let slice = readSlice(length: Int(length)) else {
            throw WireFormatError("length-delimited field runs past the end")
        }
        return slice
    }

    mutating func readUTF8Field(_ name: String) throws(WireFormatError) -> String {
        let bytes = try readUTF8Bytes(name)
        return String(decoding: bytes.readableBytesView, as: UTF8.self)
    }

    /// A string field's bytes, checked to be UTF-8 as proto3 requires. ASCII, the
    /// common case for names, is checked without building a String.
    mutating func readUTF8Bytes(_ name: String) throws(WireFormatError) -> ByteBuffer {
        let bytes = try readLengthDelimited()
        let isASCII = bytes.withUnsafeReadableBytes { $0.allSatisfy { $0 < 0x80 } }
        guard isASCII || String(validating: bytes.readableBytesView, as: UTF8.self) != nil else {
            throw WireFormatError("\(name) is not valid UTF-8")
        }
        return bytes
    }

    /// Skips a field this reader does not know, as protobuf requires.
    mutating func skipField(_ wireType: WireType) throws(WireFormatError) {
        switch wireType {
        case .varint: _ = try readVarint()
        case .lengthDelimited: _ = try readLengthDelimited()
        case .fixed64, .fixed32:
            let size = wireType == .fixed64 ? 8 : 4
            guard readableBytes >= size else { throw WireFormatError("truncated fixed-width field") }
            moveReaderIndex(forwardBy: size)
        }
    }

    @discardableResult
    mutating func writeVarint(_ value: UInt64) -> Int {
        var value = value
        var written = 0
        while value >= 0x80 {
            written += writeInteger(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        return written + writeInteger(UInt8(value))
    }

    mutating func writeTag(_ field: UInt64, _ wireType: WireType) {
        writeVarint(field << 3 | UInt64(wireType.rawValue))
    }

    mutating func writeLengthDelimited(_ field: UInt64, bytes: some Collection<UInt8>) {
        writeTag(field, .lengthDelimited)
        writeVarint(UInt64(bytes.count))
        writeBytes(bytes)
    }

    mutating func writeLengthDelimited(_ field: UInt64, buffer: ByteBuffer) {
        writeTag(field, .lengthDelimited)
        writeVarint(UInt64(buffer.readableBytes))
        writeImmutableBuffer(buffer)
    }

    static func varintSize(_ value: UInt64) -> Int {
        value == 0 ? 1 : (64 - value.leadingZeroBitCount + 6) / 7
    }
}
