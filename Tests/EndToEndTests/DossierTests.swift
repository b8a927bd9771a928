import Foundation
import Glibc
import Testing

/// The afnor plugin loaded by the real daemon with the scoring plugin: a production of the
/// shipped draft grid validated, its dossier built through ecoprodctl, checked with unzip,
/// Python's zipfile and openpyxl, and built again to the same bytes.
@Suite(.serialized)
struct DossierTests {
    @Test func aDossierIsValidatedBuiltReproduciblyAndReadByOtherTools() throws {
        let scratch = try Scratch()
        let daemon = try DaemonHarness(
            mode: .boundSocket, extraArguments: ["--plugin-dir", try TestPlugins.directory(["scoring.so", "afnor.so"], in: scratch)], scratch: scratch
        )
        _ = try daemon.waitUntilReady()
        let framework = try outputObject(try daemon.ctl("frameworks", "show", "ecoprod-label", "--output", "json"))
        let criteria = try #require(framework["criteria"] as? [[String: Any]])
        let mandatory = try #require(criteria.first { $0["mandatory"] as? Bool == true }?["id"] as? String)
        let optional = try #require(criteria.first { $0["mandatory"] as? Bool != true }?["id"] as? String)

        let production = try #require(try outputObject(try daemon.ctl(
            "production", "create", "--title", "Les Glaneurs", "--kind", "feature-film", "--output", "json"
        ))["id"] as? String)
        let roadmap = scratch.file("feuille de route.pdf")
        try Data("%PDF-1.4 roadmap\n".utf8).write(to: URL(fileURLWithPath: roadmap))
        #expect(try daemon.ctl("assess", production, mandatory, "done", "--actions", "Référente nommée", "--evidence", roadmap).status == 0)
        #expect(try daemon.ctl("assess", production, optional, "done").status == 0)

        let validation = try daemon.ctl("dossier", "validate", production, "--stage", "intermediate", "--output", "json")
        #expect(validation.status == 2, "something is missing: \(validation.standardError)")
        let findings = try #require(try JSONSerialization.jsonObject(with: Data(validation.standardOutput.utf8)) as? [String: Any])["findings"] as? [[String: Any]]
        #expect(findings?.map { "\($0["criterionId"] as? String ?? "")|\($0["field"] as? String ?? "")" } == ["\(optional)|actions"])

        let zip = scratch.file("dossier.zip")
        let refused = try daemon.ctl("dossier", "build", production, "--stage", "intermediate", "-o", zip)
        #expect(refused.status == 1 && refused.standardError.contains("FAILED_PRECONDITION"), "\(refused.standardError)")
        #expect(!FileManager.default.fileExists(atPath: zip), "nothing written")
        let built = try daemon.ctl("dossier", "build", production, "--stage", "intermediate", "-o", zip, "--force")
        #expect(built.status == 0, "\(built.standardError)")
        let again = scratch.file("again.zip")
        #expect(try daemon.ctl("dossier", "build", production, "--stage", "intermediate", "-o", again, "--force").status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: zip)) == Data(contentsOf: URL(fileURLWithPath: again)), "the same revision, the same bytes")

        // The first chunk says how large the archive will be, for ecoprodctl's progress bar.
        let streamed = try daemon.ctl("call", "ecoprod.afnor.v1.Afnor/BuildDossier", "--output", "json",
                                      "--data", "{\"productionId\": \"\(production)\", \"stage\": \"STAGE_INTERMEDIATE\", \"force\": true}")
        let firstLine = try #require(streamed.standardOutput.split(separator: "\n").first, "\(streamed.standardError)")
        let first = try JSONSerialization.jsonObject(with: Data(firstLine.utf8)) as? [String: Any]
        let size = try Data(contentsOf: URL(fileURLWithPath: zip)).count
        #expect(first?["totalBytes"] as? String == "\(size)")

        let unzipped = try run("/usr/bin/unzip", ["-t", zip])
        #expect(unzipped.status == 0 && unzipped.standardOutput.contains("No errors detected"), "\(unzipped.standardOutput)")
        let checked = try run("/usr/bin/env", ["python3", "-c", """
            import hashlib, io, json, sys, zipfile, openpyxl
            with zipfile.ZipFile(sys.argv[1]) as z:
                manifest = json.loads(z.read("manifest.json"))
                for entry in manifest["files"]:
                    data = z.read(entry["path"])
                    assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["path"]
                    assert len(data) == entry["size"], entry["path"]
                print(manifest["stage"], manifest["forced"], manifest["production"]["revision"], manifest["framework"]["id"])
                print(sorted(n for n in z.namelist() if n.startswith("evidence/")))
                print(z.read(f"evidence/{sys.argv[2]}/feuille de route.pdf"))
                grid = openpyxl.load_workbook(io.BytesIO(z.read("grid.xlsx")))["Grid"]
                row = next(r for r in grid.iter_rows(values_only=True) if r[1] == sys.argv[2])
                print(grid.max_row, row[5], row[6], row[9])
                print("FORCED" in z.read("summary.html").decode())
            """, zip, mandatory])
        #expect(checked.status == 0, "\(checked.standardError)")
        #expect(checked.standardOutput == """
            intermediate True 3 ecoprod-label
            ['evidence/\(mandatory)/feuille de route.pdf']
            b'%PDF-1.4 roadmap\\n'
            81 done Référente nommée feuille de route.pdf
            True

            """)

        let final = try daemon.ctl("dossier", "validate", production, "--stage", "final", "--output", "json")
        #expect(final.status == 2 && final.standardOutput.contains("final_footprint"))

        let unknown = try daemon.ctl("dossier", "validate", "prod-nope", "--stage", "final")
        #expect(unknown.status == 1 && unknown.standardError.contains("NOT_FOUND: production prod-nope does not exist"), "\(unknown.standardError)")
        let noStage = try daemon.ctl("call", "ecoprod.afnor.v1.Afnor/ValidateDossier", "--data", "{\"productionId\": \"\(production)\"}")
        #expect(noStage.status == 1 && noStage.standardError.contains("INVALID_ARGUMENT: stage: APPLICATION, INTERMEDIATE or FINAL"), "\(noStage.standardError)")

        let sample = try daemon.ctl("dossier", "sample", production, "--output", "json")
        let sampleAgain = try daemon.ctl("dossier", "sample", production, "--output", "json")
        #expect(sample.status == 0 && sample.standardOutput == sampleAgain.standardOutput, "the same production, the same sample")
    }

    @Test func theFinalDossierCarriesTheFinalFootprintAndItsVariance() throws {
        let scratch = try Scratch()
        let daemon = try DaemonHarness(
            mode: .boundSocket, extraArguments: ["--plugin-dir", try TestPlugins.directory(["scoring.so", "afnor.so"], in: scratch)], scratch: scratch
        )
        _ = try daemon.waitUntilReady()
        let production = try #require(try outputObject(try daemon.ctl(
            "production", "create", "--title", "Le Phare", "--kind", "documentary", "--output", "json"
        ))["id"] as? String)
        var footprints: [String] = []
        for (kind, litres) in [("forecast", "100"), ("final", "120")] {
            let footprint = try #require(try outputObject(try daemon.ctl("footprint", "create", "--production", production, "--kind", kind, "--output", "json"))["id"] as? String)
            #expect(try daemon.ctl("footprint", "lines", "add", footprint, "--category", "transport", "--factor", "diesel_b7_litre", "--quantity", litres).status == 0)
            footprints.append(footprint)
        }
        let validation = try daemon.ctl("dossier", "validate", production, "--stage", "final", "--output", "json")
        #expect(validation.status == 2 && !validation.standardOutput.contains("final_footprint"), "the final footprint is there")

        let zip = scratch.file("final.zip")
        #expect(try daemon.ctl("dossier", "build", production, "--stage", "final", "-o", zip, "--force").status == 0)
        let checked = try run("/usr/bin/env", ["python3", "-c", """
            import json, sys, zipfile
            with zipfile.ZipFile(sys.argv[1]) as z:
                manifest = json.loads(z.read("manifest.json"))
                print(manifest["final_footprint"]["id"], manifest["final_footprint"]["factor_set"]["id"])
                print(sorted(n for n in z.namelist() if n.startswith("carbon/")))
                print(z.read("carbon/final-results.csv").decode().splitlines()[2])
                print(z.read("carbon/variance.csv").decode().splitlines()[1])
            """, zip])
        #expect(checked.status == 0, "\(checked.standardError)")
        // 120 L of diesel at 3.1 kg/L: 0.372 t; the forecast's 100 L: 0.31 t.
        #expect(checked.standardOutput == """
            \(footprints[1]) ecoprod-reference
            ['carbon/final-lines.csv', 'carbon/final-results.csv', 'carbon/variance.csv']
            total,,0.372,tCO2e,1,1
            total,,,,,,0.31,0.372,0.062,20.0,1,1

            """)
    }
}
