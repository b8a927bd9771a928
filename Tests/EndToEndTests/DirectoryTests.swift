import Foundation
import Glibc
import Testing

/// The directory domain with the charter and signatory map plugins, through the real
/// daemon and ecoprodctl: organisations placed, searched, imported; enrolments through
/// their life; funding with its reasons; the map rendered and opened by other programs.
@Suite(.serialized)
struct DirectoryTests {
    static func daemon(_ scratch: Scratch, plugins: [String] = ["scoring.so", "charter.so", "signatories.so"]) throws -> DaemonHarness {
        let daemon = try DaemonHarness(mode: .boundSocket, extraArguments: ["--plugin-dir", try TestPlugins.directory(plugins, in: scratch)], scratch: scratch)
        _ = try daemon.waitUntilReady()
        return daemon
    }

    static func create(_ daemon: DaemonHarness, _ arguments: String...) throws -> String {
        let created = try daemon.ctl(["org", "create", "--output", "json"] + arguments)
        return try #require(try outputObject(created)["id"] as? String, "\(created.standardError)")
    }

    @Test func organisationsArePlacedFoundImportedAndRefusedPrecisely() throws {
        let scratch = try Scratch()
        let daemon = try Self.daemon(scratch, plugins: [])
        let lyon = try Self.create(daemon, "--kind", "prestataire", "--name", "Lumière Énergie", "--category", "energy-generators",
                                   "--siret", "732 829 320 00074", "--postcode", "69002", "--city", "Lyon", "--description", "Groupes électrogènes à hydrogène")
        _ = try Self.create(daemon, "--kind", "service-provider", "--name", "Cantine Verte", "--category", "catering", "--postcode", "42100", "--city", "ST ETIENNE")
        _ = try Self.create(daemon, "--kind", "service-provider", "--name", "Ajaccio Lumière", "--category", "energy-generators", "--postcode", "20000")

        let shown = try outputObject(try daemon.ctl("org", "show", lyon, "--output", "json"))
        let place = try #require(shown["place"] as? [String: Any])
        #expect(place["inseeCode"] as? String == "69382" && place["region"] as? String == "84")
        #expect(shown["geocoding"] as? String == "GEOCODING_SOURCE_POSTCODE_TABLE")

        for words in [["électrogènes"], ["ELECTROGENES"], ["groupes", "electro"]] {
            let found = try outputLines(try daemon.ctl(["org", "search", "--output", "json"] + words))
            #expect(found.compactMap { ($0["organisation"] as? [String: Any])?["id"] as? String } == [lyon], "\(words)")
        }
        let near = try outputLines(try daemon.ctl("org", "search", "--near-city", "Villeurbanne", "--radius", "60", "--output", "json"))
        #expect(near.map { (($0["organisation"] as? [String: Any])?["details"] as? [String: Any])?["name"] as? String } == ["Lumière Énergie", "Cantine Verte"])
        #expect(try outputLines(try daemon.ctl("org", "list", "--department", "2A", "--output", "json")).count == 1)

        for (arguments, expected) in [
            (["--siret", "73282932000075"], "INVALID_ARGUMENT: details.siret:"),
            (["--category", "teleportation"], "INVALID_ARGUMENT: details.categories[0]: \"teleportation\" is not a category"),
            (["--location", "95,2"], "INVALID_ARGUMENT: details.location.latitude: 95.0 is not between -90 and 90"),
            (["--postcode", "99999"], "INVALID_ARGUMENT: details.postcode: postcode 99999 is not in La Poste's table"),
            (["--siret", "73282932000074"], "ALREADY_EXISTS: details.siret: 73282932000074 is already organisation \(lyon)'s"),
        ] {
            let refused = try daemon.ctl(["org", "create", "--kind", "resource", "--name", "Refused"] + arguments)
            #expect(refused.status == 1 && refused.standardError.contains(expected), "\(arguments): \(refused.standardError)")
        }
        #expect(try outputLines(try daemon.ctl("org", "list", "--output", "json")).count == 3, "nothing refused was stored")

        let csv = scratch.file("providers.csv")
        try Data("""
            kind,name,categories,postcode,city
            prestataire,Régie Sud,transport-mobility,13001,Marseille
            prestataire,Broken "quote,catering,75002,Paris
            prestataire,Nowhere,catering,00000,
            """.utf8).write(to: URL(fileURLWithPath: csv))
        let imported = try outputObject(try daemon.ctl("org", "import", csv, "--output", "json"))
        #expect(imported["created"] as? String == "1" && imported["rejected"] as? String == "2")
        let rejected = try #require(imported["rejectedRows"] as? [[String: Any]])
        #expect(rejected.map { "\($0["line"] as? String ?? "") \($0["column"] as? String ?? "")" } == ["3 2", "4 postcode"])

        let exported = scratch.file("export.csv")
        #expect(try daemon.ctl("org", "export", "--category", "energy-generators", "-o", exported).status == 0)
        let rows = try String(contentsOfFile: exported, encoding: .utf8).split(separator: "\r\n")
        #expect(rows.count == 3 && rows[0].hasPrefix("kind,name,categories,siret"))

        let history = try outputLines(try daemon.ctl("org", "history", lyon, "--output", "json"))
        #expect(history.map { $0["action"] as? String } == ["organisation.created"])
        let counts = try outputObject(try daemon.ctl("org", "count", "--output", "json"))
        #expect(counts["total"] as? String == "4")
    }

    @Test func anEnrolmentGoesThroughItsLifeAndEveryRefusalSaysWhy() throws {
        let scratch = try Scratch()
        let daemon = try Self.daemon(scratch)
        let provider = try Self.create(daemon, "--kind", "prestataire", "--name", "Groupes Verts", "--postcode", "69002")
        let enrolled = try outputObject(try daemon.ctl("charter", "enrol", provider, "--signatory-name", "Camille Martin", "--signed-on", "2026-10-01",
                                                       "--commitment", "energy", "--output", "json"))
        let id = try #require(enrolled["id"] as? String)
        #expect(enrolled["state"] as? String == "ENROLMENT_STATE_PENDING")

        let incomplete = try daemon.ctl("charter", "activate", id)
        #expect(incomplete.status == 1 && incomplete.standardError.contains("FAILED_PRECONDITION: signatory.role: required, to be active"), "\(incomplete.standardError)")
        #expect(try daemon.ctl("charter", "amend", id, "--signatory-role", "Gérante", "--signatory-name", "Camille Martin").status == 0)
        let fewCommitments = try daemon.ctl("charter", "activate", id)
        #expect(fewCommitments.standardError.contains("commitments: measure-and-report required by ecoprod-provider-charter 2025.1-draft"))
        #expect(try daemon.ctl("charter", "amend", id, "--commitment", "measure-and-report", "--commitment", "energy", "--commitment", "waste").status == 0)
        let active = try outputObject(try daemon.ctl("charter", "activate", id, "--output", "json"))
        #expect(active["state"] as? String == "ENROLMENT_STATE_ACTIVE" && active["validUntil"] as? String == "2027-10-01T00:00:00Z")
        let signatories = try outputLines(try daemon.ctl("charter", "signatories", "--output", "json"))
        #expect(signatories.compactMap { ($0["organisation"] as? [String: Any])?["id"] as? String } == [provider])

        let renewed = try outputObject(try daemon.ctl("charter", "renew", id, "--signed-on", "2026-11-15", "--output", "json"))
        #expect(renewed["validUntil"] as? String == "2027-11-15T00:00:00Z")
        #expect(try daemon.ctl("charter", "withdraw", id, "--note", "ceased trading").status == 0)
        let afterWithdrawal = try daemon.ctl("charter", "renew", id, "--signed-on", "2026-11-20")
        #expect(afterWithdrawal.standardError.contains("FAILED_PRECONDITION: enrolment \(id) is withdrawn: a withdrawn enrolment cannot be renewed"))
        let stale = try daemon.ctl("charter", "amend", id, "--note", "x", "--expected-revision", "2")
        #expect(stale.standardError.contains("ABORTED"), "\(stale.standardError)")
        let history = try outputLines(try daemon.ctl("charter", "history", id, "--output", "json"))
        #expect(history.map { $0["action"] as? String } == ["enrolment.enrolled", "enrolment.amended", "enrolment.amended", "enrolment.activated",
                                                             "enrolment.renewed", "enrolment.withdrawn"])
        #expect(history.allSatisfy { ($0["actor"] as? [String: Any])?["viaPlugin"] as? String == "charter" })

        let archived = try Self.create(daemon, "--kind", "prestataire", "--name", "Closed", "--postcode", "75002")
        #expect(try daemon.ctl("org", "archive", archived).status == 0)
        let refused = try daemon.ctl("charter", "enrol", archived, "--signatory-name", "X")
        #expect(refused.standardError.contains("FAILED_PRECONDITION: organisation \(archived) is archived"), "\(refused.standardError)")
        let unknown = try daemon.ctl("charter", "enrol", provider, "--commitment", "teleport")
        #expect(unknown.standardError.contains("INVALID_ARGUMENT: commitments[0]: \"teleport\" is not a commitment"))
    }

    @Test func theMapIsValidGeoJSONAnSVGThatRendersAndAPageThatOpens() throws {
        let scratch = try Scratch()
        let daemon = try Self.daemon(scratch)
        let places = [("69002", "energy-generators"), ("69100", "catering"), ("13001", "costume"), ("97400", "equipment-rental"), ("75002", "catering")]
        for (index, (postcode, category)) in places.enumerated() {
            let organisation = try Self.create(daemon, "--kind", "prestataire", "--name", "Signataire \(index) & fils", "--postcode", postcode, "--category", category)
            let enrolment = try #require(try outputObject(try daemon.ctl(
                "charter", "enrol", organisation, "--signatory-name", "Camille", "--signatory-role", "Gérante", "--signed-on", "2026-10-01",
                "--commitment", "measure-and-report", "--commitment", "energy", "--commitment", "waste", "--output", "json"
            ))["id"] as? String)
            if index < 4 { #expect(try daemon.ctl("charter", "activate", enrolment).status == 0) }
        }
        let (svg, html, geojson) = (scratch.file("map.svg"), scratch.file("map.html"), scratch.file("map.geojson"))
        let written = try daemon.ctl("map", "--svg", svg, "--html", html, "--geojson", geojson)
        #expect(written.status == 0, "\(written.standardError)")

        let checked = try run("/usr/bin/env", ["python3", "-c", """
            import json, sys
            collection = json.load(open(sys.argv[1]))
            assert collection["type"] == "FeatureCollection"
            for feature in collection["features"]:
                assert feature["type"] == "Feature" and feature["geometry"]["type"] == "Point"
                lon, lat = feature["geometry"]["coordinates"]
                assert -180 <= lon <= 180 and -90 <= lat <= 90
            print(sorted(round(f["geometry"]["coordinates"][0]) for f in collection["features"]))
            """, geojson])
        #expect(checked.status == 0 && checked.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) == "[5, 5, 5, 55]",
                "the four active ones, longitude first: \(checked.standardOutput) \(checked.standardError)")
        let zoomed = scratch.file("zoom5.geojson")
        #expect(try daemon.ctl("map", "--geojson", zoomed, "--zoom", "5").status == 0)
        let clusters = try run("/usr/bin/env", ["python3", "-c", """
            import json, sys
            features = json.load(open(sys.argv[1]))["features"]
            print(len(features), [f["properties"].get("point_count", 1) for f in features])
            """, zoomed])
        #expect(clusters.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) == "3 [2, 1, 1]", "Lyon and Villeurbanne are one cluster at zoom 5: \(clusters.standardOutput)")

        let png = scratch.file("map.png")
        let rendered = try run("/usr/bin/rsvg-convert", ["-o", png, svg])
        #expect(rendered.status == 0, "\(rendered.standardError)")
        let header = try Data(contentsOf: URL(fileURLWithPath: png)).prefix(24)
        #expect(header.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        #expect(header[16..<24] == Data([0, 0, 0x03, 0xE8, 0, 0, 0x03, 0xC0]), "1000 × 960")

        let chromium = try run("/usr/bin/chromium", ["--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0",
                                                    "--dump-dom", "file://\(html)"])
        #expect(chromium.status == 0)
        #expect(!chromium.standardError.contains("CONSOLE"), "no script error or warning: \(chromium.standardError.split(separator: "\n").filter { $0.contains("CONSOLE") })")
        #expect(chromium.standardOutput.components(separatedBy: "<tr>").count - 1 == 5, "a header and the four active signatories")
        #expect(chromium.standardOutput.contains("Signataire 0 &amp; fils") && chromium.standardOutput.contains("ODbL"))

        let unknownRegion = try daemon.ctl("map", "--geojson", scratch.file("none.geojson"), "--region", "Atlantide")
        #expect(unknownRegion.status != 0 && unknownRegion.standardError.contains("INVALID_ARGUMENT: filter.region:"),
                "the directory's refusal reaches the caller through the plugin: \(unknownRegion.standardError)")

        let counts = try outputObject(try daemon.ctl("map", "--output", "json"))
        #expect(counts["total"] as? String == "4")
        let regions = try #require(counts["byRegion"] as? [[String: Any]])
        #expect(regions.first?["key"] as? String == "84" && regions.first?["organisations"] as? String == "2")
    }

    @Test func fundingSaysWhatAProductionIsEligibleForAndWhy() throws {
        let scratch = try Scratch()
        let daemon = try Self.daemon(scratch, plugins: ["scoring.so"])
        let company = try Self.create(daemon, "--kind", "production-company", "--name", "Films du Sud", "--postcode", "13001")
        let production = try #require(try outputObject(try daemon.ctl(
            "production", "create", "--title", "La Série", "--kind", "series", "--framework", "afnor-spec-2308", "--company", company, "--output", "json"
        ))["id"] as? String)
        let before = try outputObject(try daemon.ctl("funding", "find", production, "--on", "2026-03-01", "--output", "json"))
        let match = try #require((before["matches"] as? [[String: Any]])?.first)
        #expect(match["eligible"] as? Bool != true)
        let reasons = (match["conditions"] as? [[String: Any]] ?? []).map { $0["reason"] as? String ?? "" }
        #expect(reasons.prefix(3) == ["open on 2026-03-01 (from 2025-09-01 to 2028-08-31)", "series is eligible", "produced in FR"])
        #expect(reasons.last?.hasPrefix("level 0 reached; for level 1 still to do: 1.1, 1.2") == true, "\(reasons)")

        let framework = try outputObject(try daemon.ctl("frameworks", "show", "afnor-spec-2308", "--output", "json"))
        for criterion in try #require(framework["criteria"] as? [[String: Any]]) where (criterion["level"] as? Int ?? 3) <= 2 {
            let assessed = try daemon.ctl("assess", production, criterion["id"] as? String ?? "", "done")
            #expect(assessed.status == 0, "\(assessed.standardError)")
        }
        let after = try outputObject(try daemon.ctl("funding", "find", production, "--on", "2026-03-01", "--output", "json"))
        let eligible = try #require((after["matches"] as? [[String: Any]])?.first)
        #expect(eligible["eligible"] as? Bool == true)
        #expect((eligible["conditions"] as? [[String: Any]])?.last?["reason"] as? String == "level 2 reached (on a draft grid)")
        let text = try daemon.ctl("funding", "find", production, "--on", "2029-01-01")
        #expect(text.standardOutput.contains("not eligible: CNC Prime RSE+") && text.standardOutput.contains("✗ open: closed on 2028-08-31"))
    }
}
