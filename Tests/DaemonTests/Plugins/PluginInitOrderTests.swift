@testable import EcoprodDaemon
import Testing

@Suite("PluginInitOrder")
struct PluginInitOrderTests {
    private typealias Candidate = PluginInitOrder.Candidate

    /// Runs the order with `states` deciding each init's outcome (running by default),
    /// returning the ids in init order and the refusals by id.
    private func run(_ candidates: [Candidate], states: [String: PluginState] = [:]) -> (order: [String], refusals: [String: String]) {
        var order: [String] = []
        let refusals = PluginInitOrder.run(candidates, hostCapabilities: ["ecoprod.daemon.v1"]) { index in
            order.append(candidates[index].id)
            return states[candidates[index].id] ?? .running
        }
        return (order, Dictionary(uniqueKeysWithValues: refusals.map { (candidates[$0.key].id, $0.value) }))
    }

    @Test func providersInitialiseBeforeTheirDependentsWhateverTheFileOrder() {
        let result = run([
            Candidate(id: "afnor", provides: [], requires: ["scoring.v1", "ecoprod.daemon.v1"]),
            Candidate(id: "map", provides: ["map.v1"], requires: []),
            Candidate(id: "scoring", provides: ["scoring.v1"], requires: ["ecoprod.daemon.v1"]),
        ])
        #expect(result.order == ["map", "scoring", "afnor"])
        #expect(result.refusals == [:])
    }

    @Test func aRequirementNobodyProvidesIsRefusedByName() {
        let result = run([Candidate(id: "lonely", provides: [], requires: ["nothing.v1"])])
        #expect(result.order == [])
        #expect(result.refusals["lonely"] == "requires capability \"nothing.v1\", which no running plugin provides")
    }

    @Test func aDependentWaitsForEveryProviderAndNeedsOneRunning() {
        let result = run(
            [
                Candidate(id: "user", provides: [], requires: ["scoring.v1"]),
                Candidate(id: "scoring-a", provides: ["scoring.v1"], requires: []),
                Candidate(id: "scoring-b", provides: ["scoring.v1"], requires: []),
            ],
            states: ["scoring-a": .failed, "scoring-b": .skipped]
        )
        #expect(result.order == ["scoring-a", "scoring-b"])
        #expect(
            result.refusals["user"]
                == "requires capability \"scoring.v1\", which no running plugin provides (providers: scoring-a FAILED, scoring-b SKIPPED)"
        )
    }

    @Test func oneRunningProviderIsEnough() {
        let result = run(
            [
                Candidate(id: "scoring-a", provides: ["scoring.v1"], requires: []),
                Candidate(id: "scoring-b", provides: ["scoring.v1"], requires: []),
                Candidate(id: "user", provides: [], requires: ["scoring.v1"]),
            ],
            states: ["scoring-a": .failed]
        )
        #expect(result.order == ["scoring-a", "scoring-b", "user"])
        #expect(result.refusals == [:])
    }

    @Test func aCycleRefusesItsMembersNamingItAndItsDependentsAsMissing() {
        let result = run([
            Candidate(id: "a", provides: ["a.v1"], requires: ["b.v1"]),
            Candidate(id: "b", provides: ["b.v1"], requires: ["c.v1"]),
            Candidate(id: "c", provides: ["c.v1"], requires: ["a.v1"]),
            Candidate(id: "d", provides: [], requires: ["a.v1"]),
            Candidate(id: "free", provides: [], requires: []),
        ])
        #expect(result.order == ["free"])
        #expect(result.refusals["a"] == "dependency cycle: a -> b -> c -> a")
        #expect(result.refusals["b"] == "dependency cycle: a -> b -> c -> a")
        #expect(result.refusals["c"] == "dependency cycle: a -> b -> c -> a")
        #expect(result.refusals["d"] == "requires capability \"a.v1\", which no running plugin provides (providers: a REFUSED)")
    }

    @Test func aPluginWaitingOnACycleThroughItsSecondRequirementIsNotMistakenForOne() {
        let result = run(
            [
                Candidate(id: "x", provides: ["x.v1"], requires: ["gone.v1", "y.v1"]),
                Candidate(id: "y", provides: ["y.v1"], requires: ["x.v1"]),
                Candidate(id: "gone", provides: ["gone.v1"], requires: []),
            ],
            states: ["gone": .failed]
        )
        #expect(result.order == ["gone"])
        #expect(result.refusals["x"] == "dependency cycle: x -> y -> x")
        #expect(result.refusals["y"] == "dependency cycle: x -> y -> x")
    }
}
