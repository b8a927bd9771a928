import EcoprodAPI

/// The statuses of a what-if, checked as Label/UpdateCriterion checks a status change:
/// a criterion of the framework, a real status, never not applicable when mandatory.
enum StatusOverrides {
    static func apply(_ overrides: [Ecoprod_Scoring_V1_StatusOverride], to states: inout [CriterionState], _ index: ScoringIndex) throws(ScoringError) {
        for (offset, override) in overrides.enumerated() {
            let field = "overrides[\(offset)]"
            guard let position = index.positionOf[override.criterionID] else {
                throw ScoringError(.notFound, "\(field).criterion_id: criterion \"\(override.criterionID)\" is not in framework \(index.frameworkName)")
            }
            switch override.status {
            case .toDo, .inProgress, .done:
                break
            case .notApplicable:
                guard !index.mandatory[position] else {
                    throw ScoringError(.failedPrecondition, "\(field).status: criterion \(override.criterionID) is mandatory and cannot be not applicable")
                }
            case .unspecified, .UNRECOGNIZED:
                throw ScoringError(.invalidArgument, "\(field).status: one of CRITERION_STATUS_TO_DO, IN_PROGRESS, DONE, NOT_APPLICABLE")
            }
            states[position].status = override.status
        }
    }
}
