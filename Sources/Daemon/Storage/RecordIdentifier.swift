import GRDB

/// The ids the daemon gives to what people create: a prefix and 10 random base32 letters,
/// short enough to type, 50 bits against collisions.
enum RecordIdentifier {
    /// A new id of `table`'s `id` column, not taken yet.
    static func new(prefix: String, in table: String, _ db: Database) throws -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567")
        while true {
            let id = prefix + String((0..<10).map { _ in alphabet.randomElement()! })
            if try !Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM \(table) WHERE id = ?)", arguments: [id])! { return id }
        }
    }
}
