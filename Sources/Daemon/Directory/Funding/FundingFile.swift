import EcoprodAPI
import Foundation

/// Funding programme files: `ecoprod.directory.v1.FundingProgrammes` in JSON. Dates are
/// calendar dates, amounts not negative, conditions well formed.
enum FundingFile: DataFile {
    static let maximumSize = 4 << 20

    static func firstProblem(in file: Ecoprod_Directory_V1_FundingProgrammes) -> String? {
        guard DataFileRules.isIdentifier(file.id) else { return "id: \"\(file.id)\" must be 1 to 64 of a-z, 0-9 and -" }
        guard !file.version.isEmpty else { return "version: required" }
        guard !file.draft || !file.draftNotice.isEmpty else { return "draft_notice: required for a draft, to tell users what is not official" }
        var seen: Set<String> = []
        for (index, programme) in file.programmes.enumerated() {
            let field = "programmes[\(index)]"
            guard DataFileRules.isIdentifier(programme.id) else { return "\(field).id: \"\(programme.id)\" must be 1 to 64 of a-z, 0-9 and -" }
            guard seen.insert(programme.id).inserted else { return "\(field).id: \"\(programme.id)\" is used twice" }
            guard !programme.name.isEmpty else { return "\(field).name: required" }
            guard programme.amountCents >= 0 else { return "\(field).amount_cents: not negative" }
            guard CalendarDate(programme.open.start) != nil else { return "\(field).open.start: \"\(programme.open.start)\" is not a date like 2025-09-01" }
            guard programme.open.end.isEmpty || CalendarDate(programme.open.end).map({ $0 >= CalendarDate(programme.open.start)! }) == true else {
                return "\(field).open.end: \"\(programme.open.end)\" is not a date on or after the start"
            }
            for (position, requirement) in programme.labelRequirements.enumerated() where requirement.frameworkID.isEmpty {
                return "\(field).label_requirements[\(position)].framework_id: required"
            }
        }
        return nil
    }
}
