import Testing

/// One change that breaks something valid (a framework, a factor set, a file's text),
/// and what it must be refused with: for tables of rules, each broken once.
struct Breakage<Subject, Expected: Sendable>: Sendable, CustomTestStringConvertible {
    let name: String
    let apply: @Sendable (inout Subject) -> Void
    let expected: Expected

    init(_ name: String, _ apply: @escaping @Sendable (inout Subject) -> Void, _ expected: Expected) {
        self.name = name
        self.apply = apply
        self.expected = expected
    }

    func applied(to subject: Subject) -> Subject {
        var broken = subject
        apply(&broken)
        return broken
    }

    var testDescription: String { name }
}
