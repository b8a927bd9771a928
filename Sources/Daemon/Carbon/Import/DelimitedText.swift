import Foundation

/// What is wrong in an imported text file, and where: the line, and the column (a
/// 1-based field number, or a header name) when one is to blame.
struct ImportProblem: Error, CustomStringConvertible, Equatable, Sendable {
    let line: Int
    let column: String?
    let message: String

    init(line: Int, column: String? = nil, _ message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    var description: String {
        "line \(line)\(column.map { ", column \($0)" } ?? ""): \(message)"
    }
}

/// Delimited text as spreadsheets and ADEME export it: UTF-8 or Windows-1252, a
/// separator, fields optionally in double quotes (a quote in a quoted field doubled,
/// separators and line breaks allowed inside), LF or CRLF line ends.
enum DelimitedText {
    enum Encoding: String, Sendable { case utf8 = "UTF-8", windows1252 = "Windows-1252" }

    struct Record: Sendable {
        /// The line the record starts on, counting the header as line 1.
        let line: Int
        let fields: [String]
        /// A quote RFC 4180 does not allow — inside an unquoted field, or text after a
        /// closing quote — which the field keeps as written; readers that want strict
        /// fields refuse the record.
        var strayQuote: ImportProblem? = nil
    }

    /// Every record of `data`, the header first. The bytes are read as UTF-8 (a byte
    /// order mark is dropped) when they are valid UTF-8, and as Windows-1252 otherwise,
    /// which is how French spreadsheets and the Base Carbone export write them.
    static func records(_ data: Data, separator: UInt8 = UInt8(ascii: ";")) throws(ImportProblem) -> (records: [Record], encoding: Encoding) {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var encoding = Encoding.utf8
        if String(validating: bytes, as: UTF8.self) == nil {
            bytes = try Windows1252.utf8(bytes, separator: separator)
            encoding = .windows1252
        }
        return (try split(bytes, separator: separator), encoding)
    }

    /// One record as RFC 4180 writes it: comma-separated, a field in quotes (its quotes
    /// doubled) when it holds a comma, a quote or a line break, CRLF at the end.
    static func row(_ fields: [String]) -> String {
        fields.map { field in
            field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
        }.joined(separator: ",") + "\r\n"
    }

    /// A number as spreadsheets write it: "0,052", "1 234,5", "1234.5", "1,2E-05". When a
    /// comma and a point both occur, the last one is the decimal mark; nil for anything
    /// else, infinities and NaN included.
    static func number(_ text: String) -> Double? {
        var plain: [UInt8] = []
        plain.reserveCapacity(text.utf8.count)
        var lastComma = -1, lastPoint = -1
        var scalars = text.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            switch scalar {
            case " ", "\u{A0}", "\u{202F}": continue
            case "0"..."9", "+", "-", "e", "E": plain.append(UInt8(scalar.value))
            case ",": lastComma = plain.count; plain.append(UInt8(ascii: ","))
            case ".": lastPoint = plain.count; plain.append(UInt8(ascii: "."))
            default: return nil
            }
        }
        // The last of the marks is the decimal one; the other, before it, groups thousands.
        let decimal = max(lastComma, lastPoint)
        let grouping: UInt8 = lastComma > lastPoint ? UInt8(ascii: ".") : UInt8(ascii: ",")
        var digits: [UInt8] = []
        digits.reserveCapacity(plain.count)
        for (index, byte) in plain.enumerated() where byte != grouping || index == decimal {
            digits.append(index == decimal ? UInt8(ascii: ".") : byte)
        }
        guard let value = Double(String(decoding: digits, as: UTF8.self)), value.isFinite else { return nil }
        return value
    }

    /// The separator of a file whose first line is `header`: of ';', ',' and tab, the one
    /// it holds most of outside quotes (';' when none).
    static func separator(ofHeader data: Data) -> UInt8 {
        var counts: [UInt8: Int] = [UInt8(ascii: ";"): 0, UInt8(ascii: ","): 0, UInt8(ascii: "\t"): 0]
        var quoted = false
        for byte in data {
            if byte == UInt8(ascii: "\n"), !quoted { break }
            if byte == UInt8(ascii: "\"") { quoted.toggle() }
            if !quoted, counts[byte] != nil { counts[byte]! += 1 }
        }
        return counts.max { ($0.value, $1.key) < ($1.value, $0.key) }!.key
    }

    /// Splits UTF-8 bytes: the separator, quote and line-break bytes never occur inside a
    /// multi-byte character, so the bytes can be split without decoding them first.
    private static func split(_ bytes: [UInt8], separator: UInt8) throws(ImportProblem) -> [Record] {
        let quote = UInt8(ascii: "\""), newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")
        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1, recordLine = 1
        var quoted = false, wasQuoted = false
        var strayQuote: ImportProblem?
        var index = 0

        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            wasQuoted = false
        }
        func endRecord() {
            endField()
            // A blank line (often the last one) is no record.
            if !(fields.count == 1 && fields[0].isEmpty) { records.append(Record(line: recordLine, fields: fields, strayQuote: strayQuote)) }
            fields.removeAll(keepingCapacity: true)
            strayQuote = nil
        }

        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if quoted {
                if byte == quote {
                    if index < bytes.count, bytes[index] == quote {
                        field.append(quote)
                        index += 1
                    } else {
                        quoted = false
                    }
                } else {
                    if byte == newline { line += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case separator:
                endField()
            case quote where field.isEmpty && !wasQuoted:
                quoted = true
                wasQuoted = true
            case newline:
                endRecord()
                line += 1
                recordLine = line
            case carriageReturn where index < bytes.count && bytes[index] == newline:
                continue
            default:
                if strayQuote == nil, byte == quote || wasQuoted {
                    strayQuote = ImportProblem(
                        line: recordLine, column: "\(fields.count + 1)",
                        byte == quote ? "a quote inside an unquoted field (write the field in quotes, doubling the quote)" : "text after the closing quote of a field"
                    )
                }
                field.append(byte)
            }
        }
        if quoted {
            throw ImportProblem(line: recordLine, column: "\(fields.count + 1)", "a quoted field is not closed before the end of the file")
        }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return records
    }
}

/// Windows-1252: Latin-1 with printable characters in 0x80-0x9F, five of which are
/// undefined.
private enum Windows1252 {
    private static let high: [Unicode.Scalar?] = [
        "\u{20AC}", nil, "\u{201A}", "\u{0192}", "\u{201E}", "\u{2026}", "\u{2020}", "\u{2021}",
        "\u{02C6}", "\u{2030}", "\u{0160}", "\u{2039}", "\u{0152}", nil, "\u{017D}", nil,
        nil, "\u{2018}", "\u{2019}", "\u{201C}", "\u{201D}", "\u{2022}", "\u{2013}", "\u{2014}",
        "\u{02DC}", "\u{2122}", "\u{0161}", "\u{203A}", "\u{0153}", nil, "\u{017E}", "\u{0178}",
    ]

    static func utf8(_ bytes: [UInt8], separator: UInt8) throws(ImportProblem) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 16)
        // Where a bad byte is, for its error: a separator or line break inside quotes
        // (a doubled quote toggles twice) ends no field.
        var line = 1, field = 1, quoted = false
        for byte in bytes {
            if byte < 0x80 {
                out.append(byte)
                if byte == UInt8(ascii: "\"") { quoted.toggle() }
                if byte == UInt8(ascii: "\n") { line += 1; if !quoted { field = 1 } }
                if byte == separator, !quoted { field += 1 }
                continue
            }
            let scalar: Unicode.Scalar
            if byte >= 0xA0 {
                scalar = Unicode.Scalar(byte)
            } else if let mapped = high[Int(byte - 0x80)] {
                scalar = mapped
            } else {
                throw ImportProblem(line: line, column: "\(field)", String(
                    format: "byte 0x%02X is a character neither in UTF-8 nor in Windows-1252: the file is in another encoding", byte
                ))
            }
            out.append(contentsOf: UTF8.encode(scalar)!)
        }
        return out
    }
}
