import EcoprodAPI
import Foundation

/// Everything a dossier is made from, read by the plugin through the daemon.
public struct DossierInputs: Sendable {
    public var stage: Ecoprod_Afnor_V1_Stage
    public var findings: [Ecoprod_Afnor_V1_Finding]
    public var forced: Bool
    public var assessment: Ecoprod_Label_V1_ProductionAssessment
    public var framework: Ecoprod_Label_V1_Framework
    public var score: Ecoprod_Scoring_V1_ScoreReport
    /// The evidence the grid links, by SHA-256.
    public var evidence: [String: Ecoprod_Label_V1_Evidence]
    /// Final stage: the final footprint and its CSV exports, and the variance against the forecast.
    public var finalFootprint: Ecoprod_Carbon_V1_Footprint?
    public var carbonFiles: [(name: String, bytes: [UInt8])]
    public var daemonVersion: String

    public init(
        stage: Ecoprod_Afnor_V1_Stage, findings: [Ecoprod_Afnor_V1_Finding], forced: Bool, assessment: Ecoprod_Label_V1_ProductionAssessment,
        framework: Ecoprod_Label_V1_Framework, score: Ecoprod_Scoring_V1_ScoreReport, evidence: [String: Ecoprod_Label_V1_Evidence],
        finalFootprint: Ecoprod_Carbon_V1_Footprint?, carbonFiles: [(name: String, bytes: [UInt8])], daemonVersion: String
    ) {
        (self.stage, self.findings, self.forced, self.assessment, self.framework, self.score) = (stage, findings, forced, assessment, framework, score)
        (self.evidence, self.finalFootprint, self.carbonFiles, self.daemonVersion) = (evidence, finalFootprint, carbonFiles, daemonVersion)
    }
}

/// The files of a dossier, in archive order, and its manifest: a pure function of the
/// inputs, so the same production revision gives the same archive.
public struct DossierContent: Sendable {
    public enum File: Sendable {
        case generated([UInt8])
        /// Streamed from the label domain into the archive.
        case evidence(sha256: String, size: UInt64)
    }

    public let files: [(path: String, file: File)]
    private let inputs: DossierInputs

    public init(_ inputs: DossierInputs) throws(ZipWriter.Failure) {
        self.inputs = inputs
        let grid = Self.gridRows(inputs)
        let workbook = XLSXWorkbook(sheets: [
            .init(name: "Summary", rows: Self.summaryRows(inputs)),
            .init(name: "Grid", rows: grid),
        ])
        var files: [(String, File)] = [
            ("summary.html", .generated(Array(Self.summaryHTML(inputs).utf8))),
            ("grid.xlsx", .generated(try Self.archive(workbook.parts))),
            ("grid.csv", .generated(Array(Self.csv(grid).utf8))),
        ]
        files += inputs.carbonFiles.map { ("carbon/\($0.name)", .generated($0.bytes)) }
        for entry in inputs.assessment.criteria {
            var taken: Set<String> = []
            for sha256 in entry.evidenceSha256 {
                let evidence = inputs.evidence[sha256]
                var name = Self.safeName(evidence?.name ?? sha256)
                if !taken.insert(name).inserted { name = "\(sha256.prefix(8))-\(name)" }
                files.append(("evidence/\(Self.safeName(entry.criterionID))/\(name)", .evidence(sha256: sha256, size: evidence?.size ?? 0)))
            }
        }
        self.files = files
    }

    /// manifest.json: every other file with its size and SHA-256, and what the dossier was
    /// built from. Keys sorted, no time: the same inputs give the same bytes.
    public func manifest() throws -> [UInt8] {
        let production = inputs.assessment.production
        let listed: [[String: Any]] = files.map { path, file in
            switch file {
            case .generated(let bytes): ["path": path, "size": bytes.count, "sha256": SHA256.hex(bytes)]
            case .evidence(let sha256, let size): ["path": path, "size": size, "sha256": sha256]
            }
        }
        var manifest: [String: Any] = [
            "production": ["id": production.id, "revision": production.revision, "title": production.details.title],
            "stage": Self.stageName(inputs.stage),
            "framework": ["id": production.frameworkID, "version": production.frameworkVersion, "draft": production.frameworkDraft],
            "daemon_version": inputs.daemonVersion,
            "forced": inputs.forced,
            "findings": inputs.findings.map { ["criterion_id": $0.criterionID, "field": $0.field, "message": $0.message] },
            "files": listed,
        ]
        if let footprint = inputs.finalFootprint {
            manifest["final_footprint"] = ["id": footprint.id, "revision": footprint.revision, "factor_set": ["id": footprint.factorSetID, "version": footprint.factorSetVersion, "draft": footprint.factorSetDraft]]
        }
        return Array(try JSONSerialization.data(withJSONObject: manifest, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]))
    }

    public static func stageName(_ stage: Ecoprod_Afnor_V1_Stage) -> String {
        switch stage {
        case .application: "application"
        case .intermediate: "intermediate"
        case .final: "final"
        default: "unspecified"
        }
    }

    static let statusNames: [Ecoprod_Label_V1_CriterionStatus: String] = [.toDo: "to do", .inProgress: "in progress", .done: "done", .notApplicable: "not applicable"]

    static func gridRows(_ inputs: DossierInputs) -> [[XLSXWorkbook.Cell]] {
        let criteria = Dictionary(inputs.framework.criteria.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var rows: [[XLSXWorkbook.Cell]] = [[
            "Section", "Criterion", "Title", "Points", "Mandatory", "Status", "Actions taken", "Responsible", "Justification",
            "Evidence files", "Evidence SHA-256",
        ].map { .text($0) }]
        for entry in inputs.assessment.criteria {
            let criterion = criteria[entry.criterionID]
            let names = entry.evidenceSha256.map { inputs.evidence[$0]?.name ?? $0 }
            rows.append([
                .text(criterion?.section ?? ""), .text(entry.criterionID), .text(criterion?.title ?? ""), .number(Double(criterion?.points ?? 0)),
                .text(criterion?.mandatory == true ? "yes" : "no"),
                .text(entry.applicableToKind ? statusNames[entry.status] ?? "" : "not for this kind"),
                .text(entry.actions), .text(entry.responsible), .text(entry.justification),
                .text(names.joined(separator: "\n")), .text(entry.evidenceSha256.joined(separator: "\n")),
            ])
        }
        return rows
    }

    static func summaryRows(_ inputs: DossierInputs) -> [[XLSXWorkbook.Cell]] {
        let production = inputs.assessment.production
        let score = inputs.score
        let scheme = score.schemes.first { $0.schemeID == production.details.scheme }
        var rows: [[XLSXWorkbook.Cell]] = [
            [.text("Item"), .text("Value")],
            [.text("Production"), .text("\(production.details.title) (\(production.id))")],
            [.text("Revision"), .number(Double(production.revision))],
            [.text("Stage"), .text(stageName(inputs.stage))],
            [.text("Framework"), .text("\(production.frameworkID) \(production.frameworkVersion)\(production.frameworkDraft ? " (DRAFT)" : "")")],
            [.text("Score (%)"), .number((score.scorePercent * 10).rounded() / 10)],
            [.text("Points"), .text("\(score.earnedPoints) / \(score.applicablePoints)")],
            [.text("Scheme"), .text(production.details.scheme)],
            [.text("Eligible"), .text(scheme.map { $0.eligible ? "yes" : "no: " + $0.reasons.joined(separator: "; ") } ?? "unknown scheme")],
            [.text("Stars"), .number(Double(score.stars))],
            [.text("Mandatory criteria missing"), .text(score.mandatoryMissing.joined(separator: ", "))],
        ]
        if inputs.forced { rows.append([.text("FORCED"), .text("built although the stage does not validate: \(inputs.findings.count) finding(s)")]) }
        return rows
    }

    static func summaryHTML(_ inputs: DossierInputs) -> String {
        let production = inputs.assessment.production
        let summary = summaryRows(inputs).dropFirst().map { row -> String in
            let cells = row.map { cell -> String in
                switch cell {
                case .text(let text): XLSXWorkbook.escaped(text)
                case .number(let value): XLSXWorkbook.number(value)
                }
            }
            return "<tr><th>\(cells[0])</th><td>\(cells[1])</td></tr>"
        }.joined(separator: "\n")
        let findings = inputs.findings.isEmpty ? "<p>Nothing missing for this stage.</p>"
            : "<ul>\n" + inputs.findings.map { "<li>\(XLSXWorkbook.escaped($0.criterionID.isEmpty ? $0.message : "\($0.criterionID): \($0.message)"))</li>" }.joined(separator: "\n") + "\n</ul>"
        let draft = production.frameworkDraft ? "<p class=\"warning\">DRAFT — \(XLSXWorkbook.escaped(inputs.framework.draftNotice))</p>\n" : ""
        let forced = inputs.forced ? "<p class=\"warning\">FORCED — this dossier was built although the stage does not validate.</p>\n" : ""
        return """
            <!DOCTYPE html>
            <html lang="fr"><head><meta charset="utf-8"><title>Dossier \(XLSXWorkbook.escaped(production.details.title)) — \(stageName(inputs.stage))</title>
            <style>body{font-family:sans-serif;max-width:60em;margin:2em auto}th{text-align:left;padding-right:1em}.warning{color:#a00;font-weight:bold}</style></head>
            <body>
            <h1>\(XLSXWorkbook.escaped(production.details.title)) — \(stageName(inputs.stage)) dossier</h1>
            \(draft)\(forced)<table>
            \(summary)
            </table>
            <h2>What AFNOR would find missing</h2>
            \(findings)
            <p>The grid is in grid.xlsx and grid.csv, the supporting documents under evidence/, one folder per criterion; manifest.json lists every file with its SHA-256.</p>
            </body></html>

            """
    }

    static func csv(_ rows: [[XLSXWorkbook.Cell]]) -> String {
        rows.map { row in
            row.map { cell -> String in
                let text: String = switch cell {
                case .text(let text): text
                case .number(let value): XLSXWorkbook.number(value)
                }
                guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
                return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }.joined(separator: ",") + "\r\n"
        }.joined()
    }

    /// A file name that stays inside its folder: no separators, no "..", no control characters.
    static func safeName(_ name: String) -> String {
        let cleaned = String(name.unicodeScalars.map { $0 == "/" || $0 == "\\" || $0.value < 0x20 ? "_" : Character($0) })
        return cleaned.isEmpty || cleaned == "." || cleaned == ".." ? "_" : cleaned
    }

    /// A ZIP of in-memory parts (the XLSX inside the dossier).
    static func archive(_ parts: [(path: String, bytes: [UInt8])]) throws(ZipWriter.Failure) -> [UInt8] {
        var zip = ZipWriter()
        for part in parts { try zip.add(part.path, part.bytes) }
        try zip.finish()
        return zip.takeOutput()
    }
}

extension DossierContent {
    /// The forecast/final variance as CSV, for the final stage.
    public static func varianceCSV(_ report: Ecoprod_Carbon_V1_VarianceReport) -> [UInt8] {
        let header: [XLSXWorkbook.Cell] = ["scope", "category", "subcategory", "phase", "department", "factor_id", "forecast_t_co2e",
                                           "final_t_co2e", "delta_t_co2e", "delta_percent", "forecast_lines", "final_lines"].map { .text($0) }
        func row(_ scope: String, _ row: Ecoprod_Carbon_V1_VarianceRow) -> [XLSXWorkbook.Cell] {
            [.text(scope), .text(row.category), .text(row.subcategory), .text(row.phase), .text(row.department), .text(row.factorID),
             .text("\(row.baseTCo2E)"), .text("\(row.otherTCo2E)"), .text("\(row.deltaTCo2E)"), .text("\(row.deltaPercent)"),
             .number(Double(row.baseLines)), .number(Double(row.otherLines))]
        }
        let rows = [header, row("total", report.total)] + report.byCategory.map { row("category", $0) } + report.lines.map { row("line", $0) }
        return Array(csv(rows).utf8)
    }
}
