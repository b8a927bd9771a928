import EcoprodAPI
import EcoprodClient
import EcoprodProtocol
import Foundation
import Glibc
import Testing

/// The footprint commands of ecoprodctl against the real daemon and its shipped draft
/// factor set: a forecast built by hand and from a ledger export, a final, their variance,
/// a recomputation under a newer set, the CSV export and the history — and the refusals.
@Suite(.serialized)
struct FootprintCommandLineTests {
    private func number(_ value: Any?) throws -> Double { try #require(value as? Double ?? (value as? Int).map(Double.init)) }

    // Shipped factors: diesel_b7_litre 3.1 kg/litre, hotel_night_fr 6.93 kg/night, meal_vegetarian 0.51 kg/meal.
    static let ledger = """
        Compte;Libellé;Quantité;Unité;Montant
        606100;Gazole groupe électrogène;50,5;L;80,00
        625600;Hôtel équipe;12;nuits;900
        625700;Repas cantine;200;repas;2000
        611000;Honoraires comptable;;;500

        """

    static let mapping = """
        {
          "columns": {"account": "Compte", "label": "Libellé", "quantity": "Quantité", "unit": "Unité", "amount": "Montant"},
          "rules": [
            {"accountPrefix": "6061", "labelContains": ["gazole", "gasoil"], "category": "CATEGORY_TRANSPORT", "factorId": "diesel_b7_litre", "phase": "PHASE_SHOOTING"},
            {"accountPrefix": "6256", "category": "CATEGORY_UNIT_BASE_LOGISTICS", "subcategory": "SUBCATEGORY_ACCOMMODATION", "factorId": "hotel_night_fr"},
            {"accountPrefix": "6257", "category": "CATEGORY_UNIT_BASE_LOGISTICS", "subcategory": "SUBCATEGORY_CATERING", "factorId": "meal_vegetarian"}
          ]
        }
        """

    @Test func aForecastAndAFinalAreBuiltComparedRecomputedAndExported() throws {
        let daemon = try DaemonHarness(mode: .boundSocket)
        _ = try daemon.waitUntilReady()
        let watcher = try EventWatcher(socketPath: daemon.socketPath)
        let production = try #require(try outputObject(try daemon.ctl("production", "create", "--title", "Le Phare", "--kind", "documentary", "--output", "json"))["id"] as? String)

        let missing = try daemon.ctl("footprint", "create", "--production", "prod-nope", "--kind", "forecast")
        #expect(missing.status == 1 && missing.standardError.contains("NOT_FOUND: production_id: production prod-nope does not exist"), "\(missing.standardError)")

        let forecast = try outputObject(try daemon.ctl(
            "footprint", "create", "--production", production, "--kind", "forecast", "--title", "Prévisionnel",
            "--shooting-days", "20", "--finished-hours", "1.5", "--budget", "1000000", "--output", "json"
        ))
        let forecastID = try #require(forecast["id"] as? String)
        #expect(forecast["factorSetDraft"] as? Bool == true && forecast["factorSetId"] as? String == "ecoprod-reference")

        let added = try outputObject(try daemon.ctl(
            "footprint", "lines", "add", forecastID, "--category", "transport", "--factor", "diesel_b7_litre", "--quantity", "100",
            "--unit", "L", "--phase", "tournage", "--department", "Régie", "--output", "json"
        ))
        #expect(added["lineIds"] as? [String] == ["1"])
        #expect(try #require(watcher.next { $0.topic == "carbon.lines.added" }).summary.hasPrefix("\(forecastID) (production \(production)) revision 2: lines.added"))

        let incompatible = try daemon.ctl("footprint", "lines", "add", forecastID, "--category", "transport", "--factor", "diesel_b7_litre", "--quantity", "3", "--unit", "km")
        #expect(incompatible.status == 1)
        #expect(incompatible.standardError.contains("INVALID_ARGUMENT: lines[0].unit: km (distance) cannot be converted to litre (volume), the unit of factor diesel_b7_litre"), "\(incompatible.standardError)")
        let unknown = try daemon.ctl("footprint", "lines", "add", forecastID, "--category", "transport", "--factor", "unicorn_km", "--quantity", "3")
        #expect(unknown.status == 1 && unknown.standardError.contains("lines[0].factor_id: \"unicorn_km\" is not in factor set ecoprod-reference 2025.1-draft"))
        let negative = try daemon.ctl("footprint", "lines", "add", forecastID, "--category", "transport", "--factor", "diesel_b7_litre", "--quantity=-1")
        #expect(negative.status == 1 && negative.standardError.contains("lines[0].quantity: -1.0 is negative"), "\(negative.standardError)")

        let ledger = daemon.scratch.file("grand-livre.csv")
        try #require(Self.ledger.data(using: .windowsCP1252)).write(to: URL(fileURLWithPath: ledger))
        let mapping = daemon.scratch.file("mapping.json")
        try Data(Self.mapping.utf8).write(to: URL(fileURLWithPath: mapping))
        let unmapped = try daemon.ctl("footprint", "import", forecastID, ledger, "--mapping", mapping)
        #expect(unmapped.status == 1)
        #expect(unmapped.standardError.contains("1 of 4 rows match no rule of the mapping: line 5 (account \"611000\", label \"Honoraires comptable\"); nothing was imported"), "\(unmapped.standardError)")
        let imported = try outputObject(try daemon.ctl("footprint", "import", forecastID, ledger, "--mapping", mapping, "--skip-unmapped", "--output", "json"))
        #expect(imported["linesImported"] as? String == "3" && imported["rowsUnmapped"] as? String == "1")
        let progress = watcher.next { event in
            event.topic == "carbon.footprint.import.progress" && (try? Ecoprod_Carbon_V1_ImportProgress(unpackingAny: event.detail))?.rowsRead == 4
        }
        #expect(progress?.summary == "\(forecastID): 4 rows of grand-livre.csv read")

        // 100 L + 50.5 L of diesel at 3.1, 12 nights at 6.93, 200 meals at 0.51: 651.71 kg.
        let results = try outputObject(try daemon.ctl("footprint", "show", forecastID, "--output", "json"))
        #expect(abs(try number(results["totalTCo2e"]) - 0.65171) < 1e-9)
        #expect(results["draft"] as? Bool == true)
        let categories = try #require(results["byCategory"] as? [[String: Any]])
        #expect(categories.map { $0["key"] as? String } == ["transport", "unit-base-logistics"])
        #expect(abs(try number(categories[0]["tCo2e"]) - 0.46655) < 1e-9)
        let intensity = try #require(results["intensity"] as? [String: Any])
        #expect(abs(try number(intensity["tCo2ePerFinishedHour"]) - 0.65171 / 1.5) < 1e-9)
        #expect(try number(intensity["sectorTCo2ePerFinishedHour"]) == 16)
        let table = try daemon.ctl("footprint", "show", forecastID)
        #expect(table.status == 0 && table.standardOutput.hasPrefix("DRAFT — "), "a draft factor set is announced first")
        #expect(table.standardOutput.contains("0.652 tCO2e, 4 lines"))

        let listed = try outputLines(try daemon.ctl("footprint", "lines", "list", forecastID, "--output", "json"))
        #expect(listed.map { $0["source"] as? String ?? "" } == ["", "grand-livre.csv line 2", "grand-livre.csv line 3", "grand-livre.csv line 4"])
        #expect(listed[1]["description"] as? String == "Gazole groupe électrogène", "accents intact from Windows-1252")

        let csv = try daemon.ctl("footprint", "export", forecastID)
        #expect(csv.status == 0)
        let csvRows = csv.standardOutput.split(separator: "\r\n")
        #expect(csvRows.count == 5 && csvRows[0].hasPrefix("id,category,subcategory,phase,department,description,factor_id,quantity,unit,"))
        #expect(csvRows[2].hasPrefix("2,transport,,shooting,,Gazole groupe électrogène,diesel_b7_litre,50.5,L,3.1,litre,50.5,"))
        let resultsCSV = try daemon.ctl("footprint", "export", forecastID, "--results")
        #expect(resultsCSV.status == 0 && resultsCSV.standardOutput.contains("\r\ncategory,transport,0.46655"), "\(resultsCSV.standardOutput)")

        let final = try #require(try outputObject(try daemon.ctl("footprint", "create", "--production", production, "--kind", "final", "--output", "json"))["id"] as? String)
        _ = try outputObject(try daemon.ctl("footprint", "lines", "add", final, "--category", "transport", "--factor", "diesel_b7_litre", "--quantity", "120", "--phase", "shooting", "--output", "json"))
        let variance = try outputObject(try daemon.ctl("footprint", "compare", forecastID, final, "--output", "json"))
        let total = try #require(variance["total"] as? [String: Any])
        #expect(abs(try number(total["baseTCo2e"]) - 0.65171) < 1e-9)
        #expect(abs(try number(total["otherTCo2e"]) - 0.372) < 1e-9)
        let byCategory = try #require(variance["byCategory"] as? [[String: Any]])
        #expect(byCategory.map { $0["category"] as? String } == ["unit-base-logistics", "transport"], "the largest change first: 0.18516 → 0, then 0.46655 → 0.372")

        // A newer set where diesel is 3.0 kg/litre: the forecast's 150.5 litres move from 466.55 to 451.5 kg.
        let reference = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(Binaries.dataDirectory)/factors/ecoprod-reference-draft.json"))) as! [String: Any]
        var newer = reference
        newer["version"] = "2026.1-test"
        newer["factors"] = (reference["factors"] as! [[String: Any]]).map { factor in
            var factor = factor
            if factor["id"] as? String == "diesel_b7_litre" { factor["kgCo2ePerUnit"] = 3.0 }
            return factor
        }
        let newerFile = daemon.scratch.file("newer.json")
        try JSONSerialization.data(withJSONObject: newer).write(to: URL(fileURLWithPath: newerFile))
        #expect(try daemon.ctl("factors", "import", newerFile).status == 0)
        let recomputed = try outputObject(try daemon.ctl("footprint", "recompute", forecastID, "--factor-set", "ecoprod-reference", "--factor-set-version", "2026.1-test", "--output", "json"))
        let diesel = try #require((recomputed["factors"] as? [[String: Any]])?.first { $0["factorId"] as? String == "diesel_b7_litre" })
        #expect(diesel["change"] as? String == "FACTOR_CHANGE_CHANGED")
        #expect(abs(try number(diesel["newTCo2e"]) - 0.4515) < 1e-9)
        #expect(abs(try number((recomputed["recomputed"] as? [String: Any])?["totalTCo2e"]) - 0.63666) < 1e-9)
        let unchanged = try outputObject(try daemon.ctl("footprint", "show", forecastID, "--output", "json"))
        #expect(abs(try number(unchanged["totalTCo2e"]) - 0.65171) < 1e-9, "recompute changes nothing")
        let repinned = try outputObject(try daemon.ctl("footprint", "recompute", forecastID, "--factor-set", "ecoprod-reference", "--factor-set-version", "2026.1-test", "--apply", "--output", "json"))
        #expect((repinned["footprint"] as? [String: Any])?["factorSetVersion"] as? String == "2026.1-test")

        let history = try outputLines(try daemon.ctl("footprint", "history", forecastID, "--output", "json"))
        #expect(history.map { $0["action"] as? String } == ["footprint.created", "lines.added", "lines.imported", "footprint.repinned"])
    }

    @Test func aReaderMayReadFootprintsButNotChangeThem() throws {
        let daemon = try DaemonHarness(
            mode: .boundSocket, extraArguments: ["--reader-group", "users", "--editor-group", "staff", "--admin-group", "adm"]
        )
        _ = try daemon.waitUntilReady()
        let production = try #require(try outputObject(try daemon.ctl("production", "create", "--title", "Le Phare", "--kind", "documentary", "--output", "json"))["id"] as? String)
        let footprint = try #require(try outputObject(try daemon.ctl("footprint", "create", "--production", production, "--kind", "forecast", "--output", "json"))["id"] as? String)
        let reader = (uid: UInt32(65534), groups: [UInt32(100)])
        #expect(try daemon.ctl("footprint", "show", footprint, asUser: reader).status == 0)
        let refused = try daemon.ctl("footprint", "lines", "add", footprint, "--category", "transport", "--factor", "diesel_b7_litre", "--quantity", "1", "--expected-revision", "1", asUser: reader)
        #expect(refused.status == 77 && refused.standardError.contains("AddLines needs role editor (group staff); uid 65534 has role reader"), "\(refused.standardError)")
    }
}
