import DossierKit
import Foundation
import Testing

/// The grid opens in LibreOffice, a spreadsheet program we did not write: converted to PDF
/// headless, its text is the grid's, and its first page renders to an image.
@Suite("LibreOffice")
struct LibreOfficeTests {
    @Test func theGridConvertsToAPDFThatSaysWhatTheGridSays() throws {
        let content = try DossierContent(DossierFixtures.inputs())
        guard case .generated(let xlsx) = content.files[1].file else { Issue.record("grid.xlsx is generated"); return }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let workbook = directory.appendingPathComponent("grid.xlsx").path
        try Data(xlsx).write(to: URL(fileURLWithPath: workbook))

        // A profile of its own, so a LibreOffice already running elsewhere is not disturbed.
        let converted = try run("/usr/bin/soffice", [
            "-env:UserInstallation=file://\(directory.path)/profile", "--headless", "--convert-to", "pdf", "--outdir", directory.path, workbook,
        ])
        let pdf = directory.appendingPathComponent("grid.pdf").path
        #expect(converted.status == 0 && FileManager.default.fileExists(atPath: pdf), "\(converted.output)")
        let text = try run("/usr/bin/pdftotext", ["-layout", pdf, "-"])
        #expect(text.status == 0)
        for expected in ["Les Heures claires (prod-test)", "72.7"] {
            #expect(text.output.contains(expected), "the Summary sheet: \(expected)")
        }
        for expected in ["Référent éco", "Groupe électrogène <HVO>", "nomination.pdf", "not applicable"] {
            #expect(text.output.contains(expected), "the Grid sheet: \(expected)")
        }
        let image = try run("/usr/bin/pdftoppm", ["-png", "-r", "50", "-f", "1", "-l", "1", pdf, directory.appendingPathComponent("page").path])
        #expect(image.status == 0)
        let pages = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix("page") && $0.hasSuffix(".png") }
        #expect(pages.count == 1)
    }
}
