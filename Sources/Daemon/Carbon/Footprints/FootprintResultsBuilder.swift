import EcoprodAPI
import Foundation

/// A footprint's results from its line groups: totals, shares, top sources, intensities
/// and the uncertainty range.
struct FootprintResultsBuilder {
    typealias Results = Ecoprod_Carbon_V1_FootprintResults

    /// Ecoprod's January 2025 study: about 16 tCO2e per hour produced, all genres.
    static let sectorTonnesPerFinishedHour = 16.0
    static let defaultTopSources = 10

    let footprint: Ecoprod_Carbon_V1_Footprint
    let set: PinnedFactorSet
    let departments: [Int64: String]

    func results(_ groups: LineGroups, topSources: Int) -> Results {
        let totalKg = groups.totalKg
        let share = { (sums: LineGroups.Sums) in totalKg == 0 ? 0 : sums.kg / totalKg }
        func shares<K: Hashable>(_ key: (LineGroups.Key) -> K, _ name: (K) -> String) -> [Ecoprod_Carbon_V1_Share] {
            groups.grouped(by: key).map { key, sums in
                .with { $0.key = name(key); $0.tCo2E = sums.kg / 1000; $0.share = share(sums); $0.lines = UInt64(sums.lines) }
            }.sorted { ($0.tCo2E, $1.key) > ($1.tCo2E, $0.key) }
        }
        let uncertaintyKg = Self.uncertaintyKg(groups, set)
        let details = footprint.details
        return .with {
            $0.footprintID = footprint.id
            $0.revision = footprint.revision
            $0.factorSetID = set.summary.id
            $0.factorSetVersion = set.summary.version
            $0.draft = set.summary.draft
            $0.draftNotice = set.summary.draftNotice
            $0.totalTCo2E = totalKg / 1000
            $0.lowTCo2E = (totalKg - uncertaintyKg) / 1000
            $0.highTCo2E = (totalKg + uncertaintyKg) / 1000
            $0.uncertaintyPercent = totalKg == 0 ? 0 : uncertaintyKg / totalKg * 100
            $0.lines = UInt64(groups.lines)
            $0.byCategory = shares({ $0.category }) { CarbonNames.name(Ecoprod_Carbon_V1_Category(rawValue: $0) ?? .unspecified) }
            $0.bySubcategory = shares({ $0.subcategory }) { CarbonNames.name(Ecoprod_Carbon_V1_Subcategory(rawValue: $0) ?? .unspecified) }
                .filter { !$0.key.isEmpty }
            $0.byPhase = shares({ $0.phase }) { CarbonNames.name(Ecoprod_Carbon_V1_Phase(rawValue: $0) ?? .unspecified) }
            $0.byDepartment = shares({ $0.department }) { departments[$0] ?? "" }
            $0.byQuality = shares({ $0.quality }) { CarbonNames.name(Ecoprod_Carbon_V1_DataQuality(rawValue: $0) ?? .unspecified) }
            $0.topSources = Array(sources(groups, share: share).prefix(topSources))
            $0.intensity = Self.intensity(totalKg / 1000, details)
        }
    }

    /// Each factor's uncertainty applies to all its lines at once (they share its error);
    /// factors are independent, so their absolute uncertainties add in quadrature.
    static func uncertaintyKg(_ groups: LineGroups, _ set: PinnedFactorSet) -> Double {
        groups.grouped(by: \.factorPosition).reduce(0) { sum, entry in
            let absolute = abs(entry.value.kg) * set.factors[entry.key].uncertaintyPercent / 100
            return sum + absolute * absolute
        }.squareRoot()
    }

    static func intensity(_ tonnes: Double, _ details: Ecoprod_Carbon_V1_FootprintDetails) -> Ecoprod_Carbon_V1_Intensity {
        let perHour = details.finishedHours > 0 ? tonnes / details.finishedHours : 0
        return .with {
            $0.tCo2EPerShootingDay = details.shootingDays > 0 ? tonnes / details.shootingDays : 0
            $0.tCo2EPerFinishedHour = perHour
            $0.tCo2EPerKEur = details.budgetEur > 0 ? tonnes / (details.budgetEur / 1000) : 0
            $0.sectorTCo2EPerFinishedHour = sectorTonnesPerFinishedHour
            $0.ratioToSector = perHour / sectorTonnesPerFinishedHour
        }
    }

    private struct SourceKey: Hashable { let category: Int; let factorPosition: Int }

    private func sources(_ groups: LineGroups, share: (LineGroups.Sums) -> Double) -> [Ecoprod_Carbon_V1_Source] {
        groups.grouped { SourceKey(category: $0.category, factorPosition: $0.factorPosition) }.map { key, sums in
            let factor = set.factors[key.factorPosition]
            return Ecoprod_Carbon_V1_Source.with {
                $0.factorID = factor.id
                $0.factorName = factor.nameFr.isEmpty ? factor.nameEn : factor.nameFr
                $0.category = CarbonNames.name(Ecoprod_Carbon_V1_Category(rawValue: key.category) ?? .unspecified)
                $0.tCo2E = sums.kg / 1000
                $0.share = share(sums)
                $0.lines = UInt64(sums.lines)
            }
        }.sorted { ($0.tCo2E, $1.factorID, $1.category) > ($1.tCo2E, $0.factorID, $0.category) }
    }
}
