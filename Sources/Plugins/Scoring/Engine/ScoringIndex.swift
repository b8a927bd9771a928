import EcoprodAPI

/// A framework prepared for scoring: per criterion, its points, flags, section and stage
/// as plain arrays, so that scoring a production is one pass without lookups. Built once
/// per framework version (published versions never change).
public struct ScoringIndex: Sendable {
    public let framework: Ecoprod_Label_V1_Framework
    let ids: [String]
    let points: [UInt32]
    let mandatory: [Bool]
    let levels: [UInt32]
    let sectionOf: [Int]
    let stageOf: [Int]
    let positionOf: [String: Int]

    public init(_ framework: Ecoprod_Label_V1_Framework) {
        self.framework = framework
        let sections = Dictionary(framework.sections.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { first, _ in first })
        let stages = Dictionary(framework.stages.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let criteria = framework.criteria
        ids = criteria.map(\.id)
        points = criteria.map(\.points)
        mandatory = criteria.map(\.mandatory)
        levels = criteria.map(\.level)
        sectionOf = criteria.map { sections[$0.section] ?? 0 }
        stageOf = criteria.map { stages[$0.stage] ?? 0 }
        positionOf = Dictionary(criteria.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    var count: Int { ids.count }

    /// Each criterion's status and effort, in framework order, from a production's grid
    /// (which the label domain keeps in that order; anything else is matched by id).
    func states(of assessment: Ecoprod_Label_V1_ProductionAssessment) throws(ScoringError) -> [CriterionState] {
        var states = [CriterionState](repeating: CriterionState(status: .toDo, effort: 1, applicableToKind: true), count: count)
        let grid = assessment.criteria
        let inOrder = grid.count == count && grid.indices.allSatisfy { grid[$0].criterionID == ids[$0] }
        for (offset, criterion) in grid.enumerated() {
            guard let position = inOrder ? offset : positionOf[criterion.criterionID] else {
                throw ScoringError(.failedPrecondition, "criterion \(criterion.criterionID) of production \(assessment.production.id) is not in framework \(framework.id) version \(framework.version)")
            }
            states[position] = CriterionState(status: criterion.status, effort: max(criterion.effort, 1), applicableToKind: criterion.applicableToKind)
        }
        return states
    }
}

/// One criterion of one production, as scoring sees it.
struct CriterionState {
    var status: Ecoprod_Label_V1_CriterionStatus
    var effort: UInt32
    var applicableToKind: Bool

    var isApplicable: Bool { applicableToKind && status != .notApplicable }
    var isDone: Bool { isApplicable && status == .done }
}
