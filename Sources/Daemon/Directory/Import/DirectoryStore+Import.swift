import EcoprodAPI
import EcoprodProtocol
import Foundation
import GRDB

/// Organisations imported from CSV: every row checked as CreateOrganisation would, the
/// good ones created in one transaction, each bad one reported with its line and column.
extension DirectoryStore {
    typealias ImportResponse = Ecoprod_Directory_V1_ImportOrganisationsResponse
    static let maximumRejectedRowsListed = 1000
    static let maximumCreatedIDsListed = 10_000
    /// Progress: rows read, bytes read.
    typealias ImportProgress = @Sendable (Int, Int) -> Void

    func importOrganisations(
        _ file: Data, header: Ecoprod_Directory_V1_ImportOrganisationsHeader, by actor: Actor, progress: @escaping ImportProgress
    ) async throws -> ImportResponse {
        let geocoder = await reference.geocoder
        let taxonomy = reference.taxonomy
        var (rows, rejected) = try await offThePool { try Self.checkedRows(file, taxonomy: taxonomy, geocoder: geocoder, progress: progress) }
        var response = ImportResponse.with { $0.rowsRead = UInt64(rows.count + rejected.count) }
        // A dry run goes through the same transaction, which catches what only the stored
        // directory can (a SIRET already there), and rolls it back.
        let (created, alreadyStored): ([String], [Ecoprod_Directory_V1_RejectedRow]) = try await pool.writeWithoutTransaction { [rows] db in
            var created: [String] = []
            var alreadyStored: [Ecoprod_Directory_V1_RejectedRow] = []
            try db.inTransaction {
                for row in rows {
                    if !row.details.siret.isEmpty,
                       let holder = try String.fetchOne(db, sql: "SELECT id FROM organisations WHERE siret = ? AND archived = 0", arguments: [row.details.siret]) {
                        alreadyStored.append(.with { $0.line = UInt64(row.line); $0.column = "siret"; $0.message = "\(row.details.siret) is already organisation \(holder)'s" })
                        continue
                    }
                    created.append(try Self.create(db, details: row.details, placement: row.placement, by: actor).0.id)
                }
                return header.dryRun ? .rollback : .commit
            }
            return (created, alreadyStored)
        }
        rejected += alreadyStored
        response.createdIds = header.dryRun ? [] : Array(created.prefix(Self.maximumCreatedIDsListed))
        rejected.sort { $0.line < $1.line }
        response.created = UInt64(created.count)
        response.rejected = UInt64(rejected.count)
        response.rejectedRows = Array(rejected.prefix(Self.maximumRejectedRowsListed))
        return response
    }

    private struct CheckedRow: Sendable {
        var line: Int
        var details: Details
        var placement: OrganisationPlacement
    }

    private static func checkedRows(
        _ file: Data, taxonomy: Ecoprod_Directory_V1_Taxonomy, geocoder: Geocoder?, progress: ImportProgress
    ) throws -> ([CheckedRow], [Ecoprod_Directory_V1_RejectedRow]) {
        let records: [DelimitedText.Record]
        let positions: [String: Int]
        do {
            records = try DelimitedText.records(file, separator: DelimitedText.separator(ofHeader: file)).records
            guard let header = records.first else { throw ImportProblem(line: 1, "the file is empty") }
            positions = try OrganisationCSV.positions(of: header.fields)
        } catch let problem as ImportProblem {
            throw RPCError(.invalidArgument, "\(problem); nothing was imported")
        }
        var rows: [CheckedRow] = []
        var rejected: [Ecoprod_Directory_V1_RejectedRow] = []
        var siretLines: [String: Int] = [:]
        for (index, record) in records.dropFirst().enumerated() {
            if index % 1000 == 999 { progress(index + 1, file.count * (index + 1) / records.count) }
            do {
                let details = try OrganisationRules.validated(try OrganisationCSV.details(record, positions: positions), taxonomy: taxonomy)
                if !details.siret.isEmpty, let first = siretLines.updateValue(record.line, forKey: details.siret) {
                    throw RPCError(.alreadyExists, "details.siret: \(details.siret) is also on line \(first)")
                }
                rows.append(CheckedRow(line: record.line, details: details, placement: try OrganisationPlacement.of(details, geocoder: geocoder)))
            } catch let problem as ImportProblem {
                rejected.append(.with { $0.line = UInt64(problem.line); $0.column = problem.column ?? ""; $0.message = problem.message })
            } catch let error as RPCError {
                // "details.siret: …" names the column.
                let parts = error.message.split(separator: ":", maxSplits: 1).map(String.init)
                let named = parts.count == 2 && parts[0].hasPrefix("details.")
                rejected.append(.with {
                    $0.line = UInt64(record.line)
                    $0.column = named ? String(parts[0].dropFirst(8).prefix { $0 != "[" && $0 != "." }) : ""
                    $0.message = named ? TextFolding.trimmed(parts[1]) : error.message
                })
            }
        }
        progress(records.count - 1, file.count)
        return (rows, rejected)
    }
}
