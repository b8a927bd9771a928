/// A JSON document as the proto3 JSON mapping needs it. Foundation's JSONSerialization
/// would lose two things that matter here: the order of object members (output follows
/// field order) and number literals exactly as written (int64 values beyond 2^53).
enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// The literal text of a JSON number, e.g. "-12", "1.5e3".
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([JSONMember])

    /// How error messages show a value that was not what a field wanted.
    var summaryForErrors: String {
        switch self {
        case .null: "null"
        case .bool(let value): String(value)
        case .number(let literal): literal
        case .string(let text): text.count > 40 ? quoted(String(text.prefix(40)) + "…") : quoted(text)
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// Members in their stored order; pretty-printed with two-space indentation, or on one line.
    func rendered(pretty: Bool) -> String {
        var output = ""
        write(to: &output, indentation: pretty ? "" : nil)
        return output
    }

    /// `indentation` is nil for the one-line form.
    private func write(to output: inout String, indentation: String?) {
        switch self {
        case .null: output += "null"
        case .bool(let value): output += value ? "true" : "false"
        case .number(let literal): output += literal
        case .string(let text): output += quoted(text)
        case .array(let elements):
            writeContainer(elements, open: "[", close: "]", to: &output, indentation: indentation) {
                element, output, inner in element.write(to: &output, indentation: inner)
            }
        case .object(let members):
            writeContainer(members, open: "{", close: "}", to: &output, indentation: indentation) {
                member, output, inner in
                output += quoted(member.key) + (inner == nil ? ":" : ": ")
                member.value.write(to: &output, indentation: inner)
            }
        }
    }

    private func writeContainer<Element>(
        _ elements: [Element], open: String, close: String, to output: inout String, indentation: String?,
        writeElement: (Element, inout String, String?) -> Void
    ) {
        guard !elements.isEmpty else {
            output += open + close
            return
        }
        let inner = indentation.map { $0 + "  " }
        output += open
        for (index, element) in elements.enumerated() {
            if let inner {
                output += (index == 0 ? "\n" : ",\n") + inner
            } else if index > 0 {
                output += ","
            }
            writeElement(element, &output, inner)
        }
        if let indentation { output += "\n" + indentation }
        output += close
    }
}

struct JSONMember: Sendable, Equatable {
    let key: String
    let value: JSONValue
}

/// `text` as a JSON string literal.
func quoted(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": result += "\\\""
        case "\\": result += "\\\\"
        case "\n": result += "\\n"
        case "\r": result += "\\r"
        case "\t": result += "\\t"
        case "\u{08}": result += "\\b"
        case "\u{0C}": result += "\\f"
        case _ where scalar.value < 0x20:
            let hex = String(scalar.value, radix: 16, uppercase: false)
            result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default: result.unicodeScalars.append(scalar)
        }
    }
    return result + "\""
}
