import EcoprodAPI
import EcoprodProtocol
import Foundation

/// The rules of one criterion's assessment: which fields a change may name, and what a
/// valid result is.
enum CriterionChange {
    typealias Assessment = Ecoprod_Label_V1_CriterionAssessment
    static let paths = ["status", "actions", "responsible", "justification", "effort"]
    static let efforts: ClosedRange<UInt32> = 1...10_000

    /// `current` with the masked fields of `request.criterion`, checked, and the history of what changed.
    static func apply(_ request: Ecoprod_Label_V1_UpdateCriterionRequest, to current: Assessment, criterion: Ecoprod_Label_V1_Criterion) throws(RPCError) -> (Assessment, [Ecoprod_Label_V1_FieldChange]) {
        let mask = request.updateMask.paths
        guard !mask.isEmpty || !request.addEvidenceSha256.isEmpty || !request.removeEvidenceSha256.isEmpty else {
            throw RPCError(.invalidArgument, "update_mask: name at least one of \(paths.joined(separator: ", ")), or add or remove evidence")
        }
        let given = request.criterion
        var updated = current
        for path in mask {
            switch path {
            case "status": updated.status = given.status
            case "actions": updated.actions = given.actions
            case "responsible": updated.responsible = given.responsible
            case "justification": updated.justification = given.justification
            case "effort": updated.effort = given.effort
            default: throw RPCError(.invalidArgument, "update_mask: unknown path \(path); paths are \(paths.joined(separator: ", "))")
            }
        }
        guard (1...4).contains(updated.status.rawValue) else {
            throw RPCError(.invalidArgument, "criterion.status: one of to do, in progress, done, not applicable")
        }
        if updated.status == .notApplicable {
            guard !criterion.mandatory else {
                throw RPCError(.failedPrecondition, "criterion \(criterion.id) is mandatory and cannot be not applicable")
            }
            guard !updated.justification.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw RPCError(.invalidArgument, "criterion.justification: required when the status is not applicable")
            }
        }
        guard efforts.contains(updated.effort) else {
            throw RPCError(.invalidArgument, "criterion.effort: \(updated.effort) is not in \(efforts.lowerBound)...\(efforts.upperBound)")
        }
        let texts: [(String, (Assessment) -> String)] = [
            ("status", { statusName($0.status) }), ("actions", \.actions), ("responsible", \.responsible),
            ("justification", \.justification), ("effort", { "\($0.effort)" }),
        ]
        let changes = texts.compactMap { field, text -> Ecoprod_Label_V1_FieldChange? in
            let (before, after) = (text(current), text(updated))
            return before == after ? nil : .with { $0.field = field; $0.oldValue = before; $0.newValue = after }
        }
        return (updated, changes)
    }

    static func statusName(_ status: Ecoprod_Label_V1_CriterionStatus) -> String {
        switch status {
        case .toDo: "to do"
        case .inProgress: "in progress"
        case .done: "done"
        case .notApplicable: "not applicable"
        default: "unspecified"
        }
    }
}
