/// Where a plugin ended up, as ListPlugins reports it.
enum PluginState: String, Sendable {
    case running = "RUNNING"
    case refused = "REFUSED"
    case failed = "FAILED"
    case skipped = "SKIPPED"
}

/// The order plugins initialise in (docs/PLUGIN_ABI.md section 5): a plugin's init runs
/// only once every provider of each capability it requires has been tried and one of
/// them runs. Among plugins that are ready, file order decides, so the order is the
/// same at every start. Kept apart from loading so the rules are tested on their own.
struct PluginInitOrder {
    struct Candidate {
        let id: String
        let provides: [String]
        let requires: [String]
    }

    /// Initialises each candidate it can through `initialize`, which reports the state
    /// the plugin reached; returns the refusal of every candidate it could not start.
    static func run(
        _ candidates: [Candidate], hostCapabilities: Set<String>,
        initialize: (Int) -> PluginState
    ) -> [Int: String] {
        var available = hostCapabilities
        var pending = Array(candidates.indices)
        var outcome: [Int: PluginState] = [:]
        var refusals: [Int: String] = [:]

        func providers(of capability: String) -> [Int] {
            candidates.indices.filter { candidates[$0].provides.contains(capability) }
        }

        while !pending.isEmpty {
            let next = pending.firstIndex { index in
                candidates[index].requires.allSatisfy { capability in
                    available.contains(capability) || providers(of: capability).allSatisfy { outcome[$0] != nil }
                }
            }
            guard let next else {
                for (index, reason) in cycleRefusals(candidates, pending: pending, available: available) {
                    refusals[index] = reason
                    outcome[index] = .refused
                    pending.removeAll { $0 == index }
                }
                continue
            }
            let index = pending.remove(at: next)
            let candidate = candidates[index]
            if let missing = candidate.requires.first(where: { !available.contains($0) }) {
                let tried = providers(of: missing).map { "\(candidates[$0].id) \(outcome[$0]!.rawValue)" }
                let detail = tried.isEmpty ? "" : " (providers: \(tried.joined(separator: ", ")))"
                refusals[index] = "requires capability \"\(missing)\", which no running plugin provides\(detail)"
                outcome[index] = .refused
                continue
            }
            let state = initialize(index)
            outcome[index] = state
            if state == .running { available.formUnion(candidate.provides) }
        }
        return refusals
    }

    /// Every pending plugin waits on another pending one, so they form at least one
    /// cycle: finds one, following from each plugin the first provider still pending of
    /// an unmet requirement, and refuses its members, naming the cycle.
    private static func cycleRefusals(_ candidates: [Candidate], pending: [Int], available: Set<String>) -> [Int: String] {
        func waitsOn(_ index: Int) -> Int {
            candidates[index].requires.lazy.filter { !available.contains($0) }.compactMap { missing in
                pending.first { candidates[$0].provides.contains(missing) }
            }.first!
        }
        var path: [Int] = []
        var current = pending[0]
        while !path.contains(current) {
            path.append(current)
            current = waitsOn(current)
        }
        let cycle = Array(path[path.firstIndex(of: current)!...])
        let names = (cycle + [current]).map { candidates[$0].id }.joined(separator: " -> ")
        return Dictionary(uniqueKeysWithValues: cycle.map { ($0, "dependency cycle: \(names)") })
    }
}
