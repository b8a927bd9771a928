import DossierKit
import EcoprodAPI

/// A small framework and a production's grid, in the states validation cares about.
enum DossierFixtures {
    static let framework = Ecoprod_Label_V1_Framework.with {
        $0.id = "small"
        $0.version = "1"
        $0.draft = true
        $0.draftNotice = "DRAFT: test grid"
        $0.criteria = [
            .with { $0.id = "M1"; $0.section = "A"; $0.title = "Référent éco"; $0.points = 3; $0.mandatory = true },
            .with { $0.id = "M2"; $0.section = "A"; $0.title = "Bilan carbone"; $0.points = 3; $0.mandatory = true },
            .with { $0.id = "C1"; $0.section = "B"; $0.title = "Tri des déchets"; $0.points = 2 },
            .with { $0.id = "C2"; $0.section = "B"; $0.title = "Repas végétariens"; $0.points = 1 },
            .with { $0.id = "C3"; $0.section = "C"; $0.title = "Groupe électrogène <HVO>"; $0.points = 5 },
        ]
    }

    static func assessment(_ configure: (inout [Ecoprod_Label_V1_CriterionAssessment]) -> Void = { _ in }) -> Ecoprod_Label_V1_ProductionAssessment {
        var criteria: [Ecoprod_Label_V1_CriterionAssessment] = [
            .with { $0.criterionID = "M1"; $0.status = .done; $0.actions = "Nommé"; $0.responsible = "C. Martin"; $0.evidenceSha256 = [String(repeating: "a", count: 64)] },
            .with { $0.criterionID = "M2"; $0.status = .done; $0.actions = "Fait, \"v2\""; $0.evidenceSha256 = [String(repeating: "b", count: 64)] },
            .with { $0.criterionID = "C1"; $0.status = .done; $0.actions = "Bacs" },
            .with { $0.criterionID = "C2"; $0.status = .inProgress },
            .with { $0.criterionID = "C3"; $0.status = .notApplicable; $0.justification = "pas de groupe" },
        ]
        for index in criteria.indices { criteria[index].applicableToKind = true }
        configure(&criteria)
        return .with {
            $0.production = .with {
                $0.id = "prod-test"
                $0.revision = 7
                $0.frameworkID = "small"
                $0.frameworkVersion = "1"
                $0.frameworkDraft = true
                $0.details.title = "Les Heures claires"
                $0.details.scheme = "performance"
            }
            $0.criteria = criteria
        }
    }

    static let score = Ecoprod_Scoring_V1_ScoreReport.with {
        $0.scorePercent = 72.73
        $0.earnedPoints = 8
        $0.applicablePoints = 11
        $0.stars = 1
        $0.schemes = [.with { $0.schemeID = "performance"; $0.eligible = true }]
    }

    static let evidence: [String: Ecoprod_Label_V1_Evidence] = [
        String(repeating: "a", count: 64): .with { $0.sha256 = String(repeating: "a", count: 64); $0.name = "nomination.pdf"; $0.size = 10 },
        String(repeating: "b", count: 64): .with { $0.sha256 = String(repeating: "b", count: 64); $0.name = "../../bilan.pdf"; $0.size = 20 },
    ]

    static func inputs(stage: Ecoprod_Afnor_V1_Stage = .intermediate, assessment: Ecoprod_Label_V1_ProductionAssessment = assessment()) -> DossierInputs {
        DossierInputs(
            stage: stage, findings: [], forced: false, assessment: assessment, framework: framework, score: score, evidence: evidence,
            finalFootprint: nil, carbonFiles: [], daemonVersion: "0.1.0"
        )
    }
}
