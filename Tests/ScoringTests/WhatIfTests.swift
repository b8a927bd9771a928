import EcoprodAPI
import ScoringEngine
import Testing

/// WhatIf: overrides scored like real changes, refused like Label/UpdateCriterion refuses them.
struct WhatIfTests {
    typealias F = Fixtures

    static let framework = F.pointsFramework([
        F.criterion("M1", points: 2, mandatory: true), F.criterion("A1", points: 4), F.criterion("A2", points: 4),
    ])

    private func whatIf(_ overrides: [(String, Ecoprod_Label_V1_CriterionStatus)]) throws -> Ecoprod_Scoring_V1_ScoreReport {
        try Scorer.whatIf(
            F.assessment(of: Self.framework, statuses: ["A1": .done]),
            overrides: overrides.map { id, status in .with { $0.criterionID = id; $0.status = status } },
            with: ScoringIndex(Self.framework)
        )
    }

    @Test func overridesAreScoredAsIfTheyHadBeenMade() throws {
        let report = try whatIf([("M1", .done), ("A2", .notApplicable), ("A1", .inProgress), ("A1", .done)])
        // Applicable M1 2 + A1 4 = 6, both done: the last override of A1 wins.
        #expect(report.applicablePoints == 6)
        #expect(report.earnedPoints == 6)
        #expect(report.mandatoryMet == ["M1"])
        #expect(report.schemes.allSatisfy { $0.eligible })
        #expect(report.stars == 3)
    }

    @Test func anUnknownCriterionIsNotFoundNamingTheOverride() throws {
        #expect(throws: ScoringError(.notFound, "overrides[1].criterion_id: criterion \"Z9\" is not in framework test-grid 1")) {
            try whatIf([("A2", .done), ("Z9", .done)])
        }
    }

    @Test func aMandatoryCriterionCannotBeNotApplicable() throws {
        #expect(throws: ScoringError(.failedPrecondition, "overrides[0].status: criterion M1 is mandatory and cannot be not applicable")) {
            try whatIf([("M1", .notApplicable)])
        }
    }

    @Test func aStatusIsRequired() throws {
        let error = #expect(throws: ScoringError.self) { try whatIf([("A2", .unspecified)]) }
        #expect(error?.code == .invalidArgument)
        #expect(error?.message.hasPrefix("overrides[0].status: ") == true)
    }
}
