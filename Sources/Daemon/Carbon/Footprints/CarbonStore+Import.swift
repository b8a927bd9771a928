import EcoprodAPI
import EcoprodProtocol
import Foundation
import GRDB

extension CarbonStore {
    /// The import a header describes: its footprint at the expected revision, and its
    /// mapping checked against the footprint's factor set. Checked again when the lines
    /// are written.
    func lineImport(_ header: Ecoprod_Carbon_V1_ImportLinesHeader) async throws -> LineImport {
        let set = try await pool.read { db in
            let record = try FootprintRecord.forWriting(db, id: header.footprintID, expectedRevision: header.expectedRevision)
            return try self.pinnedSet(db, of: record.footprint)
        }
        return try LineImport(header: header, set: set)
    }

    /// Maps the file's rows to lines and adds them all in one transaction; none when a row
    /// is wrong, or when a row is unmapped and the header does not say to skip those.
    func importLines(
        _ importer: LineImport, file: Data, by actor: Actor, progress: @escaping LineImport.Progress
    ) async throws -> (Ecoprod_Carbon_V1_ImportLinesResponse, FootprintEvent?) {
        let header = importer.header
        let set = importer.set
        let outcome = try await offThePool { try importer.lines(file, progress: progress) }
        if outcome.unmappedCount > 0, !header.skipUnmapped {
            let listed = outcome.unmapped.prefix(10).map { "line \($0.line) (account \"\($0.account)\", label \"\($0.label)\")" }
            throw RPCError(.failedPrecondition, "\(importer.fileName): \(outcome.unmappedCount) of \(outcome.rowsRead) rows match no rule of the mapping: "
                + listed.joined(separator: ", ") + (outcome.unmappedCount > listed.count ? ", …" : "")
                + "; nothing was imported (map them, or skip them with skip_unmapped)")
        }
        return try await pool.write { db in
            var record = try FootprintRecord.forWriting(db, id: header.footprintID, expectedRevision: header.expectedRevision)
            var response = Ecoprod_Carbon_V1_ImportLinesResponse.with {
                $0.rowsRead = UInt64(outcome.rowsRead)
                $0.linesImported = UInt64(outcome.lines.count)
                $0.rowsUnmapped = UInt64(outcome.unmappedCount)
                $0.unmapped = outcome.unmapped
            }
            var event: FootprintEvent?
            if !outcome.lines.isEmpty {
                let summary = Ecoprod_Label_V1_FieldChange.with {
                    $0.field = "import"
                    $0.newValue = "\(importer.fileName): \(outcome.rowsRead) rows, \(outcome.lines.count) lines imported, \(outcome.unmappedCount) unmapped"
                }
                let (firstID, appended) = try Self.append(outcome.lines, to: &record, set: set, db, action: "lines.imported", extraChanges: [summary], actor: actor)
                response.firstLineID = UInt64(firstID)
                event = appended
            }
            response.footprint = record.footprint
            return (response, event)
        }
    }
}
