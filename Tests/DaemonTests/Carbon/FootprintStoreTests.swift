@testable import EcoprodDaemon
import EcoprodAPI
import EcoprodProtocol
import Foundation
import Testing

@Suite("Footprints")
struct FootprintStoreTests {
    typealias Fixtures = FootprintFixtures

    @Test func handComputedTotalsWithUnitConversionsAndUncertainty() async throws {
        let fixture = try await FootprintStoreFixture()
        let footprint = try await fixture.create()
        let added = try await fixture.add(Fixtures.handComputedLines, to: footprint)
        #expect(added.lineIds == [1, 2, 3, 4, 5])
        #expect(added.footprint.revision == 2 && added.footprint.lines == 5)
        #expect(abs(added.footprint.totalTCo2E - Fixtures.handComputedTotalKg / 1000) < 1e-12)

        let snapshot = try await fixture.store.snapshot(footprintID: footprint.id)
        let results = snapshot.builder.results(snapshot.groups, topSources: 3)
        #expect(abs(results.totalTCo2E - 0.684574923352) < 1e-12)
        #expect(results.lines == 5)
        // Each factor's uncertainty on all its lines, in quadrature across factors:
        // diesel 311.356235352 kg ±10 %, car 3.218688 kg ±20 %, hotel 120 kg ±50 %, spend 250 kg ±80 %.
        let uncertaintyKg = ((311.356235352 * 0.1) * (311.356235352 * 0.1) + (3.218688 * 0.2) * (3.218688 * 0.2) + 60 * 60 + 200 * 200).squareRoot()
        #expect(abs(results.highTCo2E - (684.574923352 + uncertaintyKg) / 1000) < 1e-12)
        #expect(abs(results.lowTCo2E - (684.574923352 - uncertaintyKg) / 1000) < 1e-12)
        #expect(abs(results.uncertaintyPercent - uncertaintyKg / 684.574923352 * 100) < 1e-9)

        #expect(results.byCategory.map(\.key) == ["transport", "production", "unit-base-logistics"], "largest first")
        #expect(abs(results.byCategory[0].tCo2E - 0.314574923352) < 1e-12)
        #expect(results.byCategory.map(\.lines) == [3, 1, 1])
        #expect(results.bySubcategory.map(\.key) == ["accommodation"])
        #expect(results.byPhase.map(\.key) == ["shooting", "unattributed", "preparation"])
        #expect(results.byDepartment.map(\.key) == ["Régie", "", "Production"])
        #expect(results.byQuality.map(\.key) == ["measured", "spend-based"], "a line on a monetary factor is spend-based")
        #expect(results.topSources.map(\.factorID) == ["diesel", "spend-transport", "hotel"])
        #expect(abs(results.byCategory.map(\.share).reduce(0, +) - 1) < 1e-12)

        #expect(abs(results.intensity.tCo2EPerShootingDay - 0.684574923352 / 20) < 1e-12)
        #expect(abs(results.intensity.tCo2EPerFinishedHour - 0.684574923352 / 1.5) < 1e-12)
        #expect(abs(results.intensity.tCo2EPerKEur - 0.684574923352 / 1000) < 1e-15)
        #expect(results.intensity.sectorTCo2EPerFinishedHour == 16)
        #expect(abs(results.intensity.ratioToSector - 0.684574923352 / 1.5 / 16) < 1e-12)

        let (_, lines) = try await fixture.store.lines(footprintID: footprint.id, afterID: 0, limit: 10)
        #expect(lines.map(\.kgCo2E) == [300, 10 * 1.609344 * 0.2, 120, 250, 3.785411784 * 3])
        #expect(lines.map(\.quantityInFactorUnit) == [100, 16.09344, 12, 2.5, 3.785411784])
        #expect(lines.map(\.unit) == ["L", "mi", "nights", "€", "gal"], "as given")
        #expect(abs(lines[0].shareOfTotal - 300 / 684.574923352) < 1e-12)
        #expect(lines[3].quality == .spendBased && lines[0].quality == .measured)
        #expect(lines[2].department == "Production" && lines[3].department.isEmpty)
    }

    @Test func manyGroupsAreSummedApartAndExactly() async throws {
        let fixture = try await FootprintStoreFixture()
        let footprint = try await fixture.create()
        // 300 departments × 2 lines: 300 groups, far past the table's first sizes.
        let lines = (0..<600).map { Fixtures.line(.transport, "diesel", Double($0 % 300 + 1), "L", department: "dept \($0 % 300)") }
        _ = try await fixture.add(lines, to: footprint)
        let snapshot = try await fixture.store.snapshot(footprintID: footprint.id)
        #expect(snapshot.groups.sums.count == 300)
        let departments = snapshot.builder.results(snapshot.groups, topSources: 1).byDepartment
        #expect(departments.count == 300)
        for share in departments {
            let number = try #require(Double(share.key.dropFirst("dept ".count)))
            #expect(share.lines == 2 && share.tCo2E == 2 * (number + 1) * 3 / 1000, "\(share.key)")
        }
    }

    @Test func anUnconvertibleUnitOfTheSourceMustBeGivenAsIs() async throws {
        let fixture = try await FootprintStoreFixture()
        let footprint = try await fixture.create()
        let added = try await fixture.add([Fixtures.line(.sets, "floor", 40, "M²")], to: footprint)
        #expect(added.footprint.totalTCo2E == 0.2)
        #expect(await refusal { _ = try await fixture.add([Fixtures.line(.sets, "floor", 40, "m2")], to: added.footprint) } == Refusal(
            .invalidArgument, "lines[0].unit: factor floor is per \"m²\", which this daemon cannot convert: give the quantity in m²"
        ))
    }

    static let badLines: [(Fixtures.Line, String)] = [
        (Fixtures.line(.transport, "unobtainium", 1, "kg"), "lines[1].factor_id: \"unobtainium\" is not in factor set test-factors 1"),
        (Fixtures.line(.transport, "diesel", 10, "km"), "lines[1].unit: km (distance) cannot be converted to litre (volume), the unit of factor diesel"),
        (Fixtures.line(.transport, "diesel", 10, "furlong"), "lines[1].unit: unknown unit \"furlong\""),
        (Fixtures.line(.transport, "diesel", -5, "L"), "lines[1].quantity: -5.0 is negative"),
        (Fixtures.line(.transport, "diesel", .nan, "L"), "lines[1].quantity: nan is not a finite number"),
        (Fixtures.line(.transport, "diesel", .infinity, "L"), "lines[1].quantity: inf is not a finite number"),
        (Fixtures.line(.unspecified, "diesel", 1, "L"), "lines[1].category: required"),
        (Fixtures.line(.transport, "", 1, "L"), "lines[1].factor_id: required"),
        (.with { $0 = Fixtures.line(.transport, "diesel", 1, "L"); $0.quality = .spendBased },
         "lines[1].quality: spend-based needs a monetary factor (per EUR or kEUR); diesel is per litre"),
        (.with { $0 = Fixtures.line(.production, "spend-transport", 1, "EUR"); $0.quality = .measured },
         "lines[1].quality: a line on a monetary factor (spend-transport, per kEUR) is spend-based"),
        (.with { $0 = Fixtures.line(.transport, "diesel", 1, "L"); $0.id = 7 }, "lines[1].id: leave it empty: the daemon gives it"),
        (.with { $0 = Fixtures.line(.transport, "diesel", 1, "L"); $0.phase = .UNRECOGNIZED(9) }, "lines[1].phase: 9 is not a phase"),
    ]

    @Test(arguments: badLines)
    func aBadLineIsRefusedByNameAndNothingIsWritten(_ bad: Fixtures.Line, _ message: String) async throws {
        let fixture = try await FootprintStoreFixture()
        let footprint = try await fixture.create()
        #expect(await refusal { _ = try await fixture.add([Fixtures.handComputedLines[0], bad], to: footprint) } == Refusal(.invalidArgument, message))
        let after = try await fixture.store.footprint(id: footprint.id)
        #expect(after.revision == footprint.revision && after.lines == 0, "not even the good line before it")
        #expect(try await fixture.store.lines(footprintID: footprint.id, afterID: 0, limit: 10).lines.isEmpty)
    }

    @Test func writesNeedTheCurrentRevisionAndEachOneIsInTheHistory() async throws {
        let fixture = try await FootprintStoreFixture()
        let footprint = try await fixture.create()
        let added = try await fixture.add(Array(Fixtures.handComputedLines.prefix(2)), to: footprint)
        #expect(await refusal { _ = try await fixture.add([Fixtures.handComputedLines[2]], to: footprint) } == Refusal(
            .aborted, "footprint \(footprint.id) is at revision 2; the request was based on revision 1"
        ))
        let (updated, updateEvent) = try await fixture.store.updateFootprint(.with {
            $0.id = footprint.id
            $0.expectedRevision = added.footprint.revision
            $0.details.shootingDays = 25
            $0.details.title = "ignored: not in the mask"
            $0.updateMask.paths = ["shooting_days"]
        }, by: Fixtures.editor)
        #expect(updated.details.shootingDays == 25 && updated.details.title == "Prévisionnel")
        #expect(updateEvent?.changes == [.with { $0.field = "shooting_days"; $0.oldValue = "20"; $0.newValue = "25" }])
        #expect(await refusal { _ = try await fixture.store.updateFootprint(.with {
            $0.id = footprint.id; $0.expectedRevision = updated.revision; $0.details.kind = .final; $0.updateMask.paths = ["kind"]
        }, by: Fixtures.editor) } == Refusal(.invalidArgument, "update_mask: kind is set when the footprint is created"))

        let (afterRemoval, _) = try await fixture.store.removeLines(.with {
            $0.footprintID = footprint.id; $0.expectedRevision = updated.revision; $0.lineIds = [1]
        }, by: Fixtures.editor)
        #expect(afterRemoval.lines == 1 && abs(afterRemoval.totalTCo2E - 0.003218688) < 1e-12)
        #expect(await refusal { _ = try await fixture.store.removeLines(.with {
            $0.footprintID = footprint.id; $0.expectedRevision = afterRemoval.revision; $0.lineIds = [1]
        }, by: Fixtures.editor) } == Refusal(.notFound, "line_ids[0]: footprint \(footprint.id) has no line 1"))

        #expect(await refusal { _ = try await fixture.store.footprint(id: "") } == Refusal(.invalidArgument, "id: required"), "GetFootprint names its own field")
        let (archived, _) = try await fixture.store.archiveFootprint(.with { $0.id = footprint.id; $0.expectedRevision = afterRemoval.revision }, by: Fixtures.editor)
        #expect(await refusal { _ = try await fixture.add([Fixtures.handComputedLines[2]], to: archived) } == Refusal(
            .failedPrecondition, "footprint \(footprint.id) is archived"
        ))

        let history = try await fixture.store.footprintHistory(id: footprint.id, afterSequence: 0)
        #expect(history.map(\.action) == ["footprint.created", "lines.added", "footprint.updated", "lines.removed", "footprint.archived"])
        #expect(history.map(\.revision) == [1, 2, 3, 4, 5] && history.map(\.sequence) == [1, 2, 3, 4, 5])
        #expect(history.allSatisfy { $0.actor == Fixtures.editor && $0.footprintID == footprint.id })
        #expect(history[1].changes.first == .with { $0.field = "lines[1]"; $0.newValue = "transport: 100 L of diesel = 300 kgCO2e" })
        #expect(history[3].changes.first == .with { $0.field = "lines[1]"; $0.oldValue = "transport: 100 L of diesel = 300 kgCO2e" })
        #expect(history[0].changes.contains { $0.field == "factor_set" && $0.newValue == "test-factors 1" })
    }

    @Test func recomputingUnderAnotherSetExplainsEveryFactorAndRepinningAppliesIt() async throws {
        let fixture = try await FootprintStoreFixture()
        let footprint = try await fixture.create()
        let added = try await fixture.add(Array(Fixtures.handComputedLines.prefix(4)), to: footprint)
        // Version 2: diesel up 10 %, the car now per mile, the hotel gone, the rest the same.
        let version2 = Fixtures.set(version: "2", [
            Fixtures.factor("diesel", "litre", 3.3, uncertainty: 10),
            Fixtures.factor("car", "mi", 0.4, uncertainty: 20),
            Fixtures.factor("spend-transport", "kEUR", 100, uncertainty: 80),
        ])
        _ = try await fixture.store.store(version2, from: "v2.json")
        let snapshot = try await fixture.store.snapshot(footprintID: footprint.id, quantities: true)
        let target = try await fixture.store.pinnedSet(id: "test-factors", version: "2")
        let response = Recomputation(snapshot, under: target).response

        let byFactor = Dictionary(uniqueKeysWithValues: response.factors.map { ($0.factorID, $0) })
        #expect(byFactor["diesel"]?.change == .changed)
        #expect(abs(byFactor["diesel"]!.newTCo2E - 0.33) < 1e-12 && byFactor["diesel"]!.previousTCo2E == 0.3)
        #expect(byFactor["diesel"]?.explanation == "diesel: 3.0 kgCO2e per litre became 3.3 per litre (+10.0 %): 1 line, 0.300 tCO2e → 0.330 tCO2e")
        #expect(byFactor["car"]?.change == .changed, "another unit")
        #expect(abs(byFactor["car"]!.newTCo2E - 0.004) < 1e-12, "10 mi × 0.4")
        #expect(byFactor["hotel"]?.change == .missing)
        #expect(byFactor["hotel"]?.explanation == "hotel is not in test-factors 2: its 1 line (0.120 tCO2e) count for nothing there")
        #expect(byFactor["spend-transport"]?.change == .unchanged)
        #expect(response.factors.first?.factorID == "hotel", "the largest change first")
        #expect(abs(response.recomputed.totalTCo2E - (0.33 + 0.004 + 0.25)) < 1e-12)
        #expect(abs(response.previous.totalTCo2E - 0.673218688) < 1e-12)

        #expect(await refusal { _ = try await fixture.store.repin(.with {
            $0.footprintID = footprint.id; $0.expectedRevision = added.footprint.revision; $0.factorSetID = "test-factors"; $0.factorSetVersion = "2"
        }, by: Fixtures.editor) } == Refusal(.failedPrecondition,
            "footprint \(footprint.id) cannot move to factor set test-factors 2: hotel is not in test-factors 2: its 1 line (0.120 tCO2e) count for nothing there"))

        var version3 = version2
        version3.version = "3"
        version3.factors.append(Fixtures.factor("hotel", "night", 8, uncertainty: 50))
        _ = try await fixture.store.store(version3, from: "v3.json")
        let (repinned, event) = try await fixture.store.repin(.with {
            $0.footprintID = footprint.id; $0.expectedRevision = added.footprint.revision; $0.factorSetID = "test-factors"
        }, by: Fixtures.editor)
        #expect(repinned.footprint.factorSetVersion == "3", "the latest")
        #expect(abs(repinned.footprint.totalTCo2E - (0.33 + 0.004 + 0.096 + 0.25)) < 1e-12)
        #expect(event?.action == "footprint.repinned")
        let (_, lines) = try await fixture.store.lines(footprintID: footprint.id, afterID: 0, limit: 10)
        #expect(lines.map(\.factorUnit) == ["litre", "mi", "night", "kEUR"])
        #expect(zip(lines.map(\.kgCo2E), [330, 4, 96, 250]).allSatisfy { abs($0 - $1) < 1e-9 })
        #expect(lines[1].quantityInFactorUnit == 10 && lines[1].unit == "mi")
        let after = try await fixture.store.snapshot(footprintID: footprint.id)
        #expect(abs(after.builder.results(after.groups, topSources: 1).totalTCo2E - repinned.recomputed.totalTCo2E) < 1e-12)
    }

    @Test func forecastAgainstFinalLineByLineAndByCategory() async throws {
        let fixture = try await FootprintStoreFixture()
        let forecast = try await fixture.create()
        _ = try await fixture.add(Array(Fixtures.handComputedLines.prefix(3)), to: forecast)
        var finalDetails = Fixtures.details
        finalDetails.kind = .final
        let final = try await fixture.create(finalDetails)
        _ = try await fixture.add([
            Fixtures.line(.transport, "diesel", 80, "L"),
            Fixtures.line(.transport, "diesel", 40, "L"),
            Fixtures.line(.unitBaseLogistics, "hotel", 12, "night", department: "Production", subcategory: .accommodation),
            Fixtures.line(.sets, "floor", 10, "m²"),
        ], to: final)

        let report = VarianceReportBuilder.report(
            base: try await fixture.store.snapshot(footprintID: forecast.id), other: try await fixture.store.snapshot(footprintID: final.id)
        )
        #expect(abs(report.total.baseTCo2E - 0.423218688) < 1e-12 && abs(report.total.otherTCo2E - 0.53) < 1e-12)
        #expect(abs(report.total.deltaTCo2E - 0.106781312) < 1e-12)
        let diesel = try #require(report.lines.first { $0.factorID == "diesel" })
        #expect(abs(diesel.baseTCo2E - 0.3) < 1e-12 && abs(diesel.otherTCo2E - 0.36) < 1e-12 && abs(diesel.deltaPercent - 20) < 1e-9)
        #expect((diesel.baseLines, diesel.otherLines) == (1, 2), "two final lines match the one forecast line")
        #expect(diesel.phase == "shooting" && diesel.department == "Régie")
        let car = try #require(report.lines.first { $0.factorID == "car" })
        #expect(car.otherTCo2E == 0 && car.otherLines == 0 && abs(car.deltaPercent + 100) < 1e-9)
        let floor = try #require(report.lines.first { $0.factorID == "floor" })
        #expect(floor.baseLines == 0 && floor.deltaPercent == 0 && floor.otherTCo2E == 0.05, "new in the final")
        let hotel = try #require(report.lines.first { $0.factorID == "hotel" })
        #expect(hotel.deltaTCo2E == 0)
        #expect(report.lines.first?.factorID == "diesel", "the largest change first")
        #expect(report.byCategory.map(\.category) == ["transport", "sets", "unit-base-logistics"])
    }

    @Test func aProductionStandsAmongItsPeersByItsLatestFootprint() {
        func candidate(_ production: String, _ tonnes: Double, hours: Double, days: Double = 0) -> IntensityBenchmark.Candidate {
            .init(productionID: production, tonnes: tonnes, details: .with { $0.finishedHours = hours; $0.shootingDays = days })
        }
        let candidates = [
            candidate("a", 10, hours: 1), candidate("b", 30, hours: 1), candidate("c", 50, hours: 2),
            candidate("series", 1, hours: 10), candidate("mine", 999, hours: 1, days: 10),
        ]
        let kinds: [String: Ecoprod_Label_V1_ProductionKind] = ["a": .featureFilm, "b": .featureFilm, "c": .featureFilm, "series": .series, "mine": .featureFilm]
        let benchmark = IntensityBenchmark.benchmark(
            productionID: "mine", tonnes: 26, details: .with { $0.finishedHours = 1; $0.shootingDays = 10 }, among: candidates, kinds: kinds
        )
        #expect(benchmark.productionKind == .featureFilm)
        // 10, 25 and 30 t/h: two of the three others are lower than 26 t/h; the series is another kind.
        #expect(benchmark.perFinishedHour.compared == 4 && abs(benchmark.perFinishedHour.percentile - 200.0 / 3) < 1e-12)
        #expect(benchmark.perShootingDay == .with { $0.compared = 1; $0.percentile = 0 }, "no other gives shooting days")
        let unknown = IntensityBenchmark.benchmark(productionID: "mine", tonnes: 26, details: .init(), among: candidates, kinds: kinds)
        #expect(!unknown.hasPerFinishedHour && !unknown.hasPerShootingDay)
    }
}
