import EcoprodAPI
import Foundation

/// A framework prepared for scoring: per criterion, its points, flags, section, stage and
/// level as plain arrays, so that scoring a production is one pass without lookups or
/// string comparisons. Built once per framework version (a published version never
/// changes) and shared between calls; a class, so that passing it around is one
/// reference rather than a dozen.
public final class ScoringIndex: Sendable {
    public let framework: Ecoprod_Label_V1_Framework
    let ids: [String]
    let points: [UInt32]
    let mandatory: [Bool]
    let levels: [UInt32]
    /// The position in framework.sections; nil for a section the framework does not list.
    let sectionOf: [Int?]
    let positionOf: [String: Int]
    /// Every position in plan order: by stage (a stage the framework does not list
    /// last), then framework order.
    let planOrder: [Int]
    let schemeThresholds: [Threshold]
    let starThresholds: [Threshold]

    public init(_ framework: Ecoprod_Label_V1_Framework) {
        self.framework = framework
        let sections = Self.firstPositions(framework.sections.map(\.code))
        let stages = Self.firstPositions(framework.stages)
        let criteria = framework.criteria
        ids = criteria.map(\.id)
        points = criteria.map(\.points)
        mandatory = criteria.map(\.mandatory)
        levels = criteria.map(\.level)
        sectionOf = criteria.map { sections[$0.section] }
        positionOf = Self.firstPositions(ids)
        let stageOf = criteria.map { stages[$0.stage] ?? stages.count }
        planOrder = criteria.indices.sorted { (stageOf[$0], $0) < (stageOf[$1], $1) }
        schemeThresholds = framework.schemes.map { Threshold(percent: $0.thresholdPercent) }
        starThresholds = framework.stars.map { Threshold(percent: $0.thresholdPercent) }
    }

    private static func firstPositions(_ keys: [String]) -> [String: Int] {
        Dictionary(keys.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }

    var count: Int { ids.count }

    /// Each criterion's status and effort, in framework order, from a production's grid
    /// (which the label domain keeps in that order; any other order is matched by id).
    /// A criterion the grid leaves out is to do.
    func states(of assessment: Ecoprod_Label_V1_ProductionAssessment) throws(ScoringError) -> [CriterionState] {
        if assessment.criteria.isEmpty, !assessment.packedStatuses.isEmpty {
            return try states(packed: assessment.packedStatuses, of: assessment.production)
        }
        var states = [CriterionState](repeating: CriterionState(status: .toDo, effort: 1, applicableToKind: true), count: count)
        let grid = assessment.criteria
        for offset in grid.indices {
            // Field by field: copying a whole entry (strings, evidence, timestamp) costs
            // more than scoring it.
            let id = grid[offset].criterionID
            let position: Int
            if offset < count, ids[offset] == id {
                position = offset
            } else if let found = positionOf[id] {
                position = found
            } else {
                throw ScoringError(.failedPrecondition, "criterion \(id) of production \(assessment.production.id) is not in framework \(frameworkName)")
            }
            states[position] = state(position, grid[offset].status, effort: grid[offset].effort, applicableToKind: grid[offset].applicableToKind)
        }
        return states
    }

    /// The states of an export's packed_statuses: a byte per criterion in framework order,
    /// the status in bits 0-2 and applicability in bit 3. Efforts are not in it.
    private func states(packed: Data, of production: Ecoprod_Label_V1_Production) throws(ScoringError) -> [CriterionState] {
        guard packed.count == count else {
            throw ScoringError(.failedPrecondition, "production \(production.id) has \(packed.count) packed statuses; framework \(frameworkName) has \(count) criteria")
        }
        return packed.withUnsafeBytes { bytes in
            bytes.indices.map { position in
                let status = Ecoprod_Label_V1_CriterionStatus(rawValue: Int(bytes[position] & 0b111)) ?? .unspecified
                return state(position, status, effort: 1, applicableToKind: bytes[position] & 0b1000 != 0)
            }
        }
    }

    private func state(_ position: Int, _ status: Ecoprod_Label_V1_CriterionStatus, effort: UInt32, applicableToKind: Bool) -> CriterionState {
        // A mandatory criterion cannot be not applicable (the label domain refuses it);
        // a grid that says so anyway is read as not done rather than excused.
        CriterionState(status: mandatory[position] && status == .notApplicable ? .toDo : status, effort: max(effort, 1), applicableToKind: applicableToKind)
    }

    /// "ecoprod-label 2022.12-draft", for messages.
    var frameworkName: String { "\(framework.id) \(framework.version)" }
}

/// One criterion of one production, as scoring sees it.
struct CriterionState {
    var status: Ecoprod_Label_V1_CriterionStatus
    /// The team's estimate, at least 1.
    var effort: UInt32
    var applicableToKind: Bool

    var isApplicable: Bool { applicableToKind && status != .notApplicable }
    var isDone: Bool { isApplicable && status == .done }
    /// Applicable and not done yet: what a plan chooses from.
    var isRemaining: Bool { isApplicable && status != .done }
}
