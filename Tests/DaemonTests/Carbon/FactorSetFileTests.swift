@testable import EcoprodDaemon
import EcoprodAPI
import Foundation
import Testing

@Suite("Factor set files")
struct FactorSetFileTests {
    static let factorsDirectory = Repository.path("data/factors")

    @Test func theShippedSetLoadsAndSaysItIsADraft() throws {
        let (files, errors) = FactorSetFile.loadDirectory(Self.factorsDirectory)
        #expect(errors.isEmpty, "\(errors)")
        let set = try #require(files.first?.content)
        #expect(files.count == 1)
        #expect((set.id, set.version) == ("ecoprod-reference", "2025.1-draft"))
        #expect(set.draft && !set.draftNotice.isEmpty && !set.licence.isEmpty)
        #expect(set.factors.count == 80)
        let electricity = try #require(set.factors.first { $0.id == "electricity_fr_2023_kwh" })
        #expect(electricity.unit == "kWh" && electricity.kgCo2EPerUnit > 0 && electricity.uncertaintyPercent > 0)
    }

    /// What the Base Carbone importer produces is a valid set.
    @Test func anImportedBaseCarboneSetIsValid() throws {
        let sample = try BaseCarboneFileTests.windows1252(try BaseCarboneFileTests.sampleText)
        var set = try BaseCarboneFile.factorSet(sample, into: BaseCarboneFileTests.set)
        set.title = "Base Carbone"
        set.source = "ADEME"
        #expect(FactorSetFile.firstProblem(in: set) == nil)
    }

    @Test(arguments: [
        Breakage("the source", { $0.source = "" }, "source: required: who publishes these values"),
        Breakage("a repeated id", { $0.factors[1].id = "a" }, #"factors[1].id: "a" is used twice (also factors[0])"#),
        Breakage("a unit", { $0.factors[0].unit = "parsec" }, #"factors[0] (a): unit: unknown unit "parsec""#),
        Breakage("infinity", { $0.factors[1].kgCo2EPerUnit = .infinity }, "factors[1] (b): kg_co2e_per_unit: inf is not a number"),
        Breakage("NaN", { $0.factors[1].uncertaintyPercent = .nan }, "factors[1] (b): uncertainty_percent: nan is not a percentage"),
        Breakage("a draft without notice", { $0.draft = true }, "draft_notice: required for a draft, to tell users what is not official"),
    ] as [Breakage<Ecoprod_Carbon_V1_FactorSet, String>])
    func aBrokenRuleIsNamed(_ breakage: Breakage<Ecoprod_Carbon_V1_FactorSet, String>) {
        let set = Ecoprod_Carbon_V1_FactorSet.with {
            $0.id = "test"
            $0.version = "1"
            $0.title = "Test"
            $0.source = "Here"
            $0.licence = "CC0"
            $0.factors = [
                .with { $0.id = "a"; $0.nameEn = "A"; $0.unit = "kWh"; $0.kgCo2EPerUnit = 0.05 },
                .with { $0.id = "b"; $0.nameFr = "B"; $0.unit = "litre"; $0.kgCo2EPerUnit = 3.1; $0.uncertaintyPercent = 10 },
            ]
        }
        #expect(FactorSetFile.firstProblem(in: set) == nil)
        #expect(FactorSetFile.firstProblem(in: breakage.applied(to: set)) == breakage.expected)
    }
}
