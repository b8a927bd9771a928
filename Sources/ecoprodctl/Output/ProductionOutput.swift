import EcoprodAPI

/// A production as `key  value` lines, id first so a person's eye and `head -1` find it;
/// fields never set are left out.
func productionLines(_ production: Ecoprod_Label_V1_Production) -> [(String, String)] {
    let details = production.details
    let periods = [("Preparation", details.preparation), ("Shooting", details.shooting), ("Post-production", details.postProduction)]
    return [
        ("ID", production.id),
        ("Title", details.title),
        ("Kind", productionKinds.name(of: details.kind)),
        ("Company", details.companyID),
        ("Country", details.country),
        ("Framework", frameworkText(id: production.frameworkID, version: production.frameworkVersion, draft: production.frameworkDraft)),
        ("Scheme", details.scheme),
    ] + periods.filter { !$0.1.start.isEmpty || !$0.1.end.isEmpty }.map { ($0.0, periodText($0.1)) } + [
        ("Shooting days", details.shootingDays == 0 ? "" : "\(details.shootingDays)"),
        ("Duration", details.finishedDurationMinutes == 0 ? "" : "\(details.finishedDurationMinutes) min"),
        ("Budget", details.budgetCents == 0 ? "" : moneyText(cents: details.budgetCents, currency: details.currency)),
        ("Revision", "\(production.revision)"),
        ("Archived", production.archived ? "yes" : ""),
        ("Created", timestampText(production.createdAt)),
        ("Updated", timestampText(production.updatedAt)),
    ].filter { !$0.1.isEmpty }
}

/// How far the assessment has come: criteria per status, among those that apply to
/// the production's kind.
func assessmentSummary(_ criteria: [Ecoprod_Label_V1_CriterionAssessment]) -> String {
    let applicable = criteria.filter(\.applicableToKind)
    let counts = [Ecoprod_Label_V1_CriterionStatus.done, .inProgress, .toDo, .notApplicable].map { status in
        "\(applicable.filter { $0.status == status }.count) \(criterionStatuses.name(of: status))"
    }
    let excluded = criteria.count - applicable.count
    return counts.joined(separator: ", ") + " (\(criteria.count) criteria\(excluded == 0 ? "" : ", \(excluded) not for this kind of production"))"
}
