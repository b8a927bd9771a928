import EcoprodProtocol
import Foundation
import NIOCore

/// A small, fast, seedable generator (SplitMix64), so property-style tests are reproducible.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension SeededGenerator {
    /// Strings with ASCII, multi-byte scalars, emoji and sometimes nothing at all.
    mutating func string(maxLength: Int = 40) -> String {
        let alphabet: [String] = ["a", "Z", "0", ".", "/", " ", "_", "é", "ß", "日", "本", "🚀", "\u{0}", "\n", "\u{7f}", "Ω"]
        let length = Int.random(in: 0...maxLength, using: &self)
        return (0..<length).map { _ in alphabet.randomElement(using: &self)! }.joined()
    }

    /// Mostly short strings, now and then one long enough to need a multi-byte length varint.
    mutating func message() -> String {
        Int.random(in: 0..<8, using: &self) == 0 ? string(maxLength: 400) : string()
    }

    mutating func bytes(maxLength: Int) -> [UInt8] {
        let length = Int.random(in: 0...maxLength, using: &self)
        return (0..<length).map { _ in UInt8.random(in: 0...255, using: &self) }
    }

    /// Payloads of every length class: empty, one-byte length, two- and three-byte lengths.
    mutating func payload() -> [UInt8] {
        switch Int.random(in: 0..<10, using: &self) {
        case 0: []
        case 1: bytes(maxLength: 20_000)
        case 2, 3: bytes(maxLength: 300)
        default: bytes(maxLength: 127)
        }
    }

    mutating func timeout() -> Int64 {
        switch Int.random(in: 0..<8, using: &self) {
        case 0: 0
        case 1: -1
        case 2: .min
        case 3: .max
        case 4: Int64.random(in: Int64.min..<0, using: &self)
        default: Int64.random(in: 1...Int64.max, using: &self)
        }
    }
}

extension ByteBuffer {
    init(bytes: [UInt8]) {
        self.init()
        writeBytes(bytes)
    }

    var bytes: [UInt8] { Array(readableBytesView) }
}

/// The bytes of one frame, built by hand rather than with the code under test.
func rawFrame(length: UInt32? = nil, streamID: UInt32, type: UInt8, flags: UInt8 = 0, payload: [UInt8] = []) -> [UInt8] {
    let length = length ?? UInt32(payload.count)
    var bytes: [UInt8] = []
    for shift in stride(from: 24, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: length >> UInt32(shift))) }
    for shift in stride(from: 24, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: streamID >> UInt32(shift))) }
    bytes.append(type)
    bytes.append(flags)
    return bytes + payload
}

func hex(_ text: String) -> [UInt8] {
    text.split(separator: " ").map { UInt8($0, radix: 16)! }
}
