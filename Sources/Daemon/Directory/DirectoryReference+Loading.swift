import EcoprodAPI
import Foundation
import Logging

extension DirectoryReference {
    /// The directory's data files (taxonomy/, funding/, charter/ under `directory`) and the
    /// postcode table (`geo`/fr_postcodes.csv), which loads on a thread of its own while
    /// the daemon starts serving. A bad file is logged and left out.
    static func load(from directory: String, geo: String, logger: Logger) -> DirectoryReference {
        func files<File: DataFile>(_ kind: File.Type, _ subdirectory: String) -> [File.Content] {
            let (files, errors) = File.loadDirectory("\(directory)/\(subdirectory)")
            for error in errors { logger.error("\(File.Content.protoMessageName) not loaded: \(error)") }
            return files.map(\.content)
        }
        let taxonomies = files(TaxonomyFile.self, "taxonomy")
        if taxonomies.isEmpty { logger.error("no taxonomy in \(directory)/taxonomy: organisations can have no category") }
        let tablePath = "\(geo)/fr_postcodes.csv"
        let postcodes = Task<PostcodeTable?, Never> {
            do {
                return try await offThePool {
                    guard let data = FileManager.default.contents(atPath: tablePath) else { throw DataFileError(fileName: tablePath, message: "cannot be read") }
                    return try PostcodeTable(csv: data)
                }
            } catch {
                logger.error("no offline geocoding: \(tablePath): \(error)")
                return nil
            }
        }
        return DirectoryReference(
            // The last in name order, when an administrator left several.
            taxonomy: taxonomies.last ?? .with { $0.id = "none"; $0.version = "0" },
            funding: files(FundingFile.self, "funding"), charters: files(CharterFile.self, "charter"), postcodes: postcodes
        )
    }
}
