/// Why a JSON document or a binary message could not be transcoded, and where.
public struct TranscodingError: Error, CustomStringConvertible, Sendable {
    /// The field at fault, named as in the JSON: "production.budget", "items[2].name",
    /// `labels["zone"]`; empty when the fault is not inside a field.
    public let fieldPath: String
    /// What is wrong, e.g. `expected a number, got "abc"`.
    public let reason: String

    init(fieldPath: String = "", reason: String) {
        self.fieldPath = fieldPath
        self.reason = reason
    }

    public var description: String {
        fieldPath.isEmpty ? reason : "field \"\(fieldPath)\": \(reason)"
    }
}

/// Where the transcoder is inside a message, to name it in errors, and how many
/// messages deep, to refuse hostile nesting before it exhausts the stack.
struct FieldPath {
    static let maximumMessageDepth = 100

    private var text = ""
    private var messageDepth = 0

    func appending(field name: String) -> FieldPath {
        var path = self
        path.text = text.isEmpty ? name : text + "." + name
        return path
    }

    func appending(index: Int) -> FieldPath {
        var path = self
        path.text += "[\(index)]"
        return path
    }

    func appending(mapKey: String) -> FieldPath {
        var path = self
        path.text += "[" + quoted(mapKey) + "]"
        return path
    }

    /// This path one message deeper, as every message the transcoder enters takes it.
    func enteringMessage() throws(TranscodingError) -> FieldPath {
        guard messageDepth < Self.maximumMessageDepth else {
            throw error("messages nested more than \(Self.maximumMessageDepth) deep")
        }
        var path = self
        path.messageDepth += 1
        return path
    }

    func error(_ reason: String) -> TranscodingError {
        TranscodingError(fieldPath: text, reason: reason)
    }
}
