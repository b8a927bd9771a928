import EcoprodAPI

/// What makes a framework usable: every reference resolves, every id is unique, and the
/// scoring rule has what it needs. Messages name the field and, for a criterion, its id.
enum FrameworkRules {
    static func firstProblem(in framework: Ecoprod_Label_V1_Framework) -> String? {
        problems(in: framework).first
    }

    private static func problems(in framework: Ecoprod_Label_V1_Framework) -> [String] {
        var problems: [String] = []
        func check(_ condition: Bool, _ message: @autoclosure () -> String) {
            if !condition { problems.append(message()) }
        }

        check(DataFileRules.isIdentifier(framework.id), "id: \"\(framework.id)\" must be 1 to 64 of a-z, 0-9 and -, starting with a letter or digit")
        check(isVersion(framework.version), "version: \"\(framework.version)\" must be 1 to 64 of A-Z, a-z, 0-9, '.', '_' and '-'")
        check(!framework.title.isEmpty, "title: required")
        check(!framework.draft || !framework.draftNotice.isEmpty, "draft_notice: required for a draft, to tell users what is not official")
        check(!framework.hasImportedAt && framework.importedFrom.isEmpty, "imported_at, imported_from: set by the daemon, not in a file")
        let points = framework.rule == .points
        check(points || framework.rule == .levels, "rule: SCORING_RULE_POINTS or SCORING_RULE_LEVELS")

        problems += duplicates(framework.stages.enumerated().map { ($0.element, "stages[\($0.offset)]") }, what: "stage")
        check(!framework.stages.isEmpty, "stages: at least one")
        problems += duplicates(framework.sections.enumerated().map { ($0.element.code, "sections[\($0.offset)].code") }, what: "section")
        check(!framework.sections.isEmpty, "sections: at least one")
        for (index, section) in framework.sections.enumerated() {
            check(!section.code.isEmpty && !section.title.isEmpty, "sections[\(index)]: code and title required")
        }

        check(!framework.criteria.isEmpty, "criteria: at least one")
        check(framework.criteria.count <= FrameworkFile.maximumCriteria, "criteria: at most \(FrameworkFile.maximumCriteria)")
        problems += duplicates(framework.criteria.enumerated().map { ($0.element.id, "criteria[\($0.offset)].id") }, what: "criterion")
        let sections = Set(framework.sections.map(\.code))
        let stages = Set(framework.stages)
        let levels = framework.levels.count
        for (index, criterion) in framework.criteria.enumerated() {
            let place = "criteria[\(index)] (\(criterion.id))"
            check(!criterion.id.isEmpty, "criteria[\(index)].id: required")
            check(!criterion.title.isEmpty, "\(place): title: required")
            check(sections.contains(criterion.section), "\(place): section: \"\(criterion.section)\" is not one of the sections")
            check(stages.contains(criterion.stage), "\(place): stage: \"\(criterion.stage)\" is not one of the stages")
            check(!criterion.applicableKinds.contains(.unspecified), "\(place): applicable_kinds: PRODUCTION_KIND_UNSPECIFIED is not a kind")
            if points {
                check(!criterion.mandatory || criterion.points > 0, "\(place): points: a mandatory criterion must be worth points")
                check(criterion.mandatory || criterion.points > 0, "\(place): points: must be at least 1")
                check(criterion.level == 0, "\(place): level: only for SCORING_RULE_LEVELS")
            } else {
                check((1...max(levels, 1)).contains(Int(criterion.level)) && levels > 0, "\(place): level: \(criterion.level) is not one of 1...\(levels)")
            }
        }

        check(!framework.schemes.isEmpty, "schemes: at least one")
        problems += duplicates(framework.schemes.enumerated().map { ($0.element.id, "schemes[\($0.offset)].id") }, what: "scheme")
        for (index, scheme) in framework.schemes.enumerated() {
            let place = "schemes[\(index)] (\(scheme.id))"
            check(DataFileRules.isIdentifier(scheme.id), "\(place): id: must be 1 to 64 of a-z, 0-9 and -")
            if points {
                check(isPercent(scheme.thresholdPercent), "\(place): threshold_percent: \(scheme.thresholdPercent) is not in (0, 100]")
            } else {
                check((1...max(levels, 1)).contains(Int(scheme.requiredLevel)) && levels > 0, "\(place): required_level: \(scheme.requiredLevel) is not one of 1...\(levels)")
            }
        }

        if points {
            check(framework.levels.isEmpty, "levels: only for SCORING_RULE_LEVELS")
            for (index, star) in framework.stars.enumerated() {
                check(isPercent(star.thresholdPercent), "stars[\(index)].threshold_percent: \(star.thresholdPercent) is not in (0, 100]")
                if index > 0 {
                    let previous = framework.stars[index - 1]
                    check(star.stars > previous.stars && star.thresholdPercent > previous.thresholdPercent,
                          "stars[\(index)]: stars and thresholds must rise from one level to the next")
                }
            }
        } else {
            check(framework.stars.isEmpty, "stars: only for SCORING_RULE_POINTS")
            check(!framework.levels.isEmpty, "levels: at least one for SCORING_RULE_LEVELS")
            for (index, level) in framework.levels.enumerated() {
                check(level.number == UInt32(index + 1), "levels[\(index)].number: \(level.number), expected \(index + 1)")
            }
        }
        return problems
    }

    /// One message per value used more than once, naming both places.
    private static func duplicates(_ values: [(value: String, place: String)], what: String) -> [String] {
        var first: [String: String] = [:]
        return values.compactMap { value, place in
            if let earlier = first[value] { return "\(place): \(what) \"\(value)\" is used twice (also \(earlier))" }
            first[value] = place
            return nil
        }
    }

    private static func isVersion(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 64
            && text.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || ".-_".unicodeScalars.contains($0)) }
    }

    private static func isPercent(_ value: Double) -> Bool { value > 0 && value <= 100 }
}
