/// The words people type and read for an enum of the API, in both directions, shared by
/// the daemon (results, CSV, history) and ecoprodctl. The first name of a value is the
/// one written; later ones are accepted as synonyms (French ones, as ledgers write them).
public struct EnumNames<Value: Equatable & Sendable>: Sendable {
    public let pairs: [(name: String, value: Value)]

    public init(pairs: [(name: String, value: Value)]) { self.pairs = pairs }

    /// The value `name` spells, ignoring case and surrounding spaces.
    public func value(named name: String) -> Value? {
        if let exact = pairs.first(where: { $0.name == name }) { return exact.value }
        var wanted = Substring(name)
        while let first = wanted.first, first == " " || first == "\t" { wanted.removeFirst() }
        while let last = wanted.last, last == " " || last == "\t" { wanted.removeLast() }
        let lowered = wanted.lowercased()
        return pairs.first { $0.name == lowered }?.value
    }

    public func name(of value: Value) -> String { pairs.first { $0.value == value }?.name ?? "unknown" }
    public var names: [String] { pairs.map(\.name) }
}
