/// Parses RFC 8259 JSON into a `JSONValue`, reporting errors by line and column.
struct JSONParser {
    /// Deeper documents are refused rather than risk exhausting the stack.
    static let maximumDepth = 100

    private let bytes: [UInt8]
    private var position = 0

    static func parse(_ bytes: [UInt8]) throws(TranscodingError) -> JSONValue {
        var parser = JSONParser(bytes: bytes)
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        guard parser.position == bytes.count else { throw parser.error("unexpected text after the JSON value") }
        return value
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private mutating func parseValue(depth: Int) throws(TranscodingError) -> JSONValue {
        guard depth <= Self.maximumDepth else { throw error("nested deeper than \(Self.maximumDepth) levels") }
        guard let byte = peek() else { throw error("unexpected end of input") }
        switch byte {
        case UInt8(ascii: "{"): return try parseObject(depth: depth)
        case UInt8(ascii: "["): return try parseArray(depth: depth)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectWord("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw error("unexpected character \(describe(byte))")
        }
    }

    private mutating func parseObject(depth: Int) throws(TranscodingError) -> JSONValue {
        position += 1
        var members: [JSONMember] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            position += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else { throw error("expected a member name in quotes") }
            let key = try parseString()
            skipWhitespace()
            try expect(":")
            skipWhitespace()
            members.append(JSONMember(key: key, value: try parseValue(depth: depth + 1)))
            skipWhitespace()
            if peek() == UInt8(ascii: ",") {
                position += 1
                continue
            }
            try expect("}")
            return .object(members)
        }
    }

    private mutating func parseArray(depth: Int) throws(TranscodingError) -> JSONValue {
        position += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            position += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue(depth: depth + 1))
            skipWhitespace()
            if peek() == UInt8(ascii: ",") {
                position += 1
                continue
            }
            try expect("]")
            return .array(elements)
        }
    }

    private mutating func parseString() throws(TranscodingError) -> String {
        position += 1
        var utf8: [UInt8] = []
        while let byte = next() {
            switch byte {
            case UInt8(ascii: "\""):
                guard let text = String(validating: utf8, as: UTF8.self) else {
                    throw error("string is not valid UTF-8")
                }
                return text
            case UInt8(ascii: "\\"):
                utf8.append(contentsOf: try parseEscape().utf8)
            case 0..<0x20:
                throw error("control character \(describe(byte)) must be escaped in a string")
            default:
                utf8.append(byte)
            }
        }
        throw error("unterminated string")
    }

    private mutating func parseEscape() throws(TranscodingError) -> String {
        guard let byte = next() else { throw error("unterminated string") }
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"): return String(try parseUnicodeEscape())
        default:
            throw error("invalid escape \\\(describe(byte))")
        }
    }

    private mutating func parseUnicodeEscape() throws(TranscodingError) -> Unicode.Scalar {
        let unit = try parseHexQuad()
        if let scalar = Unicode.Scalar(unit) { return scalar }
        // Outside the Basic Multilingual Plane a character comes as a surrogate pair.
        if UTF16.isLeadSurrogate(unit), next() == UInt8(ascii: "\\"), next() == UInt8(ascii: "u") {
            let trail = try parseHexQuad()
            if UTF16.isTrailSurrogate(trail),
               let scalar = Unicode.Scalar(0x10000 + (UInt32(unit - 0xD800) << 10) + UInt32(trail - 0xDC00))
            {
                return scalar
            }
        }
        throw error("unpaired surrogate \\u\(String(unit, radix: 16))")
    }

    private mutating func parseHexQuad() throws(TranscodingError) -> UInt16 {
        var value: UInt16 = 0
        for _ in 0..<4 {
            guard let byte = next(), let digit = Self.hexDigitValue(byte) else {
                throw error("expected four hex digits after \\u")
            }
            value = value << 4 | UInt16(digit)
        }
        return value
    }

    private mutating func parseNumber() throws(TranscodingError) -> String {
        let start = position
        if peek() == UInt8(ascii: "-") { position += 1 }
        if peek() == UInt8(ascii: "0") {
            position += 1
        } else {
            guard skipDigits() > 0 else { throw error("expected a digit") }
        }
        if peek() == UInt8(ascii: ".") {
            position += 1
            guard skipDigits() > 0 else { throw error("expected a digit after the decimal point") }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            position += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { position += 1 }
            guard skipDigits() > 0 else { throw error("expected a digit in the exponent") }
        }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    private mutating func skipDigits() -> Int {
        let start = position
        while let byte = peek(), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { position += 1 }
        return position - start
    }

    private mutating func expectWord(_ word: String) throws(TranscodingError) {
        for expected in word.utf8 {
            guard next() == expected else { throw error("invalid literal, expected \(word)") }
        }
    }

    private mutating func expect(_ character: Unicode.Scalar) throws(TranscodingError) {
        guard peek() == UInt8(ascii: character) else {
            throw error(peek() == nil ? "unexpected end of input, expected '\(character)'" : "expected '\(character)'")
        }
        position += 1
    }

    private mutating func skipWhitespace() {
        while let byte = peek(), byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { position += 1 }
    }

    private func peek() -> UInt8? {
        position < bytes.count ? bytes[position] : nil
    }

    private mutating func next() -> UInt8? {
        defer { position += 1 }
        return peek()
    }

    private func describe(_ byte: UInt8) -> String {
        (0x20..<0x7F).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "0x" + String(byte, radix: 16)
    }

    /// An error at the current position, counted in lines and characters for people.
    private func error(_ reason: String) -> TranscodingError {
        let consumed = bytes[..<min(position, bytes.count)]
        let line = consumed.count(where: { $0 == UInt8(ascii: "\n") }) + 1
        let lineStart = consumed.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
        let column = String(decoding: consumed[lineStart...], as: UTF8.self).count + 1
        return TranscodingError(reason: "invalid JSON at line \(line), column \(column): \(reason)")
    }

    private static func hexDigitValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
