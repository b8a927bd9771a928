import EcoprodAPI
import EcoprodClient
import SwiftProtobuf

/// One event of a record's history as the history commands print it.
struct HistoryRow {
    var sequence: UInt64
    var revision: UInt64
    var at: Google_Protobuf_Timestamp
    var actor: Ecoprod_Label_V1_Actor
    var action: String
    var changes: [Ecoprod_Label_V1_FieldChange]
}

/// Streams a history method: one JSON object per line with --output json, else a table.
func printHistory<Request: SwiftProtobuf.Message, Event: SwiftProtobuf.Message>(
    _ service: String, _ method: String, _ request: Request, as: Event.Type, global: GlobalOptions, row: @escaping (Event) -> HistoryRow
) throws {
    try reportingFailures {
        let connection = try global.connect()
        var table = Table("SEQ", "REV", "TIME", "WHO", "ACTION", "CHANGES")
        try connection.withoutTimeout {
            try connection.stream(service, method, request, as: Event.self) { event in
                if global.output == .json {
                    emitLine(try event.jsonString())
                } else {
                    let event = row(event)
                    let changes = event.changes.map { "\($0.field): \($0.oldValue.isEmpty ? "—" : $0.oldValue) → \($0.newValue.isEmpty ? "—" : $0.newValue)" }
                    table.add("\(event.sequence)", "\(event.revision)", timestampText(event.at), actorText(event.actor), event.action,
                              shortened(changes.joined(separator: "; "), to: 120))
                }
                return true
            }
        }
        guard global.output == .table else { return }
        print(table.rows.isEmpty ? "no changes" : table.render())
    }
}
