/// Numbers as the proto3 JSON mapping writes and reads them.
enum JSONNumbers {
    /// The number literal a numeric field was given: the mapping accepts a JSON number
    /// or a string holding one (how 64-bit integers travel without losing precision).
    static func literal(of json: JSONValue) -> String? {
        switch json {
        case .number(let literal):
            return literal
        case .string(let text):
            guard case .number(let literal)? = try? JSONParser.parse(Array(text.utf8)) else { return nil }
            return literal
        default:
            return nil
        }
    }

    /// An integer field's value. Exponent and fraction forms are accepted when the
    /// value is whole ("1e3", "2.0"), as the mapping requires.
    static func integer<Integer: FixedWidthInteger>(
        _ json: JSONValue, as _: Integer.Type, typeName: String, at path: FieldPath
    ) throws(TranscodingError) -> Integer {
        guard let literal = literal(of: json) else {
            throw path.error("expected an integer, got \(json.summaryForErrors)")
        }
        if let value = Integer(literal) { return value }
        // A plain integer literal that did not parse is out of range; other forms are
        // worked out as a double.
        let isIntegerLiteral = literal.allSatisfy { $0.isNumber || $0 == "-" }
        if !isIntegerLiteral, let double = Double(literal) {
            if let value = Integer(exactly: double) { return value }
            if double.rounded(.towardZero) != double { throw path.error("\(literal) is not an integer") }
        }
        throw path.error("\(literal) is out of range for \(typeName)")
    }

    /// A float or double field's value; "NaN", "Infinity" and "-Infinity" name the
    /// values JSON numbers cannot.
    static func floatingPoint(_ json: JSONValue, isSinglePrecision: Bool, at path: FieldPath) throws(TranscodingError)
        -> Double
    {
        if case .string(let text) = json {
            switch text {
            case "NaN": return .nan
            case "Infinity": return .infinity
            case "-Infinity": return -.infinity
            default: break
            }
        }
        guard let literal = literal(of: json), let value = Double(literal) else {
            throw path.error("expected a number, got \(json.summaryForErrors)")
        }
        guard value.isFinite, !isSinglePrecision || Float(value).isFinite else {
            throw path.error("\(literal) is out of range for \(isSinglePrecision ? "float" : "double")")
        }
        return value
    }

    /// The shortest text that reads back as the same value; whole numbers without ".0".
    static func json<Value: BinaryFloatingPoint & CustomStringConvertible>(_ value: Value) -> JSONValue {
        if value.isNaN { return .string("NaN") }
        if value.isInfinite { return .string(value < 0 ? "-Infinity" : "Infinity") }
        let text = value.description
        return .number(text.hasSuffix(".0") ? String(text.dropLast(2)) : text)
    }
}
