import EcoprodAPI
import Foundation
import ScoringEngine
import Testing

/// Points frameworks (the Ecoprod Label): score, sections, mandatory criteria,
/// eligibility at the threshold's edge, stars.
struct PointsScoreTests {
    typealias F = Fixtures

    @Test func aNotApplicableCriterionLeavesTheDenominator() throws {
        let framework = F.pointsFramework([
            F.criterion("A1", points: 3, mandatory: true), F.criterion("A2", points: 2),
            F.criterion("B1", points: 1, section: "B"), F.criterion("B2", points: 4, section: "B"),
        ])
        let report = try F.score(framework, F.assessment(of: framework, statuses: ["A1": .done, "B1": .done, "B2": .notApplicable]))
        // Applicable: A1 3 + A2 2 + B1 1 = 6 points, of which A1 and B1 (4) are done.
        #expect(report.applicablePoints == 6)
        #expect(report.earnedPoints == 4)
        #expect(abs(report.scorePercent - 400.0 / 6) < 1e-9)
        #expect(report.applicableCriteria == 3)
        #expect(report.doneCriteria == 2)
        #expect(report.sections.map(\.code) == ["A", "B"])
        #expect(report.sections.map(\.earnedPoints) == [3, 1])
        #expect(report.sections.map(\.applicablePoints) == [5, 1])
        #expect(report.sections.map(\.percent) == [60, 100])
        #expect(report.mandatoryMet == ["A1"])
        #expect(report.mandatoryMissing.isEmpty)
        #expect(report.revision == 7)
        #expect(report.frameworkDraft)
        #expect(report.rule == .points)
    }

    @Test func aMissingMandatoryCriterionMakesANinetyPercentProductionIneligible() throws {
        let criteria = [F.criterion("M1", points: 10, mandatory: true)] + (2...10).map { F.criterion("C\($0)", points: 10) }
        let framework = F.pointsFramework(criteria)
        let report = try F.score(framework, F.assessment(of: framework, statuses: F.all(criteria.dropFirst().map(\.id), .done)))
        #expect(report.scorePercent == 90)
        #expect(report.mandatoryMissing == ["M1"])
        for scheme in report.schemes {
            #expect(!scheme.eligible)
            #expect(scheme.reasons == ["mandatory criterion M1 is not done"], "90 % is above both thresholds: the only reason is M1")
        }
        #expect(report.stars == 0)
    }

    /// 649 and 650 of 1000 points, against 65 % and 64.9 %: 64.9 × 1000 is not 64900 in
    /// binary floating point, so only an exact comparison gets both edges right.
    @Test(arguments: [(649, false, true), (650, true, true), (648, false, false)])
    func theThresholdIsInclusiveAndExact(earned: UInt32, meetsSixtyFive: Bool, meetsSixtyFourNine: Bool) throws {
        let framework = F.pointsFramework(
            [F.criterion("Big", points: 648), F.criterion("One", points: 1), F.criterion("Two", points: 1), F.criterion("Rest", points: 350)],
            schemes: [("performance", 65), ("edge", 64.9)]
        )
        let done: [String] = switch earned {
        case 648: ["Big"]
        case 649: ["Big", "One"]
        default: ["Big", "One", "Two"]
        }
        let report = try F.score(framework, F.assessment(of: framework, statuses: F.all(done, .done)))
        #expect(report.earnedPoints == earned)
        #expect(report.applicablePoints == 1000)
        #expect(F.eligible(report, "performance") == meetsSixtyFive)
        #expect(F.eligible(report, "edge") == meetsSixtyFourNine)
        #expect(report.stars == (meetsSixtyFive ? 1 : 0))
    }

    @Test func theReasonStatesTheScoreAndTheThreshold() throws {
        let framework = F.pointsFramework([F.criterion("Big", points: 649), F.criterion("Rest", points: 351)])
        let report = try F.score(framework, F.assessment(of: framework, statuses: ["Big": .done]))
        #expect(report.schemes.first?.reasons == ["score 64.9 % is below the 65 % threshold"])
    }

    /// Twenty criteria of 5 points, the first `done` of them done.
    private func twentyOfFive(done: Int, scheme: String) throws -> Ecoprod_Scoring_V1_ScoreReport {
        let criteria = (1...20).map { F.criterion("C\($0)", points: 5) }
        let framework = F.pointsFramework(criteria)
        return try F.score(framework, F.assessment(of: framework, scheme: scheme, statuses: F.all(criteria.prefix(done).map(\.id), .done)))
    }

    @Test func theCommitmentSchemeNeedsSeventyPercent() throws {
        let below = try twentyOfFive(done: 13, scheme: "commitment")  // 65 %
        #expect(F.eligible(below, "performance") == true)
        #expect(F.eligible(below, "commitment") == false)
        #expect(below.schemes.last?.reasons == ["score 65 % is below the 70 % threshold"])
        #expect(below.stars == 0, "stars need the production's own scheme, commitment, to be met")
        let met = try twentyOfFive(done: 14, scheme: "commitment")  // 70 %
        #expect(F.eligible(met, "commitment") == true)
        #expect(met.stars == 1)
    }

    @Test(arguments: [(12, 0), (13, 1), (14, 1), (15, 2), (16, 2), (17, 3), (20, 3)])
    func starsAreTheHighestLevelReached(done: Int, stars: UInt32) throws {
        #expect(try twentyOfFive(done: done, scheme: "performance").stars == stars)  // 5 % a criterion
    }

    @Test func aCriterionExcludedForTheKindCountsNowhere() throws {
        let framework = F.pointsFramework([
            F.criterion("A1", points: 2), F.criterion("A2", points: 2), F.criterion("Studio", points: 6, mandatory: true),
        ])
        let report = try F.score(framework, F.assessment(of: framework, statuses: ["A1": .done, "Studio": .done], excludedForKind: ["Studio"]))
        #expect(report.applicablePoints == 4)
        #expect(report.earnedPoints == 2)
        #expect(report.applicableCriteria == 2)
        #expect(report.mandatoryMet.isEmpty && report.mandatoryMissing.isEmpty, "a mandatory criterion excluded for the kind is not required")
    }

    @Test func nothingApplicableScoresZeroAndMeetsNothing() throws {
        let framework = F.pointsFramework([F.criterion("A1"), F.criterion("A2")])
        let report = try F.score(framework, F.assessment(of: framework, statuses: F.all(["A1", "A2"], .notApplicable)))
        #expect(report.scorePercent == 0)
        #expect(report.applicablePoints == 0)
        #expect(report.schemes.allSatisfy { !$0.eligible })
    }

    @Test func aMandatoryCriterionMarkedNotApplicableIsStillMissing() throws {
        let framework = F.pointsFramework([F.criterion("M1", points: 1, mandatory: true), F.criterion("A1", points: 3)])
        let report = try F.score(framework, F.assessment(of: framework, statuses: ["M1": .notApplicable, "A1": .done]))
        #expect(report.mandatoryMissing == ["M1"])
        #expect(report.applicablePoints == 4)
        #expect(report.scorePercent == 75)
    }

    @Test func aGridEntryOutsideTheFrameworkIsRefused() throws {
        let framework = F.pointsFramework([F.criterion("A1")])
        var assessment = F.assessment(of: framework)
        assessment.criteria.append(.with { $0.criterionID = "Z9"; $0.applicableToKind = true })
        #expect(throws: ScoringError(.failedPrecondition, "criterion Z9 of production prod-test is not in framework test-grid 1")) {
            try F.score(framework, assessment)
        }
    }

    /// What ScoreMany scores: the export's packed_statuses, a byte per criterion.
    @Test func packedStatusesScoreAsTheFullGridDoes() throws {
        let criteria = [F.criterion("M1", points: 3, mandatory: true), F.criterion("A2", points: 2), F.criterion("B1", points: 1, section: "B"),
                        F.criterion("B2", points: 4, section: "B")]
        let framework = F.pointsFramework(criteria)
        let full = F.assessment(of: framework, statuses: ["M1": .notApplicable, "A2": .done, "B1": .inProgress, "B2": .done], excludedForKind: ["B2"])
        var packed = full
        packed.criteria = []
        packed.packedStatuses = Data(full.criteria.map { UInt8($0.status.rawValue) | ($0.applicableToKind ? 0b1000 : 0) })

        let report = try F.score(framework, packed)
        #expect(report == (try F.score(framework, full)))
        #expect(report.earnedPoints == 2 && report.applicablePoints == 6, "M1 cannot be excused; B2 does not apply")

        packed.packedStatuses.removeLast()
        #expect(throws: ScoringError(.failedPrecondition, "production prod-test has 3 packed statuses; framework test-grid 1 has 4 criteria")) {
            try F.score(framework, packed)
        }
    }
}
