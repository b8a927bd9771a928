import EcoprodAPI
import EcoprodProtocol
import GRDB

/// An OrganisationFilter as SQL conditions on `organisations AS o`, shared by listing,
/// searching, counting and exporting. Regions and departments are named by code or by
/// name (any case, any accents); a name the postcode table does not know is refused.
struct OrganisationFilterSQL {
    var conditions: [String] = []
    var arguments: StatementArguments = []
    /// Whether the filter asks nothing but (perhaps) leaving archived ones out, which the
    /// search indexes can answer alone.
    private(set) var onlyArchived = false
    let includeArchived: Bool

    init(_ filter: Ecoprod_Directory_V1_OrganisationFilter, table: PostcodeTable?, field: String = "filter") throws {
        includeArchived = filter.includeArchived
        if !filter.includeArchived { conditions.append("o.archived = 0") }
        defer { onlyArchived = conditions.count == (filter.includeArchived ? 0 : 1) }
        if !filter.kinds.isEmpty {
            for (index, kind) in filter.kinds.enumerated() where kind == .unspecified || kind.rawValue > Ecoprod_Directory_V1_OrganisationKind.other.rawValue {
                throw RPCError(.invalidArgument, "\(field).kinds[\(index)]: not a kind of organisation")
            }
            conditions.append("o.kind IN (\(filter.kinds.map { _ in "?" }.joined(separator: ", ")))")
            arguments += StatementArguments(filter.kinds.map(\.rawValue))
        }
        if !filter.categories.isEmpty {
            conditions.append("o.seq IN (SELECT organisation_seq FROM organisation_categories WHERE category IN (\(filter.categories.map { _ in "?" }.joined(separator: ", "))))")
            arguments += StatementArguments(filter.categories)
        }
        if !filter.enrolmentStates.isEmpty {
            for (index, state) in filter.enrolmentStates.enumerated() where DirectoryNames.enrolmentStates.pairs.allSatisfy({ $0.value != state }) {
                throw RPCError(.invalidArgument, "\(field).enrolment_states[\(index)]: PENDING, ACTIVE, LAPSED or WITHDRAWN")
            }
            var enrolled = "SELECT organisation_seq FROM enrolments WHERE state IN (\(filter.enrolmentStates.map { _ in "?" }.joined(separator: ", ")))"
            arguments += StatementArguments(filter.enrolmentStates.map(\.rawValue))
            if !filter.charterVersion.isEmpty {
                enrolled += " AND charter_version = ?"
                arguments += [filter.charterVersion]
            }
            conditions.append("o.seq IN (\(enrolled))")
        } else if !filter.charterVersion.isEmpty {
            throw RPCError(.invalidArgument, "\(field).charter_version: only with enrolment_states")
        }
        if !filter.region.isEmpty {
            conditions.append("o.region = ?")
            arguments += [try Self.code(filter.region, among: table?.regions, what: "region", field: "\(field).region")]
        }
        if !filter.department.isEmpty {
            conditions.append("o.department = ?")
            arguments += [try Self.code(filter.department, among: table?.departments, what: "department", field: "\(field).department")]
        }
    }

    var whereClause: String { conditions.isEmpty ? "1" : conditions.joined(separator: " AND ") }

    /// The INSEE code `given` is, or names.
    private static func code(_ given: String, among names: [String: String]?, what: String, field: String) throws -> String {
        let trimmed = TextFolding.trimmed(given)
        guard let names else { return trimmed.uppercased() }
        if names[trimmed.uppercased()] != nil { return trimmed.uppercased() }
        let wanted = PostcodeTable.normalized(trimmed)
        if let (code, _) = names.first(where: { PostcodeTable.normalized($0.value) == wanted }) { return code }
        throw RPCError(.invalidArgument, "\(field): no \(what) is called or numbered \"\(given)\"")
    }
}
