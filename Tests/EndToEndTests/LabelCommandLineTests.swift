import Foundation
import Glibc
import Testing

/// The label and scoring commands of ecoprodctl against the real daemon and its shipped
/// draft frameworks: what a production team types, and what scripts parse.
@Suite(.serialized)
struct LabelCommandLineTests {
    /// The table row whose first column is `key`.
    private func row(_ key: String, in output: String) -> String? {
        output.split(separator: "\n").first { $0.hasPrefix("\(key) ") }.map(String.init)
    }

    /// The shipped draft grid's first mandatory criterion, as `frameworks show` gives it.
    private func firstMandatoryCriterion(_ daemon: DaemonHarness) throws -> (id: String, points: Int) {
        let framework = try outputObject(try daemon.ctl("frameworks", "show", "ecoprod-label", "--output", "json"))
        let criteria = try #require(framework["criteria"] as? [[String: Any]])
        let mandatory = try #require(criteria.first { $0["mandatory"] as? Bool == true })
        return (try #require(mandatory["id"] as? String), try #require(mandatory["points"] as? Int))
    }

    private func createFeatureFilm(_ daemon: DaemonHarness, title: String) throws -> String {
        let created = try outputObject(try daemon.ctl(
            "production", "create", "--title", title, "--kind", "feature-film", "--company", "studio-nord",
            "--country", "FR", "--shooting-start", "2026-03-02", "--shooting-end", "2026-04-17", "--budget", "1250000.50",
            "--output", "json"
        ))
        #expect(created["frameworkDraft"] as? Bool == true)
        #expect((created["details"] as? [String: Any])?["budgetCents"] as? String == "125000050")
        return try #require(created["id"] as? String)
    }

    @Test func aProductionIsCreatedAssessedWithEvidenceAndItsHistoryKept() throws {
        let daemon = try DaemonHarness(mode: .boundSocket)
        _ = try daemon.waitUntilReady()
        let criterion = try firstMandatoryCriterion(daemon)

        let frameworks = try daemon.ctl("frameworks", "list")
        #expect(frameworks.status == 0 && row("ecoprod-label", in: frameworks.standardOutput)?.contains("DRAFT") == true)

        let id = try createFeatureFilm(daemon, title: "Les Glaneurs")
        let other = try daemon.ctl("production", "create", "--title", "Le Phare", "--kind", "documentary")
        #expect(other.status == 0)
        #expect(other.standardOutput.hasPrefix("ID "), "the id comes first")

        let list = try daemon.ctl("production", "list", "--kind", "feature-film")
        #expect(list.status == 0)
        #expect(row(id, in: list.standardOutput)?.contains("Les Glaneurs") == true)
        #expect(!list.standardOutput.contains("Le Phare"))
        #expect(try outputLines(try daemon.ctl("production", "list", "--output", "json")).count == 2)

        let shown = try daemon.ctl("production", "show", id)
        #expect(shown.status == 0)
        #expect(shown.standardOutput.hasPrefix("DRAFT — "), "a draft framework is announced first")
        #expect(shown.standardOutput.contains("1250000.50 EUR"))
        #expect(shown.standardOutput.contains("0 done, 0 in-progress, 80 todo, 0 n/a (80 criteria)"))

        // Three chunks' worth, so the upload streams more than one.
        let evidence = daemon.scratch.file("roadmap.pdf")
        let bytes = Data((0..<(2 * 1_048_576 + 12345)).map { UInt8(truncatingIfNeeded: $0 / 7 + $0 % 251) })
        try bytes.write(to: URL(fileURLWithPath: evidence))
        let assessed = try outputObject(try daemon.ctl(
            "assess", id, criterion.id, "done", "--responsible", "C. Martin", "--actions", "roadmap signed",
            "--evidence", evidence, "--output", "json"
        ))
        #expect(assessed["revision"] as? String == "2")
        let entry = try #require(assessed["criterion"] as? [String: Any])
        #expect(entry["status"] as? String == "CRITERION_STATUS_DONE")
        #expect(entry["responsible"] as? String == "C. Martin")
        let sha256 = try #require((entry["evidenceSha256"] as? [String])?.first)

        let downloaded = daemon.scratch.file("downloaded.pdf")
        let download = try daemon.ctl("evidence", "download", sha256, "-o", downloaded)
        #expect(download.status == 0, "\(download.standardError)")
        #expect(FileManager.default.contents(atPath: downloaded) == bytes)
        let stored = try outputObject(try daemon.ctl("evidence", "show", sha256, "--output", "json"))
        #expect(stored["mediaType"] as? String == "application/pdf")
        #expect(stored["name"] as? String == "roadmap.pdf")

        let grid = try daemon.ctl("assessment", id)
        #expect(grid.status == 0)
        let gridRow = try #require(row(criterion.id, in: grid.standardOutput))
        #expect(gridRow.split(separator: " ", omittingEmptySubsequences: true).prefix(7).suffix(3) == ["mandatory", "done", "1"])
        #expect(grid.standardOutput.contains("1 done, 0 in-progress, 79 todo"))

        let justification = try daemon.ctl("assess", id, criterion.id, "n/a", "--justification", "no roadmap")
        #expect(justification.status == 1)
        #expect(justification.standardError.contains("FAILED_PRECONDITION: criterion \(criterion.id) is mandatory"))

        let history = try outputLines(try daemon.ctl("production", "history", id, "--output", "json"))
        #expect(history.map { $0["action"] as? String } == ["production.created", "criterion.updated"])
        #expect(history.last?["criterionId"] as? String == criterion.id)
        let table = try daemon.ctl("production", "history", id)
        #expect(row("2", in: table.standardOutput)?.contains("status: to do → done") == true)
    }

    @Test func aChangeBasedOnAnOldRevisionIsRefusedAndExplained() throws {
        let daemon = try DaemonHarness(mode: .boundSocket)
        _ = try daemon.waitUntilReady()
        let id = try createFeatureFilm(daemon, title: "Les Glaneurs")
        #expect(try daemon.ctl("production", "update", id, "--title", "Les Glaneuses").status == 0)

        let stale = try daemon.ctl("production", "update", id, "--country", "BE", "--expected-revision", "1")
        #expect(stale.status == 1)
        #expect(stale.standardError.contains("ABORTED: production \(id) is at revision 2"))
        #expect(stale.standardError.contains("changed concurrently"))

        let updated = try outputObject(try daemon.ctl("production", "update", id, "--country", "BE", "--output", "json"))
        let details = try #require(updated["details"] as? [String: Any])
        #expect(details["title"] as? String == "Les Glaneuses", "only the fields given change")
        #expect(details["country"] as? String == "BE")

        let nothing = try daemon.ctl("production", "update", id)
        #expect(nothing.status == 64)
        #expect(try daemon.ctl("production", "archive", id).status == 0)
        let archived = try daemon.ctl("assess", id, "A02", "done")
        #expect(archived.status == 1)
        #expect(archived.standardError.contains("FAILED_PRECONDITION"))
    }

    @Test(.enabled(if: getuid() == 0, "needs root to run clients as other users with setpriv"))
    func aReaderReadsButCannotCreate() throws {
        // Debian's stock groups stand in for the role groups: users (100), staff (50), adm (4).
        let daemon = try DaemonHarness(
            mode: .boundSocket,
            extraArguments: ["--reader-group", "users", "--editor-group", "staff", "--admin-group", "adm"]
        )
        _ = try daemon.waitUntilReady()
        let reader = (uid: UInt32(65534), groups: [UInt32(100)])
        let created = try daemon.ctl("production", "create", "--title", "Les Glaneurs", "--kind", "series", asUser: reader)
        #expect(created.status == 77)
        #expect(created.standardError.contains("CreateProduction needs role editor (group staff); uid 65534 has role reader"))
        let listed = try daemon.ctl("frameworks", "list", asUser: reader)
        #expect(listed.status == 0 && listed.standardOutput.contains("ecoprod-label"))
    }

    @Test func scoresAndPlansComeFromTheScoringPlugin() throws {
        let scratch = try Scratch()
        let daemon = try DaemonHarness(
            mode: .boundSocket, extraArguments: ["--plugin-dir", try TestPlugins.directory(["scoring.so"], in: scratch)], scratch: scratch
        )
        _ = try daemon.waitUntilReady()
        let criterion = try firstMandatoryCriterion(daemon)
        let id = try createFeatureFilm(daemon, title: "Les Glaneurs")
        #expect(try daemon.ctl("assess", id, criterion.id, "done").status == 0)

        let report = try outputObject(try daemon.ctl("score", id, "--output", "json"))
        #expect(report["earnedPoints"] as? Int == criterion.points)
        #expect(report["frameworkDraft"] as? Bool == true)
        let score = try daemon.ctl("score", id)
        #expect(score.standardOutput.hasPrefix("DRAFT — "))
        #expect(score.standardOutput.contains("performance (65.0 %): not eligible"))

        let plan = try outputObject(try daemon.ctl("plan", id, "--output", "json"))
        #expect(plan["reachable"] as? Bool == true)
        #expect(plan["schemeId"] as? String == "performance")
        let steps = try #require(plan["steps"] as? [[String: Any]])
        #expect(!steps.isEmpty && !steps.contains { $0["criterionId"] as? String == criterion.id })
        let planTable = try daemon.ctl("plan", id)
        #expect(planTable.standardOutput.contains("\(plan["totalEffort"] as? Int ?? -1) over \(steps.count) criteria"))

        let slate = try outputLines(try daemon.ctl("score", "--many", "--company", "studio-nord", "--output", "json"))
        #expect(slate.map { $0["productionId"] as? String } == [id])
        let whatIf = try outputObject(try daemon.ctl("whatif", id, "\(criterion.id)=todo", "--output", "json"))
        #expect(whatIf["earnedPoints"] == nil, "nothing earned once the only done criterion is undone")
    }
}
