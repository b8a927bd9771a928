@testable import EcoprodDaemon
import EcoprodAPI
import Foundation
import SwiftProtobuf
import Testing

@Suite("Framework files")
struct FrameworkFileTests {
    @Test func theShippedFrameworksLoadAndSayTheyAreDrafts() throws {
        let (frameworks, errors) = FrameworkFile.loadDirectory(LabelFixtures.frameworksDirectory)
        #expect(errors.isEmpty, "\(errors)")
        #expect(frameworks.map(\.content.id) == ["afnor-spec-2308", "ecoprod-label"])

        let label = try LabelFixtures.shipped("ecoprod-label")
        #expect(label.rule == .points)
        #expect(label.criteria.count == 80)
        #expect(Set(label.criteria.map(\.section)).count == 10)
        #expect(label.criteria.filter(\.mandatory).map(\.id) == ["A01", "A02", "A03", "A04", "G01", "H01", "H02", "H03"])
        #expect(label.criteria.reduce(0) { $0 + $1.points } == 143)
        #expect(label.schemes.first?.thresholdPercent == 65)
        #expect(label.draft && !label.draftNotice.isEmpty)

        let afnor = try LabelFixtures.shipped("afnor-spec-2308")
        #expect(afnor.rule == .levels)
        #expect(afnor.criteria.count == 28)
        #expect(afnor.levels.map(\.number) == [1, 2, 3])
        #expect(afnor.draft)
    }

    /// Each rule, broken once in an otherwise valid framework, is named by its field.
    @Test(arguments: [
        Breakage("an id", { $0.id = "Ecoprod" }, #"id: "Ecoprod" must be 1 to 64 of a-z, 0-9 and -, starting with a letter or digit"#),
        Breakage("a version", { $0.version = "1 0" }, #"version: "1 0" must be 1 to 64 of A-Z, a-z, 0-9, '.', '_' and '-'"#),
        Breakage("a draft without notice", { $0.draft = true }, "draft_notice: required for a draft, to tell users what is not official"),
        Breakage("an import stamp", { $0.importedFrom = "x.json" }, "imported_at, imported_from: set by the daemon, not in a file"),
        Breakage("a repeated stage", { $0.stages.append("shooting") }, #"stages[2]: stage "shooting" is used twice (also stages[1])"#),
        Breakage("a repeated criterion", { $0.criteria[2].id = "M" }, #"criteria[2].id: criterion "M" is used twice (also criteria[0].id)"#),
        Breakage("an unknown section", { $0.criteria[1].section = "Z" }, #"criteria[1] (S): section: "Z" is not one of the sections"#),
        Breakage("an unknown stage", { $0.criteria[1].stage = "wrap" }, #"criteria[1] (S): stage: "wrap" is not one of the stages"#),
        Breakage("a mandatory criterion of 0 points", { $0.criteria[0].points = 0 }, "criteria[0] (M): points: a mandatory criterion must be worth points"),
        Breakage("a level under points", { $0.criteria[2].level = 1 }, "criteria[2] (F): level: only for SCORING_RULE_LEVELS"),
        Breakage("an unspecified kind", { $0.criteria[2].applicableKinds = [.unspecified] }, "criteria[2] (F): applicable_kinds: PRODUCTION_KIND_UNSPECIFIED is not a kind"),
        Breakage("a threshold of 0", { $0.schemes[0].thresholdPercent = 0 }, "schemes[0] (performance): threshold_percent: 0.0 is not in (0, 100]"),
        Breakage("falling stars", { $0.stars = [.with { $0.stars = 2; $0.thresholdPercent = 80 }, .with { $0.stars = 1; $0.thresholdPercent = 90 }] },
                 "stars[1]: stars and thresholds must rise from one level to the next"),
        Breakage("levels without levels", { $0.rule = .levels }, "criteria[0] (M): level: 0 is not one of 1...0"),
    ] as [Breakage<Framework, String>])
    func aBrokenRuleIsNamed(_ breakage: Breakage<Framework, String>) {
        #expect(FrameworkRules.firstProblem(in: LabelFixtures.small) == nil)
        #expect(FrameworkRules.firstProblem(in: breakage.applied(to: LabelFixtures.small)) == breakage.expected)
    }

    @Test func aBadFileIsReportedAndTheOthersStillLoad() throws {
        let directory = try TemporaryDirectory()
        try LabelFixtures.small.jsonUTF8Data().write(to: URL(fileURLWithPath: "\(directory.path)/a-small.json"))
        try Data(#"{"id": "b", "criteria": 3}"#.utf8).write(to: URL(fileURLWithPath: "\(directory.path)/b-broken.json"))
        try Data("not read".utf8).write(to: URL(fileURLWithPath: "\(directory.path)/c-notes.txt"))

        let (frameworks, errors) = FrameworkFile.loadDirectory(directory.path)
        #expect(frameworks.map(\.content) == [LabelFixtures.small])
        #expect(frameworks.map(\.fileName) == ["\(directory.path)/a-small.json"])
        #expect(errors.map(\.fileName) == ["\(directory.path)/b-broken.json"])
        #expect(errors.first?.message.hasPrefix("not the JSON of a ecoprod.label.v1.Framework:") == true)
    }
}
