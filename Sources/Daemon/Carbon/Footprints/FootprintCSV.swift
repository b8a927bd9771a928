import EcoprodAPI
import Foundation

/// A footprint's lines and results as CSV: RFC 4180, UTF-8, a comma between fields and a
/// point in numbers, which every spreadsheet and script reads.
enum FootprintCSV {
    static let lineHeader = [
        "id", "category", "subcategory", "phase", "department", "description", "factor_id", "quantity", "unit",
        "factor_kg_co2e_per_unit", "factor_unit", "quantity_in_factor_unit", "kg_co2e", "uncertainty_percent", "share_of_total",
        "quality", "source", "note",
    ]

    static func row(_ fields: [String]) -> String { DelimitedText.row(fields) }

    static func row(_ line: Ecoprod_Carbon_V1_ActivityLine) -> String {
        row([
            "\(line.id)", CarbonNames.name(line.category), CarbonNames.name(line.subcategory), CarbonNames.name(line.phase),
            line.department, line.description_p, line.factorID, "\(line.quantity)", line.unit, "\(line.factorKgCo2EPerUnit)",
            line.factorUnit, "\(line.quantityInFactorUnit)", "\(line.kgCo2E)", "\(line.uncertaintyPercent)", "\(line.shareOfTotal)",
            CarbonNames.name(line.quality), line.source, line.note,
        ])
    }

    /// One row per figure: (section, key, value, unit, share, lines).
    static func results(_ results: Ecoprod_Carbon_V1_FootprintResults) -> String {
        var rows = [["section", "key", "value", "unit", "share", "lines"]]
        rows.append(["factor_set", "\(results.factorSetID) \(results.factorSetVersion)", results.draft ? "draft" : "published", "", "", ""])
        rows.append(["total", "", "\(results.totalTCo2E)", "tCO2e", "1", "\(results.lines)"])
        rows.append(["range", "low", "\(results.lowTCo2E)", "tCO2e", "", ""])
        rows.append(["range", "high", "\(results.highTCo2E)", "tCO2e", "", ""])
        rows.append(["range", "uncertainty", "\(results.uncertaintyPercent)", "%", "", ""])
        let sections: [(String, [Ecoprod_Carbon_V1_Share])] = [
            ("category", results.byCategory), ("subcategory", results.bySubcategory), ("phase", results.byPhase),
            ("department", results.byDepartment), ("quality", results.byQuality),
        ]
        for (section, shares) in sections {
            rows += shares.map { [section, $0.key, "\($0.tCo2E)", "tCO2e", "\($0.share)", "\($0.lines)"] }
        }
        rows += results.topSources.map { ["top_source", "\($0.category)/\($0.factorID)", "\($0.tCo2E)", "tCO2e", "\($0.share)", "\($0.lines)"] }
        let intensity = results.intensity
        rows.append(["intensity", "per_shooting_day", "\(intensity.tCo2EPerShootingDay)", "tCO2e/day", "", ""])
        rows.append(["intensity", "per_finished_hour", "\(intensity.tCo2EPerFinishedHour)", "tCO2e/h", "", ""])
        rows.append(["intensity", "per_k_eur", "\(intensity.tCo2EPerKEur)", "tCO2e/k€", "", ""])
        rows.append(["intensity", "sector_per_finished_hour", "\(intensity.sectorTCo2EPerFinishedHour)", "tCO2e/h", "", ""])
        return rows.map(row).joined()
    }

}
