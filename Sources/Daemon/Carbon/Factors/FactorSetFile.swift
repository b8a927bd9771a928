import EcoprodAPI

/// Factor set files: `ecoprod.carbon.v1.FactorSet` in JSON. A set must say where its
/// values come from and under what licence, and every factor must be usable in a
/// footprint: a known unit, a finite value, an uncertainty that is a percentage.
enum FactorSetFile: DataFile {
    /// The whole Base Carbone is about 18,600 rows; its JSON form fits with room to spare.
    static let maximumSize = 64 << 20

    static func firstProblem(in set: Ecoprod_Carbon_V1_FactorSet) -> String? {
        problems(in: set).first
    }

    private static func problems(in set: Ecoprod_Carbon_V1_FactorSet) -> [String] {
        var problems: [String] = []
        func check(_ condition: Bool, _ message: @autoclosure () -> String) {
            if !condition { problems.append(message()) }
        }
        check(DataFileRules.isIdentifier(set.id), "id: \"\(set.id)\" must be 1 to 64 of a-z, 0-9 and -, starting with a letter or digit")
        check(!set.version.isEmpty && set.version.utf8.count <= 64, "version: required, at most 64 bytes")
        check(!set.title.isEmpty, "title: required")
        check(!set.source.isEmpty, "source: required: who publishes these values")
        check(!set.licence.isEmpty, "licence: required")
        check(!set.draft || !set.draftNotice.isEmpty, "draft_notice: required for a draft, to tell users what is not official")
        check(!set.hasImportedAt && set.importedFrom.isEmpty, "imported_at, imported_from: set by the daemon, not in a file")
        check(!set.factors.isEmpty, "factors: at least one")
        var seen: [String: Int] = [:]
        for (index, factor) in set.factors.enumerated() {
            let place = "factors[\(index)] (\(factor.id))"
            check(!factor.id.isEmpty, "factors[\(index)].id: required")
            if let earlier = seen.updateValue(index, forKey: factor.id) {
                problems.append("factors[\(index)].id: \"\(factor.id)\" is used twice (also factors[\(earlier)])")
            }
            check(!factor.nameFr.isEmpty || !factor.nameEn.isEmpty, "\(place): name_fr or name_en required")
            check(ActivityUnit.named(factor.unit) != nil, "\(place): unit: \(UnitError.unknown(factor.unit))")
            check(factor.kgCo2EPerUnit.isFinite, "\(place): kg_co2e_per_unit: \(factor.kgCo2EPerUnit) is not a number")
            check(factor.uncertaintyPercent.isFinite && factor.uncertaintyPercent >= 0,
                  "\(place): uncertainty_percent: \(factor.uncertaintyPercent) is not a percentage")
            for (part, breakdown) in factor.breakdown.enumerated() where !breakdown.kgCo2EPerUnit.isFinite {
                problems.append("\(place): breakdown[\(part)].kg_co2e_per_unit: \(breakdown.kgCo2EPerUnit) is not a number")
            }
        }
        return problems
    }
}
