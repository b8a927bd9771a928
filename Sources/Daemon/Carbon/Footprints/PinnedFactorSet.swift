import EcoprodAPI
import EcoprodProtocol
import Foundation
import GRDB
import NIOConcurrencyHelpers

/// A stored factor set version, decoded once: footprints pinned to it look their factors
/// up by id when lines are written and by position when results are computed. A version
/// never changes, so it is kept for good once read.
struct PinnedFactorSet: Sendable {
    typealias Factor = Ecoprod_Carbon_V1_Factor

    let summary: Ecoprod_Carbon_V1_FactorSetSummary
    let factors: [Factor]
    /// The unit each factor is per, when this daemon knows how to convert it.
    let units: [ActivityUnit?]
    private let positions: [String: Int]

    init(summary: Ecoprod_Carbon_V1_FactorSetSummary, factors: [Factor]) {
        self.summary = summary
        self.factors = factors
        units = factors.map { ActivityUnit.named($0.unit) }
        positions = Dictionary(factors.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    func position(of factorID: String) -> Int? { positions[factorID] }

    var name: String { "\(summary.id) \(summary.version)" }
}

/// The decoded factor sets footprints have used, by "id@version".
final class PinnedFactorSets: Sendable {
    private let cache = NIOLockedValueBox<[String: PinnedFactorSet]>([:])

    func set(_ db: Database, summary: Ecoprod_Carbon_V1_FactorSetSummary) throws -> PinnedFactorSet {
        let key = "\(summary.id)@\(summary.version)"
        if let cached = cache.withLockedValue({ $0[key] }) { return cached }
        let factors = try Data.fetchAll(
            db, sql: "SELECT content FROM factors WHERE set_id = ? AND set_version = ? ORDER BY position",
            arguments: [summary.id, summary.version]
        ).map { try Ecoprod_Carbon_V1_Factor(serializedBytes: $0) }
        let set = PinnedFactorSet(summary: summary, factors: factors)
        cache.withLockedValue { $0[key] = set }
        return set
    }
}
