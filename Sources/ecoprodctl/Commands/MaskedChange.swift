/// A message built from the options a person gave, with the field-mask paths naming
/// exactly those fields: an update changes what was asked for and nothing else.
struct MaskedChange<Message> {
    var message: Message
    var paths: [String] = []

    init(_ message: Message) { self.message = message }

    mutating func set<Value>(_ path: String, _ value: Value?, _ field: WritableKeyPath<Message, Value>) {
        guard let value else { return }
        message[keyPath: field] = value
        paths.append(path)
    }
}
