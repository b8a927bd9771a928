import EcoprodAPI

/// Charter files: `ecoprod.directory.v1.Charter` in JSON, a version of the commitment
/// charter providers sign: its commitments, how long a signature holds, when to remind.
enum CharterFile: DataFile {
    static let maximumSize = 1 << 20

    static func firstProblem(in charter: Ecoprod_Directory_V1_Charter) -> String? {
        guard DataFileRules.isIdentifier(charter.id) else { return "id: \"\(charter.id)\" must be 1 to 64 of a-z, 0-9 and -" }
        guard !charter.version.isEmpty, charter.version.utf8.count <= 64 else { return "version: required, at most 64 bytes" }
        guard !charter.title.isEmpty else { return "title: required" }
        guard !charter.draft || !charter.draftNotice.isEmpty else { return "draft_notice: required for a draft, to tell users what is not official" }
        guard charter.validityMonths > 0 else { return "validity_months: required" }
        guard charter.reminderDays < charter.validityMonths * 28 else { return "reminder_days: shorter than the validity" }
        guard !charter.commitments.isEmpty else { return "commitments: at least one" }
        var seen: Set<String> = []
        for (index, commitment) in charter.commitments.enumerated() {
            guard DataFileRules.isIdentifier(commitment.id) else { return "commitments[\(index)].id: \"\(commitment.id)\" must be 1 to 64 of a-z, 0-9 and -" }
            guard seen.insert(commitment.id).inserted else { return "commitments[\(index)].id: \"\(commitment.id)\" is used twice" }
            guard !commitment.titleFr.isEmpty || !commitment.titleEn.isEmpty else { return "commitments[\(index)]: title_fr or title_en required" }
        }
        guard charter.minimumCommitments <= charter.commitments.count else { return "minimum_commitments: more than the charter has" }
        return nil
    }
}
