import Foundation

/// Protobuf wire framing of stored messages: a response that wraps records stored as
/// serialized messages is written around their bytes instead of decoding and encoding them.
extension Array where Element == UInt8 {
    /// `bytes` as the length-delimited field `number`.
    mutating func appendMessageField(_ number: UInt8, _ bytes: Data) {
        append(number << 3 | 2)
        var length = UInt64(bytes.count)
        while length >= 0x80 {
            append(UInt8(truncatingIfNeeded: length) | 0x80)
            length >>= 7
        }
        append(UInt8(length))
        append(contentsOf: bytes)
    }

    /// `value` as the double field `number`, left out when 0 as proto3 does.
    mutating func appendDoubleField(_ number: UInt8, _ value: Double) {
        guard value != 0 else { return }
        append(number << 3 | 1)
        Swift.withUnsafeBytes(of: value.bitPattern.littleEndian) { append(contentsOf: $0) }
    }
}
