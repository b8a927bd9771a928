import EcoprodAPI
import ScoringEngine
import Testing

/// Levels frameworks (AFNOR SPEC 2308): the level reached, what blocks the next one,
/// eligibility from the required level.
struct LevelsScoreTests {
    typealias F = Fixtures

    static let framework = F.levelsFramework([
        F.criterion("1.1", section: "1", level: 1), F.criterion("1.2", section: "1", level: 1),
        F.criterion("2.1", section: "2", level: 2), F.criterion("2.2", section: "2", level: 2),
        F.criterion("3.1", section: "3", stage: "development", level: 3),
    ])

    private func score(_ statuses: [String: Ecoprod_Label_V1_CriterionStatus]) throws -> Ecoprod_Scoring_V1_ScoreReport {
        try F.score(Self.framework, F.assessment(of: Self.framework, scheme: "prime-rse-plus", statuses: statuses))
    }

    @Test func nothingDoneIsLevelZeroBlockedByLevelOne() throws {
        let report = try score([:])
        #expect(report.levelReached == 0)
        #expect(report.blockingNextLevel == ["1.1", "1.2"])
        #expect(report.schemes.first?.reasons == ["level 0 reached; level 2 is required"])
    }

    @Test func oneOpenCriterionHoldsTheLevelBelowIt() throws {
        let report = try score(["1.1": .done, "1.2": .done, "2.1": .done, "3.1": .done])
        #expect(report.levelReached == 1)
        #expect(report.blockingNextLevel == ["2.2"])
        #expect(report.schemes.first?.eligible == false)
        #expect(report.doneCriteria == 4)
        #expect(report.scorePercent == 80, "the score still counts points: 4 of 5")
    }

    @Test func aNotApplicableCriterionDoesNotBlock() throws {
        let report = try score(["1.1": .done, "1.2": .done, "2.1": .done, "2.2": .notApplicable])
        #expect(report.levelReached == 2)
        #expect(report.blockingNextLevel == ["3.1"])
        #expect(report.schemes.first?.eligible == true)
        #expect(report.schemes.first?.reasons == [])
        #expect(report.scorePercent == 75)
    }

    @Test func everythingDoneIsTheTopLevelWithNothingBlocking() throws {
        let report = try score(F.all(Self.framework.criteria.map(\.id), .done))
        #expect(report.levelReached == 3)
        #expect(report.blockingNextLevel.isEmpty)
    }

    @Test func aHigherLevelDoneDoesNotSkipALowerOne() throws {
        let report = try score(["1.1": .done, "2.1": .done, "2.2": .done, "3.1": .done])
        #expect(report.levelReached == 0)
        #expect(report.blockingNextLevel == ["1.2"])
    }
}
