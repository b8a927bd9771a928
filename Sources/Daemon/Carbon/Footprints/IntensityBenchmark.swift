import EcoprodAPI

/// What the carbon domain needs of the label domain's productions.
protocol ProductionCatalog: Sendable {
    /// The kind of each of `ids` that is a production; the others are left out.
    func productionKinds(_ ids: [String]) async throws -> [String: Ecoprod_Label_V1_ProductionKind]
}

/// Where a footprint's intensities stand among the daemon's other footprints of the same
/// kind, for productions of the same kind, each production by its latest footprint.
enum IntensityBenchmark {
    struct Candidate: Sendable {
        let productionID: String
        let tonnes: Double
        let details: Ecoprod_Carbon_V1_FootprintDetails
    }

    static func benchmark(
        productionID: String, tonnes: Double, details: Ecoprod_Carbon_V1_FootprintDetails,
        among candidates: [Candidate], kinds: [String: Ecoprod_Label_V1_ProductionKind]
    ) -> Ecoprod_Carbon_V1_Benchmark {
        let kind = kinds[productionID] ?? .unspecified
        let others = candidates.filter { $0.productionID != productionID && kinds[$0.productionID] == kind }
        func rank(_ intensity: (Double, Ecoprod_Carbon_V1_FootprintDetails) -> Double?) -> Ecoprod_Carbon_V1_Rank? {
            guard let mine = intensity(tonnes, details) else { return nil }
            let theirs = others.compactMap { intensity($0.tonnes, $0.details) }
            let lower = theirs.filter { $0 < mine }.count
            return .with {
                $0.compared = UInt32(theirs.count + 1)
                $0.percentile = theirs.isEmpty ? 0 : Double(lower) / Double(theirs.count) * 100
            }
        }
        return .with {
            $0.productionKind = kind
            if let perHour = rank({ $1.finishedHours > 0 ? $0 / $1.finishedHours : nil }) { $0.perFinishedHour = perHour }
            if let perDay = rank({ $1.shootingDays > 0 ? $0 / $1.shootingDays : nil }) { $0.perShootingDay = perDay }
        }
    }
}
