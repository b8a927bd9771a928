import EcoprodAPI
import EcoprodProtocol
import Foundation

/// ImportFactorSet's file: the header first, then the chunks, gathered up to a limit and
/// read as the header's format, then checked by FactorSetFile's rules.
enum FactorSetImport {
    typealias Request = Ecoprod_Carbon_V1_ImportFactorSetRequest

    /// The whole Base Carbone export is about 25 MB.
    static let maximumSize = FactorSetFile.maximumSize

    static func read<Messages: AsyncSequence>(_ messages: Messages) async throws -> (set: Ecoprod_Carbon_V1_FactorSet, fileName: String)
    where Messages.Element == Request {
        let (header, file) = try await StreamedFile.read(
            messages, maximumSize: maximumSize, kind: "a factor set file",
            header: { if case .header(let header)? = $0.part { header } else { nil } },
            chunk: { if case .chunk(let chunk)? = $0.part { chunk } else { nil } },
            prepare: { header in
                guard header.format != .unspecified else { throw RPCError(.invalidArgument, "header.format: JSON or BASE_CARBONE_CSV") }
                return header
            }
        )
        let fileName = header.fileName.isEmpty ? "(streamed)" : header.fileName
        let set = try await offThePool { try decode(file, header) }
        return (set, fileName)
    }

    private static func decode(_ file: Data, _ header: Ecoprod_Carbon_V1_ImportFactorSetHeader) throws(RPCError) -> Ecoprod_Carbon_V1_FactorSet {
        let set: Ecoprod_Carbon_V1_FactorSet
        switch header.format {
        case .json:
            guard !header.hasDescription_p else {
                throw RPCError(.invalidArgument, "header.description: leave it out for a JSON file, which describes itself")
            }
            do {
                return try FactorSetFile.decode(file, fileName: header.fileName)
            } catch {
                throw RPCError(.invalidArgument, "file: \(error.message)")
            }
        case .baseCarboneCsv:
            guard header.description_p.factors.isEmpty else {
                throw RPCError(.invalidArgument, "header.description.factors: leave it empty; the file gives them")
            }
            do {
                set = try BaseCarboneFile.factorSet(file, into: header.description_p)
            } catch {
                throw RPCError(.invalidArgument, "file: \(error)")
            }
        default:
            throw RPCError(.invalidArgument, "header.format: \(header.format) is not a format this daemon reads")
        }
        if let problem = FactorSetFile.firstProblem(in: set) {
            throw RPCError(.invalidArgument, "header.description.\(problem)")
        }
        return set
    }
}
