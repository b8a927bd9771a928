import EcoprodAPI
import ScoringEngine
import Testing

/// PlanToThreshold: the cheapest plan, checked against exhaustive search, its tie-break,
/// mandatory criteria, the unreachable case and levels frameworks.
struct PlannerTests {
    typealias F = Fixtures

    private func plan(
        _ framework: Ecoprod_Label_V1_Framework, _ assessment: Ecoprod_Label_V1_ProductionAssessment, scheme: String = ""
    ) throws -> Ecoprod_Scoring_V1_Plan {
        try Planner.plan(assessment, with: ScoringIndex(framework), scheme: scheme)
    }

    @Test func theCheapestCriteriaAreChosenNotTheMostPoints() throws {
        // 10 points, 50 % = 5, 2 done: 3 more. Big (4 points, effort 9) or Mid + Small (2 + 2, effort 2 + 2).
        let framework = F.pointsFramework([
            F.criterion("Done", points: 2), F.criterion("Big", points: 4), F.criterion("Mid", points: 2), F.criterion("Small", points: 2),
        ], schemes: [("half", 50)])
        let plan = try plan(framework, F.assessment(of: framework, scheme: "half", statuses: ["Done": .done], efforts: ["Big": 9, "Mid": 2, "Small": 2]))
        #expect(plan.reachable)
        #expect(plan.schemeID == "half")
        #expect(plan.steps.map(\.criterionID) == ["Mid", "Small"])
        #expect(plan.totalEffort == 4)
        #expect(plan.currentPercent == 20)
        #expect(plan.projectedPercent == 60)
        #expect(plan.revision == 7)
    }

    @Test func equalCostsGoToTheEarlierStageThenTheEarlierCriterion() throws {
        let framework = F.pointsFramework([
            F.criterion("Wrap1", stage: "wrap"), F.criterion("Prep1", stage: "preparation"),
            F.criterion("Prep2", stage: "preparation"), F.criterion("Post1", stage: "post-production"),
        ], schemes: [("half", 50)])
        let plan = try plan(framework, F.assessment(of: framework, scheme: "half"))
        #expect(plan.steps.map(\.criterionID) == ["Prep1", "Prep2"])
        #expect(plan.steps.map(\.stage) == ["preparation", "preparation"])
    }

    @Test func everyMissingMandatoryCriterionIsInThePlanEvenAboveTheThreshold() throws {
        let framework = F.pointsFramework([
            F.criterion("A1", points: 8, stage: "shooting"), F.criterion("M1", points: 1, stage: "wrap", mandatory: true),
            F.criterion("M2", points: 1, stage: "development", mandatory: true),
        ])
        let plan = try plan(framework, F.assessment(of: framework, statuses: ["A1": .done, "M2": .inProgress], efforts: ["M1": 3]))
        #expect(plan.reachable)
        #expect(plan.steps.map(\.criterionID) == ["M2", "M1"], "stage order: development before wrap")
        #expect(plan.steps.allSatisfy { $0.mandatory })
        #expect(plan.steps.map(\.status) == [.inProgress, .toDo])
        #expect(plan.totalEffort == 4)
        #expect(plan.projectedPercent == 100)
    }

    @Test func nothingApplicableMakesThePlanUnreachable() throws {
        let framework = F.pointsFramework([F.criterion("A1", points: 3), F.criterion("A2", points: 3)])
        let plan = try plan(framework, F.assessment(of: framework, statuses: ["A1": .notApplicable], excludedForKind: ["A2"]))
        #expect(!plan.reachable)
        #expect(plan.unreachableReason == "no criterion applies to production prod-test, so its score stays 0 %")
        #expect(plan.steps.isEmpty)
        #expect(plan.projectedPercent == 0)
    }

    @Test func anUnknownSchemeIsRefusedNamingTheField() throws {
        let framework = F.pointsFramework([F.criterion("A1")])
        #expect(throws: ScoringError(.invalidArgument, "scheme: \"gold\" is not a scheme of framework test-grid 1 (performance, commitment)")) {
            try plan(framework, F.assessment(of: framework), scheme: "gold")
        }
    }

    @Test func aLevelsPlanIsEverythingOpenUpToTheRequiredLevel() throws {
        let framework = F.levelsFramework([
            F.criterion("1.1", stage: "shooting", level: 1), F.criterion("1.2", level: 1), F.criterion("2.1", stage: "development", level: 2),
            F.criterion("2.2", level: 2), F.criterion("2.3", level: 2), F.criterion("3.1", stage: "development", level: 3),
        ])
        let assessment = F.assessment(of: framework, scheme: "prime-rse-plus", statuses: ["1.2": .done, "2.2": .notApplicable], efforts: ["2.3": 4])
        let plan = try plan(framework, assessment)
        #expect(plan.reachable)
        #expect(plan.requiredLevel == 2)
        #expect(plan.steps.map(\.criterionID) == ["2.1", "2.3", "1.1"], "development, preparation, shooting")
        #expect(plan.totalEffort == 6)
        let reached = try Scorer.whatIf(assessment, overrides: plan.steps.map { step in .with { $0.criterionID = step.criterionID; $0.status = .done } }, with: ScoringIndex(framework))
        #expect(reached.levelReached == 2)
        #expect(reached.schemes.first?.eligible == true)

        let beyond = try self.plan(F.levelsFramework(framework.criteria, requiredLevel: 4), assessment)
        #expect(!beyond.reachable)
        #expect(beyond.unreachableReason == "level 4 is beyond the 3 levels of framework test-grid 1")
    }

    /// Random small frameworks against exhaustive search: the plan's optional criteria
    /// are, of all the subsets reaching the threshold, the cheapest, and among the
    /// cheapest the one whose (stage, framework position) list sorts first; every missing
    /// mandatory criterion is in it; its steps are in stage order.
    @Test func plansMatchExhaustiveSearch() throws {
        var random = SeededGenerator(seed: 2308)
        for round in 0..<200 {
            let (framework, assessment) = randomProduction(&random)
            let plan = try plan(framework, assessment)
            let expected = exhaustivePlan(framework, assessment)
            let ids = framework.criteria.map(\.id)
            let stageOf = framework.criteria.map { framework.stages.firstIndex(of: $0.stage)! }
            #expect(plan.reachable == (expected != nil), "round \(round)")
            guard let expected, plan.reachable else { continue }
            let positions = plan.steps.map { ids.firstIndex(of: $0.criterionID)! }
            #expect(Set(positions.filter { !framework.criteria[$0].mandatory }) == Set(expected.optional), "round \(round)")
            #expect(Set(positions.filter { framework.criteria[$0].mandatory }) == Set(expected.forced), "round \(round)")
            #expect(plan.totalEffort == expected.cost, "round \(round)")
            let keys = positions.map { (stageOf[$0], $0) }
            #expect(zip(keys, keys.dropFirst()).allSatisfy { $0 < $1 }, "round \(round): steps in stage order")
        }
    }

    private func randomProduction(_ random: inout SeededGenerator) -> (Ecoprod_Label_V1_Framework, Ecoprod_Label_V1_ProductionAssessment) {
        let criteria = (0..<Int.random(in: 1...12, using: &random)).map { n in
            F.criterion(
                "C\(n)", points: UInt32.random(in: 1...3, using: &random), section: Bool.random(using: &random) ? "A" : "B",
                stage: F.stages.randomElement(using: &random)!, mandatory: Int.random(in: 0..<5, using: &random) == 0
            )
        }
        let framework = F.pointsFramework(criteria, schemes: [("random", Double(Int.random(in: 1...100, using: &random)))])
        var statuses: [String: Ecoprod_Label_V1_CriterionStatus] = [:]
        var efforts: [String: UInt32] = [:]
        var excluded: Set<String> = []
        for criterion in criteria {
            let choices: [Ecoprod_Label_V1_CriterionStatus] = criterion.mandatory ? [.toDo, .inProgress, .done] : [.toDo, .inProgress, .done, .notApplicable]
            statuses[criterion.id] = choices.randomElement(using: &random)!
            efforts[criterion.id] = UInt32.random(in: 1...5, using: &random)
            if Int.random(in: 0..<10, using: &random) == 0 { excluded.insert(criterion.id) }
        }
        return (framework, F.assessment(of: framework, scheme: "random", statuses: statuses, efforts: efforts, excludedForKind: excluded))
    }

    /// Every subset of the remaining optional criteria, tried; nil when nothing applies.
    private func exhaustivePlan(
        _ framework: Ecoprod_Label_V1_Framework, _ assessment: Ecoprod_Label_V1_ProductionAssessment
    ) -> (optional: [Int], forced: [Int], cost: UInt32)? {
        let criteria = framework.criteria, grid = assessment.criteria
        let applicable = criteria.indices.filter { grid[$0].applicableToKind && grid[$0].status != .notApplicable }
        let remaining = applicable.filter { grid[$0].status != .done }
        let forced = remaining.filter { criteria[$0].mandatory }
        let optional = remaining.filter { !criteria[$0].mandatory }
        let applicablePoints = applicable.reduce(0) { $0 + criteria[$1].points }
        guard applicablePoints > 0 else { return nil }
        let threshold = UInt32(framework.schemes[0].thresholdPercent)
        let base = (applicable.filter { grid[$0].status == .done } + forced).reduce(0) { $0 + criteria[$1].points }
        let stageOf = criteria.map { framework.stages.firstIndex(of: $0.stage)! }
        var best: (subset: [Int], cost: UInt32)?
        for mask in 0..<(1 << optional.count) {
            let subset = optional.indices.filter { mask & (1 << $0) != 0 }.map { optional[$0] }
            guard (base + subset.reduce(0) { $0 + criteria[$1].points }) * 100 >= threshold * applicablePoints else { continue }
            let cost = subset.reduce(0) { $0 + grid[$1].effort }
            let keys = subset.map { (stageOf[$0], $0) }.sorted { $0 < $1 }
            if let current = best {
                let currentKeys = current.subset.map { (stageOf[$0], $0) }.sorted { $0 < $1 }
                let earlier = keys.lexicographicallyPrecedes(currentKeys) { $0 < $1 }
                guard cost < current.cost || (cost == current.cost && earlier) else { continue }
            }
            best = (subset, cost)
        }
        guard let best else { return nil }
        return (best.subset, forced, best.cost + forced.reduce(0) { $0 + grid[$1].effort })
    }
}
