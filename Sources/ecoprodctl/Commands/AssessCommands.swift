import ArgumentParser
import EcoprodAPI
import EcoprodClient
import SwiftProtobuf

struct AssessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assess", abstract: "Record a criterion's status, actions and evidence (editor).",
        discussion: """
        Only the options given change; each --evidence file is uploaded first, then linked. \
        Example: ecoprodctl assess PRODUCTION A01 done --responsible "C. Martin" --evidence roadmap.pdf
        """
    )
    @OptionGroup var global: GlobalOptions

    @Argument(help: "The production id.")
    var production: String

    @Argument(help: "The criterion id, e.g. A01.")
    var criterion: String

    @Argument(help: "todo, in-progress, done or n/a (not-applicable).")
    var status: StatusArgument

    @Option(help: "The actions taken, as the audit grid asks.")
    var actions: String?

    @Option(help: "Who is responsible for it.")
    var responsible: String?

    @Option(help: "Why it does not apply (required with n/a).")
    var justification: String?

    @Option(help: "The team's effort estimate, for plans (1 to 10000).")
    var effort: UInt32?

    @Option(name: .customLong("evidence"), help: "A file to upload and link; repeatable.")
    var evidenceFiles: [String] = []

    @OptionGroup var revision: ExpectedRevisionOption

    /// The fields given, as the assessment to send and the mask naming them.
    private var change: MaskedChange<Ecoprod_Label_V1_CriterionAssessment> {
        var change = MaskedChange(Ecoprod_Label_V1_CriterionAssessment())
        change.set("status", status.value, \.status)
        change.set("actions", actions, \.actions)
        change.set("responsible", responsible, \.responsible)
        change.set("justification", justification, \.justification)
        change.set("effort", effort, \.effort)
        return change
    }

    func run() throws {
        try reportingFailures {
            let connection = try global.connect()
            let uploaded = try evidenceFiles.map { try EvidenceTransfer.upload($0, over: connection) }
            let response: Ecoprod_Label_V1_UpdateCriterionResponse = try revision.write("UpdateCriterion", to: production, over: connection) { expected in
                Ecoprod_Label_V1_UpdateCriterionRequest.with {
                    $0.productionID = production
                    $0.criterionID = criterion
                    $0.expectedRevision = expected
                    $0.criterion = change.message
                    $0.updateMask = Google_Protobuf_FieldMask(protoPaths: change.paths)
                    $0.addEvidenceSha256 = uploaded.map(\.sha256)
                }
            }
            guard global.output == .table else { return try printJSON(response) }
            let updated = response.criterion
            print(keyValueLines([
                ("Criterion", updated.criterionID),
                ("Status", criterionStatuses.name(of: updated.status)),
                ("Actions", updated.actions),
                ("Responsible", updated.responsible),
                ("Justification", updated.justification),
                ("Effort", "\(updated.effort)"),
                ("Evidence", updated.evidenceSha256.joined(separator: " ")),
                ("Revision", "\(response.revision)"),
            ].filter { !$0.1.isEmpty }))
            for evidence in uploaded {
                print("uploaded \(evidence.name) (\(evidence.size) bytes) as \(evidence.sha256)\(evidence.alreadyStored ? ", stored before" : "")")
            }
        }
    }
}

struct AssessmentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assessment", abstract: "A production's grid: every criterion of its framework with its status."
    )
    @OptionGroup var global: GlobalOptions

    @Argument(help: "The production id.")
    var production: String

    @Option(help: "Only criteria with this status.")
    var status: StatusArgument?

    func run() throws {
        try reportingFailures {
            let connection = try global.connect()
            let assessment: Ecoprod_Label_V1_ProductionAssessment = try connection.call(
                labelService, "GetAssessment", Ecoprod_Label_V1_GetAssessmentRequest.with { $0.productionID = production }
            )
            guard global.output == .table else { return try printJSON(assessment) }
            let pinned = assessment.production
            let framework = try connection.framework(id: pinned.frameworkID, version: pinned.frameworkVersion)
            if framework.draft { print(draftBanner(notice: framework.draftNotice)) }
            let criteria = Dictionary(framework.criteria.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            let usesLevels = framework.rule == .levels
            var table = Table("CRITERION", "SECTION", "STAGE", usesLevels ? "LEVEL" : "POINTS", "MANDATORY", "STATUS", "EVIDENCE", "TITLE")
            for entry in assessment.criteria where status.map({ entry.status == $0.value }) ?? true {
                let criterion = criteria[entry.criterionID] ?? Ecoprod_Label_V1_Criterion()
                table.add(
                    entry.criterionID, criterion.section, criterion.stage, "\(usesLevels ? criterion.level : criterion.points)",
                    criterion.mandatory ? "mandatory" : "",
                    entry.applicableToKind ? criterionStatuses.name(of: entry.status) : "not for this kind",
                    "\(entry.evidenceSha256.count)", shortened(criterion.title, to: 60)
                )
            }
            print(table.render())
            print("\n\(pinned.details.title) (\(pinned.id), revision \(pinned.revision)): \(assessmentSummary(assessment.criteria))")
        }
    }
}
