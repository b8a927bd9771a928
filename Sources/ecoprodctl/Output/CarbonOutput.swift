import EcoprodAPI
import Foundation

func tonnesText(_ tonnes: Double) -> String { String(format: "%.3f", tonnes) }
func shareText(_ share: Double) -> String { String(format: "%.1f %%", share * 100) }

/// A footprint as `key  value` lines, id first; fields never set are left out.
func footprintLines(_ footprint: Ecoprod_Carbon_V1_Footprint) -> [(String, String)] {
    let details = footprint.details
    return [
        ("ID", footprint.id),
        ("Production", footprint.productionID),
        ("Kind", CarbonNames.name(details.kind)),
        ("Title", details.title),
        ("Factor set", "\(footprint.factorSetID) \(footprint.factorSetVersion)\(footprint.factorSetDraft ? " (DRAFT)" : "")"),
        ("Lines", "\(footprint.lines)"),
        ("Total", "\(tonnesText(footprint.totalTCo2E)) tCO2e"),
        ("Shooting days", details.shootingDays == 0 ? "" : CarbonNames.number(details.shootingDays)),
        ("Finished hours", details.finishedHours == 0 ? "" : CarbonNames.number(details.finishedHours)),
        ("Budget", details.budgetEur == 0 ? "" : "\(CarbonNames.number(details.budgetEur)) €"),
        ("Note", details.note),
        ("Revision", "\(footprint.revision)"),
        ("Archived", footprint.archived ? "yes" : ""),
        ("Created", timestampText(footprint.createdAt)),
        ("Updated", timestampText(footprint.updatedAt)),
    ].filter { !$0.1.isEmpty }
}

/// Results for people: the total and its range, intensities against the sector, where
/// the footprint stands, then the breakdowns as tables.
func resultsText(_ results: Ecoprod_Carbon_V1_FootprintResults) -> String {
    var sections: [String] = []
    if results.draft { sections.append(draftBanner(notice: results.draftNotice.isEmpty ? "factor set \(results.factorSetID) \(results.factorSetVersion) is a draft" : results.draftNotice)) }
    let intensity = results.intensity
    var intensities: [String] = []
    if intensity.tCo2EPerShootingDay > 0 { intensities.append("\(tonnesText(intensity.tCo2EPerShootingDay)) t per shooting day") }
    if intensity.tCo2EPerFinishedHour > 0 {
        intensities.append("\(tonnesText(intensity.tCo2EPerFinishedHour)) t per finished hour (\(shareText(intensity.ratioToSector)) of the sector's \(CarbonNames.number(intensity.sectorTCo2EPerFinishedHour)))")
    }
    if intensity.tCo2EPerKEur > 0 { intensities.append("\(tonnesText(intensity.tCo2EPerKEur)) t per k€") }
    var benchmark: [String] = []
    for (name, rank, has) in [("per finished hour", results.benchmark.perFinishedHour, results.benchmark.hasPerFinishedHour),
                              ("per shooting day", results.benchmark.perShootingDay, results.benchmark.hasPerShootingDay)] where has {
        benchmark.append(rank.compared < 2 ? "\(name): no other footprint of this kind to compare with"
            : "\(name): \(String(format: "%.0f", rank.percentile))th percentile of \(rank.compared)")
    }
    sections.append(keyValueLines([
        ("Footprint", "\(results.footprintID) (revision \(results.revision))"),
        ("Factor set", "\(results.factorSetID) \(results.factorSetVersion)\(results.draft ? " (DRAFT)" : "")"),
        ("Total", "\(tonnesText(results.totalTCo2E)) tCO2e, \(results.lines) lines"),
        ("Range", "\(tonnesText(results.lowTCo2E)) – \(tonnesText(results.highTCo2E)) tCO2e (±\(String(format: "%.1f", results.uncertaintyPercent)) %)"),
        ("Intensity", intensities.joined(separator: "; ")),
        ("Benchmark", benchmark.joined(separator: "; ")),
    ].filter { !$0.1.isEmpty }))
    for (title, shares) in [("CATEGORY", results.byCategory), ("SUBCATEGORY", results.bySubcategory), ("PHASE", results.byPhase),
                            ("DEPARTMENT", results.byDepartment), ("QUALITY", results.byQuality)] where !shares.isEmpty {
        var table = Table(title, "TCO2E", "SHARE", "LINES")
        for share in shares { table.add(share.key.isEmpty ? "—" : share.key, tonnesText(share.tCo2E), shareText(share.share), "\(share.lines)") }
        sections.append(table.render())
    }
    if !results.topSources.isEmpty {
        var table = Table("TOP SOURCE", "CATEGORY", "TCO2E", "SHARE", "LINES", "NAME")
        for source in results.topSources {
            table.add(source.factorID, source.category, tonnesText(source.tCo2E), shareText(source.share), "\(source.lines)", shortened(source.factorName, to: 50))
        }
        sections.append(table.render())
    }
    return sections.joined(separator: "\n\n")
}

func varianceText(_ report: Ecoprod_Carbon_V1_VarianceReport) -> String {
    func percent(_ row: Ecoprod_Carbon_V1_VarianceRow) -> String {
        row.baseLines == 0 ? "new" : String(format: "%+.1f %%", row.deltaPercent)
    }
    let total = report.total
    var sections = [keyValueLines([
        ("Base", "\(report.base.id) (\(CarbonNames.name(report.base.details.kind)), \(report.base.factorSetID) \(report.base.factorSetVersion))"),
        ("Other", "\(report.other.id) (\(CarbonNames.name(report.other.details.kind)), \(report.other.factorSetID) \(report.other.factorSetVersion))"),
        ("Total", "\(tonnesText(total.baseTCo2E)) → \(tonnesText(total.otherTCo2E)) tCO2e (\(String(format: "%+.3f", total.deltaTCo2E)), \(percent(total)))"),
    ])]
    var categories = Table("CATEGORY", "BASE", "OTHER", "DELTA", "%")
    for row in report.byCategory {
        categories.add(row.category, tonnesText(row.baseTCo2E), tonnesText(row.otherTCo2E), String(format: "%+.3f", row.deltaTCo2E), percent(row))
    }
    sections.append(categories.render())
    var lines = Table("CATEGORY", "PHASE", "DEPARTMENT", "FACTOR", "BASE", "OTHER", "DELTA", "%")
    for row in report.lines {
        lines.add(row.category, row.phase, row.department.isEmpty ? "—" : row.department, row.factorID, tonnesText(row.baseTCo2E),
                  tonnesText(row.otherTCo2E), String(format: "%+.3f", row.deltaTCo2E), percent(row))
    }
    sections.append(lines.render())
    return sections.joined(separator: "\n\n")
}

func recomputeText(_ response: Ecoprod_Carbon_V1_RecomputeResponse) -> String {
    let (previous, recomputed) = (response.previous, response.recomputed)
    var sections = [keyValueLines([
        ("From", "\(previous.factorSetID) \(previous.factorSetVersion): \(tonnesText(previous.totalTCo2E)) tCO2e"),
        ("To", "\(recomputed.factorSetID) \(recomputed.factorSetVersion)\(recomputed.draft ? " (DRAFT)" : ""): \(tonnesText(recomputed.totalTCo2E)) tCO2e"),
        ("Change", String(format: "%+.3f tCO2e", recomputed.totalTCo2E - previous.totalTCo2E)),
    ])]
    var table = Table("FACTOR", "CHANGE", "LINES", "BEFORE", "AFTER", "WHY")
    for diff in response.factors {
        let change = switch diff.change {
        case .unchanged: "unchanged"
        case .changed: "changed"
        case .missing: "MISSING"
        case .incompatibleUnit: "INCOMPATIBLE UNIT"
        default: "?"
        }
        table.add(diff.factorID, change, "\(diff.lines)", tonnesText(diff.previousTCo2E), tonnesText(diff.newTCo2E), diff.explanation)
    }
    sections.append(table.render())
    return sections.joined(separator: "\n\n")
}
