/// Memory for the plugin descriptor. The host reads the descriptor and everything it
/// points to for the life of the process (it never unloads a plugin), and a Swift
/// String's or Array's storage has no address that stays put, so each piece is copied
/// once into memory that is deliberately never freed.
enum StaticMemory {
    /// A NUL-terminated UTF-8 copy of `value`.
    static func string(_ value: String) -> UnsafePointer<CChar> {
        UnsafePointer(array(Array(value.utf8CString))!)
    }

    static func string(_ value: String?) -> UnsafePointer<CChar>? {
        value.map { string($0) }
    }

    /// A NULL-terminated array of strings, or NULL for none (as the ABI's
    /// capability lists are).
    static func strings(_ values: [String]) -> UnsafePointer<UnsafePointer<CChar>?>? {
        guard !values.isEmpty else { return nil }
        return array(values.map { Optional(string($0)) } + [nil])
    }

    /// A copy of `values`, or NULL when there are none.
    static func array<Element>(_ values: [Element]) -> UnsafePointer<Element>? {
        guard !values.isEmpty else { return nil }
        let memory = UnsafeMutablePointer<Element>.allocate(capacity: values.count)
        _ = UnsafeMutableBufferPointer(start: memory, count: values.count).initialize(from: values)
        return UnsafePointer(memory)
    }
}
