import EcoprodAPI

/// What AFNOR Certification would find missing in a production's dossier at a stage.
public enum DossierValidator {
    public typealias Finding = Ecoprod_Afnor_V1_Finding

    public static func findings(
        stage: Ecoprod_Afnor_V1_Stage, assessment: Ecoprod_Label_V1_ProductionAssessment, framework: Ecoprod_Label_V1_Framework,
        score: Ecoprod_Scoring_V1_ScoreReport, hasFinalFootprint: Bool
    ) -> [Finding] {
        let criteria = Dictionary(framework.criteria.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var findings: [Finding] = []
        func add(_ criterion: String, _ field: String, _ message: String) {
            findings.append(.with { $0.criterionID = criterion; $0.field = field; $0.message = message })
        }
        let scheme = assessment.production.details.scheme
        if scheme.isEmpty { add("", "scheme", "the production names no scheme to apply for") }
        for entry in assessment.criteria where entry.applicableToKind {
            guard let criterion = criteria[entry.criterionID] else { continue }
            switch stage {
            case .application:
                if criterion.mandatory, entry.status == .toDo {
                    add(entry.criterionID, "status", "mandatory criterion \(entry.criterionID) (\(criterion.title)) is still to do")
                }
            case .intermediate, .final:
                if entry.status == .done, entry.actions.isEmpty {
                    add(entry.criterionID, "actions", "\(entry.criterionID) is done but the actions taken are not described")
                }
                if criterion.mandatory, entry.status == .done, entry.evidenceSha256.isEmpty {
                    add(entry.criterionID, "evidence", "mandatory criterion \(entry.criterionID) is done without a supporting document")
                }
                if stage == .final, criterion.mandatory, entry.status != .done {
                    add(entry.criterionID, "status", "mandatory criterion \(entry.criterionID) (\(criterion.title)) is not done")
                }
            default:
                break
            }
        }
        if stage == .final {
            if let eligibility = score.schemes.first(where: { $0.schemeID == scheme }), !eligibility.eligible {
                add("", "score", "not eligible for \(scheme): " + eligibility.reasons.joined(separator: "; "))
            }
            if !hasFinalFootprint { add("", "final_footprint", "no final carbon footprint: create one with the final cost (ecoprodctl footprint create --kind final)") }
        }
        return findings
    }
}
