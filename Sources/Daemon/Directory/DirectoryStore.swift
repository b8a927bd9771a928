import EcoprodAPI
import EcoprodProtocol
import Foundation
import GRDB

/// The directory domain's state in directory.sqlite: organisations (one row each, the
/// message whole plus the columns searches need, an FTS5 index of their text and an
/// R*Tree of their points), their history, and charter enrolments (Enrolments/).
final class DirectoryStore: Sendable {
    let pool: DatabasePool
    let reference: DirectoryReference

    init(path: String, reference: DirectoryReference) throws {
        self.reference = reference
        pool = try DomainDatabase.open(path: path, migrations: DirectorySchema.registerMigrations)
    }
}

/// The directory's shipped data, read at start: the taxonomy, funding programmes, charter
/// versions, and the postcode table (loaded in the background: it takes a moment).
struct DirectoryReference: Sendable {
    let taxonomy: Ecoprod_Directory_V1_Taxonomy
    let funding: [Ecoprod_Directory_V1_FundingProgrammes]
    let charters: [Ecoprod_Directory_V1_Charter]
    let postcodes: Task<PostcodeTable?, Never>

    /// The geocoder, once the table is loaded; nil when the daemon has no table.
    var geocoder: Geocoder? {
        get async { await postcodes.value.map(Geocoder.init) }
    }
}
