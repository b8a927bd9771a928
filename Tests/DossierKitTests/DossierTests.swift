import DossierKit
import EcoprodAPI
import Foundation
import Testing

@Suite("Dossier")
struct DossierTests {
    typealias Fixtures = DossierFixtures

    @Test func aCompleteIntermediateGridHasNoFindings() {
        #expect(DossierValidator.findings(stage: .intermediate, assessment: Fixtures.assessment(), framework: Fixtures.framework,
                                          score: Fixtures.score, hasFinalFootprint: false).isEmpty)
    }

    @Test func eachMissingItemIsNamed() {
        let incomplete = Fixtures.assessment {
            $0[0].evidenceSha256 = []            // mandatory, done, no document
            $0[2].actions = ""                   // done, no description
            $0[1].status = .inProgress           // mandatory, not done at the final stage
        }
        var ineligible = Fixtures.score
        ineligible.schemes[0].eligible = false
        ineligible.schemes[0].reasons = ["score 40.0 % is under the threshold of 65 %"]
        let findings = DossierValidator.findings(stage: .final, assessment: incomplete, framework: Fixtures.framework, score: ineligible, hasFinalFootprint: false)
        #expect(findings.map { "\($0.criterionID)|\($0.field)" } == ["M1|evidence", "M2|status", "C1|actions", "|score", "|final_footprint"])
        #expect(findings[3].message == "not eligible for performance: score 40.0 % is under the threshold of 65 %")

        let application = DossierValidator.findings(
            stage: .application, assessment: Fixtures.assessment { $0[1].status = .toDo }, framework: Fixtures.framework,
            score: Fixtures.score, hasFinalFootprint: false
        )
        #expect(application.map(\.message) == ["mandatory criterion M2 (Bilan carbone) is still to do"])
    }

    @Test func theAuditSampleHasEveryMandatoryCriterionAndTheSameDrawForTheSameProduction() {
        let sample = AuditSample.sample(productionID: "prod-a", assessment: Fixtures.assessment(), framework: Fixtures.framework, drawn: 2)
        #expect(sample.prefix(2).map(\.criterionID) == ["M1", "M2"])
        #expect(sample.count == 4 && Set(sample.map(\.criterionID)).count == 4)
        #expect(sample == AuditSample.sample(productionID: "prod-a", assessment: Fixtures.assessment(), framework: Fixtures.framework, drawn: 2))
        let all = AuditSample.sample(productionID: "prod-a", assessment: Fixtures.assessment(), framework: Fixtures.framework, drawn: 50)
        #expect(all.count == 5, "no more than there are")
        // Over many productions, the 5-point criterion is drawn first far more often than the 1-point one.
        let firsts = (0..<2000).map { AuditSample.sample(productionID: "prod-\($0)", assessment: Fixtures.assessment(), framework: Fixtures.framework, drawn: 1)[2].criterionID }
        let (c3, c2) = (firsts.filter { $0 == "C3" }.count, firsts.filter { $0 == "C2" }.count)
        #expect(c3 > 3 * c2, "C3: \(c3), C2: \(c2) (expected about 5:1)")
    }

    @Test func filesAreInAFixedOrderAndEvidenceStaysInItsFolder() throws {
        let content = try DossierContent(Fixtures.inputs())
        #expect(content.files.map(\.path) == [
            "summary.html", "grid.xlsx", "grid.csv", "evidence/M1/nomination.pdf", "evidence/M2/.._.._bilan.pdf",
        ])
    }

    @Test func theManifestListsEveryFileWithItsDigestAndChangesWithTheGrid() throws {
        let content = try DossierContent(Fixtures.inputs())
        let manifest = try #require(try JSONSerialization.jsonObject(with: Data(content.manifest())) as? [String: Any])
        let files = try #require(manifest["files"] as? [[String: Any]])
        #expect(files.map { $0["path"] as? String } == content.files.map(\.path))
        guard case .generated(let csv) = content.files[2].file else { Issue.record("grid.csv is generated"); return }
        #expect(files[2]["sha256"] as? String == SHA256.hex(csv))
        #expect(files[3]["sha256"] as? String == String(repeating: "a", count: 64))
        #expect((manifest["production"] as? [String: Any])?["revision"] as? Int == 7)
        #expect(try content.manifest() == (try DossierContent(Fixtures.inputs())).manifest(), "the same inputs, the same bytes")
        let changed = try DossierContent(Fixtures.inputs(assessment: Fixtures.assessment { $0[2].actions = "Bacs de tri" }))
        #expect(try changed.manifest() != content.manifest())
    }

    @Test func sha256IsTheStandardOne() {
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array(repeating: UInt8(ascii: "a"), count: 1000)) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

    @Test func openpyxlReadsTheGrid() throws {
        let content = try DossierContent(Fixtures.inputs())
        guard case .generated(let xlsx) = content.files[1].file else { Issue.record("grid.xlsx is generated"); return }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("grid-\(UUID().uuidString).xlsx").path
        try Data(xlsx).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let read = try run("/usr/bin/env", ["python3", "-c", """
            import sys, openpyxl
            book = openpyxl.load_workbook(sys.argv[1])
            print(book.sheetnames)
            grid = book["Grid"]
            print([cell.value for cell in grid[1]][:6], grid["A1"].font.b)
            print([cell.value for cell in grid[2]][:6])
            print(grid["C6"].value, grid["D6"].value, repr(grid["J2"].value))
            summary = book["Summary"]
            print(summary["B2"].value, summary["B6"].value)
            """, path])
        #expect(read.status == 0, "\(read.output)")
        #expect(read.output == """
            ['Summary', 'Grid']
            ['Section', 'Criterion', 'Title', 'Points', 'Mandatory', 'Status'] True
            ['A', 'M1', 'Référent éco', 3, 'yes', 'done']
            Groupe électrogène <HVO> 5 'nomination.pdf'
            Les Heures claires (prod-test) 72.7

            """)
    }
}
