import Foundation
import GRDB
import SwiftProtobuf

/// A table of history events — (owner seq, sequence, event) — as every domain keeps
/// for the records it changes: written in the transaction of the change, read in order.
struct HistoryTable: Sendable {
    let table: String
    let ownerColumn: String

    func append(_ db: Database, owner: Int64, sequence: Int64, _ event: some Message) throws {
        try db.execute(
            sql: "INSERT INTO \(table) (\(ownerColumn), sequence, event) VALUES (?, ?, ?)",
            arguments: [owner, sequence, try event.serializedData()]
        )
    }

    func events<Event: Message>(_ db: Database, owner: Int64, after sequence: UInt64, as: Event.Type = Event.self) throws -> [Event] {
        try Data.fetchAll(
            db, sql: "SELECT event FROM \(table) WHERE \(ownerColumn) = ? AND sequence > ? ORDER BY sequence", arguments: [owner, sequence]
        ).map { try Event(serializedBytes: $0) }
    }
}
