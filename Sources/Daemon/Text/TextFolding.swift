import Foundation

/// Text compared as people mean it: case and accents ignored ("electricite" finds
/// "Électricité"), and spaces around a field left out. Done natively for the Latin
/// letters French and its neighbours write, since Foundation's string functions cost
/// microseconds a call on Linux and an import makes a million of them.
enum TextFolding {
    /// Case and accents folded as Foundation's `folding(options: [.caseInsensitive,
    /// .diacriticInsensitive])` does.
    static func folded(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x41...0x5A:
                result.append(Unicode.Scalar(scalar.value + 0x20)!)
            case 0..<0x80:
                result.append(scalar)
            case latinRange:
                result.append(contentsOf: latinFolds[Int(scalar.value - latinRange.lowerBound)].unicodeScalars)
            case 0x300...0x36F:
                continue  // a combining accent
            default:
                return foundationFolded(text)
            }
        }
        return String(result)
    }

    /// Without the spaces and tabs around it.
    static func trimmed(_ text: String) -> String {
        let utf8 = text.utf8
        let isSpace = { (byte: UInt8) in byte == 0x20 || byte == 0x09 }
        guard let first = utf8.first, let last = utf8.last, isSpace(first) || isSpace(last) else { return text }
        let start = utf8.firstIndex { !isSpace($0) } ?? utf8.endIndex
        let end = utf8.lastIndex { !isSpace($0) }.map { utf8.index(after: $0) } ?? start
        return start < end ? String(text[start..<end]) : ""
    }

    private static let latinRange: ClosedRange<UInt32> = 0xC0...0x24F
    /// Each letter of Latin-1 Supplement and Latin Extended-A and -B, folded once by Foundation.
    private static let latinFolds: [String] = latinRange.map { foundationFolded(String(Unicode.Scalar($0)!)) }

    private static func foundationFolded(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    }
}
