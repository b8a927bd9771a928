import EcoprodAPI
import ScoringEngine

/// Small frameworks and grids written out by hand, so that every expectation in these
/// tests can be computed on paper.
enum Fixtures {
    static let stages = ["development", "preparation", "shooting", "wrap", "post-production"]

    static func criterion(
        _ id: String, points: UInt32 = 1, section: String = "A", stage: String = "preparation", mandatory: Bool = false, level: UInt32 = 0
    ) -> Ecoprod_Label_V1_Criterion {
        .with {
            $0.id = id
            $0.section = section
            $0.stage = stage
            $0.title = "Criterion \(id)"
            $0.points = points
            $0.mandatory = mandatory
            $0.level = level
        }
    }

    /// A points framework with the draft's schemes (65 %, 70 %) and placeholder stars
    /// (65, 75, 85 %) unless told otherwise; sections in order of first use.
    static func pointsFramework(
        _ criteria: [Ecoprod_Label_V1_Criterion],
        schemes: [(id: String, threshold: Double)] = [("performance", 65), ("commitment", 70)],
        stars: [(stars: UInt32, threshold: Double)] = [(1, 65), (2, 75), (3, 85)]
    ) -> Ecoprod_Label_V1_Framework {
        framework(criteria, rule: .points) {
            $0.schemes = schemes.map { scheme in .with { $0.id = scheme.id; $0.title = scheme.id.capitalized; $0.thresholdPercent = scheme.threshold } }
            $0.stars = stars.map { star in .with { $0.stars = star.stars; $0.thresholdPercent = star.threshold } }
        }
    }

    /// A levels framework shaped like AFNOR SPEC 2308: three levels, one scheme at level 2.
    static func levelsFramework(_ criteria: [Ecoprod_Label_V1_Criterion], requiredLevel: UInt32 = 2) -> Ecoprod_Label_V1_Framework {
        framework(criteria, rule: .levels) {
            $0.levels = (UInt32(1)...3).map { number in .with { $0.number = number; $0.title = "Level \(number)" } }
            $0.schemes = [.with { $0.id = "prime-rse-plus"; $0.title = "Prime RSE+"; $0.requiredLevel = requiredLevel }]
        }
    }

    private static func framework(
        _ criteria: [Ecoprod_Label_V1_Criterion], rule: Ecoprod_Label_V1_ScoringRule, _ rest: (inout Ecoprod_Label_V1_Framework) -> Void
    ) -> Ecoprod_Label_V1_Framework {
        var framework = Ecoprod_Label_V1_Framework()
        framework.id = "test-grid"
        framework.version = "1"
        framework.draft = true
        framework.rule = rule
        framework.stages = stages
        var codes: [String] = []
        for criterion in criteria where !codes.contains(criterion.section) { codes.append(criterion.section) }
        framework.sections = codes.map { code in .with { $0.code = code; $0.title = "Section \(code)" } }
        framework.criteria = criteria
        rest(&framework)
        return framework
    }

    /// A production's grid in framework order: to do unless `statuses` says otherwise.
    static func assessment(
        of framework: Ecoprod_Label_V1_Framework, scheme: String = "performance",
        statuses: [String: Ecoprod_Label_V1_CriterionStatus] = [:], efforts: [String: UInt32] = [:], excludedForKind: Set<String> = []
    ) -> Ecoprod_Label_V1_ProductionAssessment {
        .with {
            $0.production.id = "prod-test"
            $0.production.revision = 7
            $0.production.details.scheme = scheme
            $0.production.frameworkID = framework.id
            $0.production.frameworkVersion = framework.version
            $0.criteria = framework.criteria.map { criterion in
                .with {
                    $0.criterionID = criterion.id
                    $0.status = statuses[criterion.id] ?? .toDo
                    $0.effort = efforts[criterion.id] ?? 1
                    $0.applicableToKind = !excludedForKind.contains(criterion.id)
                }
            }
        }
    }

    /// `ids` all with one status.
    static func all(_ ids: [String], _ status: Ecoprod_Label_V1_CriterionStatus) -> [String: Ecoprod_Label_V1_CriterionStatus] {
        Dictionary(uniqueKeysWithValues: ids.map { ($0, status) })
    }

    static func score(_ framework: Ecoprod_Label_V1_Framework, _ assessment: Ecoprod_Label_V1_ProductionAssessment) throws -> Ecoprod_Scoring_V1_ScoreReport {
        try Scorer.score(assessment, with: ScoringIndex(framework))
    }

    static func eligible(_ report: Ecoprod_Scoring_V1_ScoreReport, _ scheme: String) -> Bool? {
        report.schemes.first { $0.schemeID == scheme }?.eligible
    }
}

/// xorshift64*: random tests that fail the same way on every run.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    /// - Parameter seed: anything but 0.
    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 0x2545_F491_4F6C_DD1D
    }
}
