@testable import EcoprodDaemon
import EcoprodAPI
import EcoprodProtocol
import Foundation
import GRDB
import Logging
import Testing

@Suite("Label store")
struct LabelStoreTests {
    // MARK: - Frameworks

    @Test func aPublishedVersionNeverChanges() async throws {
        let fixture = try await LabelStoreFixture()
        let again = try await fixture.store.store(LabelFixtures.small, from: "copy.json")
        #expect(!again.imported)
        #expect(again.framework.importedFrom == "small.json", "the first import is kept")

        var changed = LabelFixtures.small
        changed.criteria[2].points = 5
        #expect(await refusal { _ = try await fixture.store.store(changed, from: "changed.json") } == Refusal(
            .alreadyExists, "framework small version 1 is already stored with other content; published versions never change, so give this one a new version"
        ))
        #expect(try await fixture.store.framework(id: "small", version: "1").criteria[2].points == 1)

        changed.version = "2"
        #expect(try await fixture.store.store(changed, from: "v2.json").imported)
        #expect(try await fixture.store.framework(id: "small", version: "").version == "2", "an empty version is the latest imported")
        #expect(try await fixture.store.frameworkSummaries().map(\.version) == ["1", "2"])
        #expect(await refusal { _ = try await fixture.store.framework(id: "small", version: "3") } == Refusal(.notFound, "framework small version 3 is not stored"))
    }

    // MARK: - Productions

    @Test func aNewProductionHasItsWholeGridAndItsFirstHistoryEvent() async throws {
        let fixture = try await LabelStoreFixture()
        let (production, event) = try await fixture.store.createProduction(.with {
            $0.frameworkID = "small"
            $0.details = LabelFixtures.details()
        }, by: LabelFixtures.editor)

        #expect(production.id.hasPrefix("prod-") && production.id.count == 15)
        #expect(production.revision == 1)
        #expect((production.frameworkID, production.frameworkVersion) == ("small", "1"))
        #expect(production.details.currency == "EUR", "the default currency")
        #expect(production.details.scheme == "performance", "the framework's first scheme")

        #expect(event.sequence == 1 && event.revision == 1 && event.action == "production.created")
        #expect(event.actor == LabelFixtures.editor)
        #expect(event.changes.contains { $0.field == "framework" && $0.newValue == "small 1" })
        #expect(event.changes.contains { $0.field == "title" && $0.oldValue.isEmpty && $0.newValue == "Les Heures claires" })

        let grid = try await fixture.store.assessment(productionID: production.id).criteria
        #expect(grid.map(\.criterionID) == ["M", "S", "F"], "in framework order")
        #expect(grid.allSatisfy { $0.status == .toDo })
        #expect(grid.map(\.applicableToKind) == [true, false, true], "S is for series only")
        #expect(try await fixture.store.history(productionID: production.id, afterSequence: 0) == [event])
    }

    @Test(arguments: [
        (Ecoprod_Label_V1_CreateProductionRequest.with { $0.details = LabelFixtures.details() }, Refusal(.invalidArgument, "framework_id: required")),
        (.with { $0.frameworkID = "nope"; $0.details = LabelFixtures.details() }, Refusal(.notFound, "framework nope is not stored")),
        (.with { $0.frameworkID = "small"; $0.details = LabelFixtures.details("  ") }, Refusal(.invalidArgument, "details.title: required")),
        (.with { $0.frameworkID = "small"; $0.details = LabelFixtures.details(kind: .unspecified) },
         Refusal(.invalidArgument, "details.kind: required: one of feature film, TV film, series, documentary, TV programme, advertisement, music video, other")),
        (.with { $0.frameworkID = "small"; $0.details = .with { $0 = LabelFixtures.details(); $0.country = "fr" } },
         Refusal(.invalidArgument, #"details.country: "fr" is not an ISO 3166-1 alpha-2 code such as FR"#)),
        (.with { $0.frameworkID = "small"; $0.details = .with { $0 = LabelFixtures.details(); $0.shooting.start = "2026-02-29" } },
         Refusal(.invalidArgument, #"details.shooting.start: "2026-02-29" is not a date such as 2026-03-01"#)),
        (.with { $0.frameworkID = "small"; $0.details = .with { $0 = LabelFixtures.details(); $0.preparation.start = "2026-03-02"; $0.preparation.end = "2026-03-01" } },
         Refusal(.invalidArgument, "details.preparation: ends (2026-03-01) before it starts (2026-03-02)")),
        (.with { $0.frameworkID = "small"; $0.details = .with { $0 = LabelFixtures.details(); $0.scheme = "gold" } },
         Refusal(.invalidArgument, #"details.scheme: "gold" is not a scheme of small 1: performance"#)),
        (.with { $0.frameworkID = "small"; $0.details = .with { $0 = LabelFixtures.details(); $0.budgetCents = -1 } },
         Refusal(.invalidArgument, "details.budget_cents: cannot be negative")),
    ])
    func badDetailsAreRefusedNamingTheFieldAndNothingIsStored(_ request: Ecoprod_Label_V1_CreateProductionRequest, expected: Refusal) async throws {
        let fixture = try await LabelStoreFixture()
        #expect(await refusal { _ = try await fixture.store.createProduction(request, by: LabelFixtures.editor) } == expected)
        #expect(try await fixture.store.productions(ProductionFilter(includeArchived: true), afterSeq: 0, limit: 10).isEmpty)
    }

    @Test func anUpdateAppliesTheMaskedFieldsOnlyAndRecordsWhatChanged() async throws {
        let fixture = try await LabelStoreFixture()
        let production = try await fixture.create()
        var update = LabelFixtures.details("Ignored title", company: "studio-nord")
        update.shooting.start = "2026-04-01"

        let (updated, event) = try await fixture.update(production, ["company_id", "shooting.start"], update)
        #expect(updated.revision == 2)
        #expect(updated.details.title == "Les Heures claires", "title was not in the mask")
        #expect(updated.details.companyID == "studio-nord" && updated.details.shooting.start == "2026-04-01")
        let changes = try #require(event).changes.map { "\($0.field): \($0.oldValue) -> \($0.newValue)" }
        #expect(changes == ["company_id:  -> studio-nord", "shooting:  -> 2026-04-01.."])

        let (unchanged, none) = try await fixture.update(updated, ["company_id"], update)
        #expect(none == nil && unchanged.revision == 2, "a change to the same value is no new revision")
        #expect(try await fixture.store.history(productionID: production.id, afterSequence: 1).map(\.revision) == [2])
    }

    @Test func aChangeToTheKindChangesWhichCriteriaApply() async throws {
        let fixture = try await LabelStoreFixture()
        let production = try await fixture.create()
        _ = try await fixture.update(production, ["kind"], LabelFixtures.details(kind: .series))
        #expect(try await fixture.grid(production.id).mapValues(\.applicableToKind) == ["M": true, "S": true, "F": true])
    }

    @Test func aChangeBasedOnAnOldRevisionIsAbortedAndChangesNothing() async throws {
        let fixture = try await LabelStoreFixture()
        let production = try await fixture.create()
        let (current, _) = try await fixture.update(production, ["title"], LabelFixtures.details("Second title"))

        #expect(await refusal { _ = try await fixture.update(production, ["title"], LabelFixtures.details("Stale title")) } == Refusal(
            .aborted, "production \(production.id) is at revision 2; the request was based on revision 1"
        ))
        #expect(await refusal {
            _ = try await fixture.assess(production.id, revision: 1, "F", ["status"], .with { $0.status = .done })
        } == Refusal(.aborted, "production \(production.id) is at revision 2; the request was based on revision 1"))
        #expect(try await fixture.store.production(id: production.id) == current)
        #expect(try await fixture.grid(production.id)["F"]?.status == .toDo)
    }

    @Test func anArchivedProductionIsReadOnlyAndListedOnlyOnRequest() async throws {
        let fixture = try await LabelStoreFixture()
        let production = try await fixture.create()
        let (archived, event) = try await fixture.store.archiveProduction(.with {
            $0.id = production.id
            $0.expectedRevision = 1
        }, by: LabelFixtures.editor)
        #expect(archived.archived && archived.revision == 2 && event.action == "production.archived")

        #expect(await refusal { _ = try await fixture.update(archived, ["title"], LabelFixtures.details("After")) }
                == Refusal(.failedPrecondition, "production \(production.id) is archived"))
        #expect(try await fixture.store.productions(ProductionFilter(), afterSeq: 0, limit: 10).isEmpty)
        #expect(try await fixture.store.productions(ProductionFilter(includeArchived: true), afterSeq: 0, limit: 10).map(\.production.id) == [production.id])
    }

    @Test func updatesNameTheirMistakes() async throws {
        let fixture = try await LabelStoreFixture()
        let production = try await fixture.create()
        #expect(await refusal { _ = try await fixture.update(production, [], LabelFixtures.details()) }
                == Refusal(.invalidArgument, "update_mask: name at least one field of details"))
        #expect(await refusal { _ = try await fixture.update(production, ["budget"], LabelFixtures.details()) } == Refusal(
            .invalidArgument,
            "update_mask: unknown path budget; paths are title, kind, company_id, country, shooting_days, finished_duration_minutes, budget_cents, currency, scheme, preparation, preparation.start, preparation.end, shooting, shooting.start, shooting.end, post_production, post_production.start, post_production.end"
        ))
        #expect(await refusal {
            _ = try await fixture.store.updateProduction(.with { $0.id = production.id; $0.updateMask.paths = ["title"] }, by: LabelFixtures.editor)
        } == Refusal(.invalidArgument, "expected_revision: required (the revision the change is based on)"))
        #expect(await refusal { _ = try await fixture.store.production(id: "prod-missing") } == Refusal(.notFound, "production prod-missing does not exist"))
    }

    @Test func listsFilterAndPageInCreationOrder() async throws {
        let fixture = try await LabelStoreFixture()
        var created: [String] = []
        for (title, company) in [("Nord 1", "nord"), ("Sud 1", "sud"), ("Nord 2", "nord"), ("100% Nord_3", "nord"), ("Nord 4", "nord")] {
            created.append(try await fixture.create(LabelFixtures.details(title, company: company)).id)
        }
        let nord = ProductionFilter(companyID: "nord")
        let first = try await fixture.store.productions(nord, afterSeq: 0, limit: 2)
        #expect(first.map(\.production.id) == [created[0], created[2]])
        let second = try await fixture.store.productions(nord, afterSeq: try #require(first.last).seq, limit: 2)
        #expect(second.map(\.production.id) == [created[3], created[4]])

        let percent = try await fixture.store.productions(ProductionFilter(titleContains: "0% nord_"), afterSeq: 0, limit: 10)
        #expect(percent.map(\.production.id) == [created[3]], "% and _ match themselves, case-insensitively")
        let byID = try await fixture.store.productions(ProductionFilter(ids: [created[4], created[1]]), afterSeq: 0, limit: 10)
        #expect(byID.map(\.production.id) == [created[1], created[4]])
    }

    // MARK: - Assessment

    @Test func anAssessedCriterionIsRecordedWithWhoChangedWhat() async throws {
        let fixture = try await LabelStoreFixture()
        let production = try await fixture.create()
        let (response, event) = try await fixture.assess(production.id, revision: 1, "M", ["status", "actions", "effort"], .with {
            $0.status = .done
            $0.actions = "Roadmap signed on 2 March"
            $0.effort = 3
            $0.responsible = "not in the mask"
        })
        #expect(response.revision == 2)
        #expect(response.criterion.status == .done && response.criterion.actions == "Roadmap signed on 2 March" && response.criterion.responsible.isEmpty)
        let recorded = try #require(event)
        #expect(recorded.action == "criterion.updated" && recorded.criterionID == "M" && recorded.actor == LabelFixtures.editor)
        #expect(recorded.changes.map { "\($0.field): \($0.oldValue) -> \($0.newValue)" }
                == ["status: to do -> done", "actions:  -> Roadmap signed on 2 March", "effort: 1 -> 3"])
        #expect(try await fixture.grid(production.id)["M"] == response.criterion)
        #expect(try await fixture.store.production(id: production.id).revision == 2)
    }

    @Test func notApplicableNeedsAJustificationAndIsNeverAllowedForAMandatoryCriterion() async throws {
        let fixture = try await LabelStoreFixture()
        let production = try await fixture.create()
        #expect(await refusal { _ = try await fixture.assess(production.id, revision: 1, "M", ["status", "justification"], .with {
            $0.status = .notApplicable
            $0.justification = "no roadmap"
        }) } == Refusal(.failedPrecondition, "criterion M is mandatory and cannot be not applicable"))
        #expect(await refusal { _ = try await fixture.assess(production.id, revision: 1, "F", ["status"], .with { $0.status = .notApplicable }) }
                == Refusal(.invalidArgument, "criterion.justification: required when the status is not applicable"))

        let (response, _) = try await fixture.assess(production.id, revision: 1, "F", ["status", "justification"], .with {
            $0.status = .notApplicable
            $0.justification = "Shot in one room"
        })
        #expect(response.criterion.status == .notApplicable && response.revision == 2)
    }

    @Test func assessmentsNameTheirMistakesAndChangeNothing() async throws {
        let fixture = try await LabelStoreFixture()
        let production = try await fixture.create()
        let cases: [(String, [String], Ecoprod_Label_V1_CriterionAssessment, [String], Refusal)] = [
            ("Z9", ["status"], .with { $0.status = .done }, [], Refusal(.notFound, "criterion Z9 is not in framework small version 1")),
            ("F", [], .init(), [], Refusal(.invalidArgument, "update_mask: name at least one of status, actions, responsible, justification, effort, or add or remove evidence")),
            ("F", ["colour"], .init(), [], Refusal(.invalidArgument, "update_mask: unknown path colour; paths are status, actions, responsible, justification, effort")),
            ("F", ["status"], .init(), [], Refusal(.invalidArgument, "criterion.status: one of to do, in progress, done, not applicable")),
            ("F", ["effort"], .with { $0.effort = 10_001 }, [], Refusal(.invalidArgument, "criterion.effort: 10001 is not in 1...10000")),
            ("F", ["status"], .with { $0.status = .done }, ["ABC"], Refusal(.invalidArgument, "add_evidence_sha256[0]: 64 lowercase hex digits")),
            ("F", ["status"], .with { $0.status = .done }, [String(repeating: "a", count: 64)],
             Refusal(.notFound, "evidence \(String(repeating: "a", count: 64)) has not been uploaded")),
        ]
        for (criterionID, paths, criterion, evidence, expected) in cases {
            #expect(await refusal { _ = try await fixture.assess(production.id, revision: 1, criterionID, paths, criterion, addEvidence: evidence) } == expected)
        }
        #expect(try await fixture.store.production(id: production.id).revision == 1)
        #expect(try await fixture.grid(production.id).values.allSatisfy { $0.status == .toDo })
        #expect(try await fixture.store.history(productionID: production.id, afterSequence: 0).count == 1)
    }

    @Test func anExportOfStatusesPacksOneByteACriterion() async throws {
        let fixture = try await LabelStoreFixture()
        let production = try await fixture.create()
        _ = try await fixture.assess(production.id, revision: 1, "F", ["status", "actions"], .with { $0.status = .inProgress; $0.actions = "Reusable sets" })

        let (page, last) = try await fixture.store.exportPage(ProductionFilter(), afterSeq: 0, limit: 10, statusesOnly: true)
        let (full, _) = try await fixture.store.exportPage(ProductionFilter(), afterSeq: 0, limit: 10, statusesOnly: false)
        #expect(last != nil && page.count == 1 && full.count == 1)
        // M and F apply to a feature film, S does not; F is in progress.
        #expect(page.first?.criteria == [])
        #expect(page.first?.packedStatuses == Data([0b1001, 0b0001, 0b1010]))
        #expect(page.first.map { ($0.production.id, $0.production.revision) } ?? ("", 0) == (production.id, 2))
        #expect(full.first?.criteria.first { $0.criterionID == "F" }?.actions == "Reusable sets")
        #expect(full.first == (try await fixture.store.assessment(productionID: production.id)))
    }

    @Test func everythingIsThereAfterTheStoreIsReopened() async throws {
        let directory: TemporaryDirectory
        let production: Ecoprod_Label_V1_Production
        do {
            let fixture = try await LabelStoreFixture()
            directory = fixture.directory
            production = try await fixture.create()
            _ = try await fixture.assess(production.id, revision: 1, "F", ["status"], .with { $0.status = .done })
        }
        let reopened = try await LabelStoreFixture.open("\(directory.path)/label.sqlite")
        #expect(try await reopened.production(id: production.id).revision == 2)
        #expect(try await reopened.assessment(productionID: production.id).criteria.first { $0.criterionID == "F" }?.status == .done)
        #expect(try await reopened.history(productionID: production.id, afterSequence: 0).map(\.action) == ["production.created", "criterion.updated"])
    }
}
