@testable import EcoprodDaemon
import EcoprodAPI
import EcoprodProtocol
import Foundation
import Testing

@Suite("Funding eligibility")
struct FundingEligibilityTests {
    static let primeRSE: Ecoprod_Directory_V1_FundingProgramme = {
        let file = FundingFile.loadDirectory(Repository.path("data/directory/funding"))
        return file.files.flatMap(\.content.programmes).first { $0.id == "cnc-prime-rse-plus" }!
    }()

    static func production(_ kind: Ecoprod_Label_V1_ProductionKind, framework: String = "afnor-spec-2308") -> Ecoprod_Label_V1_Production {
        .with {
            $0.id = "prod-1"
            $0.details.kind = kind
            $0.details.country = "FR"
            $0.frameworkID = framework
        }
    }

    static func score(level: UInt32, blocking: [String] = []) -> Result<Ecoprod_Scoring_V1_ScoreReport, RPCError> {
        .success(.with { $0.levelReached = level; $0.blockingNextLevel = blocking; $0.frameworkDraft = true })
    }

    static func match(
        _ production: Ecoprod_Label_V1_Production, score: Result<Ecoprod_Scoring_V1_ScoreReport, RPCError>, on: String = "2026-03-01"
    ) -> Ecoprod_Directory_V1_FundingMatch {
        FundingEligibility(production: production, companyRegion: .success(("11", "Île-de-France")), score: score, on: CalendarDate(on)!).match(primeRSE)
    }

    @Test func theShippedPrimeRSEPlusIsTheCNCs() {
        #expect(Self.primeRSE.amountCents == 2_800_000 && Self.primeRSE.currency == "EUR")
        #expect((Self.primeRSE.open.start, Self.primeRSE.open.end) == ("2025-09-01", "2028-08-31"))
        #expect(Self.primeRSE.labelRequirements.map(\.minimumLevel) == [2])
    }

    @Test func aFictionAtLevelTwoIsEligibleSayingWhy() {
        let match = Self.match(Self.production(.series), score: Self.score(level: 2))
        #expect(match.eligible)
        #expect(match.conditions.map(\.reason) == [
            "open on 2026-03-01 (from 2025-09-01 to 2028-08-31)", "series is eligible", "produced in FR", "level 2 reached (on a draft grid)",
        ])
    }

    @Test func eachUnmetConditionSaysWhyNot() {
        let documentary = Self.match(Self.production(.documentary), score: Self.score(level: 3))
        #expect(!documentary.eligible && documentary.conditions[1].reason == "documentary is not: feature-film, tv-film, series only")

        let level1 = Self.match(Self.production(.featureFilm), score: Self.score(level: 1, blocking: ["c2-1", "c2-2"]))
        #expect(!level1.eligible && level1.conditions[3].reason == "level 1 reached; for level 2 still to do: c2-1, c2-2")

        let early = Self.match(Self.production(.featureFilm), score: Self.score(level: 2), on: "2025-08-31")
        #expect(!early.eligible && early.conditions[0].reason == "opens on 2025-09-01 (from 2025-09-01 to 2028-08-31)")
        let late = Self.match(Self.production(.featureFilm), score: Self.score(level: 2), on: "2028-09-01")
        #expect(!late.eligible && late.conditions[0].reason == "closed on 2028-08-31 (from 2025-09-01 to 2028-08-31)")

        let otherGrid = Self.match(Self.production(.featureFilm, framework: "ecoprod-label"), score: Self.score(level: 2))
        #expect(otherGrid.conditions[3].reason == "the production is assessed against ecoprod-label, not afnor-spec-2308")

        let noScoring = Self.match(Self.production(.featureFilm), score: .failure(RPCError(.unimplemented, "service ecoprod.scoring.v1.Scoring")))
        #expect(!noScoring.eligible && noScoring.conditions[3].reason == "cannot be checked: service ecoprod.scoring.v1.Scoring")
    }
}
