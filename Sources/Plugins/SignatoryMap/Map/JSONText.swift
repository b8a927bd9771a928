/// JSON written by hand into bytes, fast: strings escaped as RFC 8259 says, coordinates
/// without exponent noise.
struct JSONText {
    var bytes: [UInt8] = []

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func string(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            bytes.append(UInt8(ascii: "\""))
            // Most text needs no escape: copied whole.
            if !utf8.contains(where: Self.needsEscape) {
                bytes.append(contentsOf: utf8)
            } else {
                for byte in utf8 { escaped(byte) }
            }
            bytes.append(UInt8(ascii: "\""))
        }
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    private mutating func escaped(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): raw("\\\"")
        case UInt8(ascii: "\\"): raw("\\\\")
        case UInt8(ascii: "\n"): raw("\\n")
        case UInt8(ascii: "\r"): raw("\\r")
        case UInt8(ascii: "\t"): raw("\\t")
        case 0..<0x20:
            raw("\\u00")
            bytes.append(Self.hex[Int(byte >> 4)])
            bytes.append(Self.hex[Int(byte & 0x0f)])
        default: bytes.append(byte)
        }
    }

    mutating func integer(_ value: Int) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        digits(of: value.magnitude, minimumCount: 1)
    }

    /// A coordinate to six decimals (about 0.1 m), as RFC 7946 advises.
    mutating func coordinate(_ value: Double) {
        let scaled = Int64((value * 1_000_000).rounded())
        if scaled < 0 { bytes.append(UInt8(ascii: "-")) }
        let magnitude = UInt(scaled.magnitude)
        digits(of: magnitude / 1_000_000, minimumCount: 1)
        bytes.append(UInt8(ascii: "."))
        digits(of: magnitude % 1_000_000, minimumCount: 6)
    }

    /// The decimal digits of a value, zero-padded on the left to a minimum count; written in
    /// place, as the map writes tens of thousands of numbers.
    private mutating func digits(of value: UInt, minimumCount: Int) {
        var count = 1
        var rest = value / 10
        while rest > 0 { count += 1; rest /= 10 }
        count = max(count, minimumCount)
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: count))
        var remaining = value
        var index = start + count - 1
        while remaining > 0 {
            bytes[index] = UInt8(ascii: "0") + UInt8(remaining % 10)
            remaining /= 10
            index -= 1
        }
    }

    private static let hex = Array("0123456789abcdef".utf8)
}
