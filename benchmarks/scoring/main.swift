// The scoring engine in-process, without the daemon: Score and PlanToThreshold on an
// 80-criterion framework shaped like the shipped Ecoprod Label draft (or the framework
// file given as argument), over productions with random statuses. Prints one JSON object
// with the per-call latency percentiles. Targets (issue 4): Score p50 <= 50 µs, Plan
// p50 <= 5 ms, in a release build (benchmarks/scoring.sh).
//
// usage: ecoprod-scoring-bench [FRAMEWORK.json] [--iterations N]
import EcoprodAPI
import Foundation
import ScoringEngine

struct Options {
    var frameworkPath: String?
    var iterations = 20_000

    init(_ arguments: ArraySlice<String>) throws {
        var rest = arguments
        while let argument = rest.popFirst() {
            if argument == "--iterations" {
                guard let value = rest.popFirst().flatMap(Int.init), value > 0 else { throw BenchError("--iterations needs a positive number") }
                iterations = value
            } else {
                frameworkPath = argument
            }
        }
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The draft's shape: 10 sections, 6 stages, 80 criteria worth 1 to 3 points (35, 27
/// and 18 of them), 8 mandatory, schemes at 65 and 70 %, stars at 65, 75 and 85 %.
func draftShapedFramework() -> Ecoprod_Label_V1_Framework {
    let sections = "ABCDEFGHIJ".map(String.init)
    let stages = ["development", "preparation", "shooting", "wrap", "post-production", "transverse"]
    return .with {
        $0.id = "bench-label"
        $0.version = "1"
        $0.draft = true
        $0.rule = .points
        $0.stages = stages
        $0.sections = sections.map { code in .with { $0.code = code; $0.title = "Section \(code)" } }
        $0.criteria = (0..<80).map { n in
            .with {
                $0.id = "\(sections[n / 8])\(n % 8 + 1)"
                $0.section = sections[n / 8]
                $0.stage = stages[(n * 7) % stages.count]
                $0.title = "Criterion \(n)"
                $0.points = n < 35 ? 1 : n < 62 ? 2 : 3
                $0.mandatory = n % 10 == 0
            }
        }
        $0.schemes = [("performance", 65.0), ("commitment", 70.0)].map { id, threshold in .with { $0.id = id; $0.title = id; $0.thresholdPercent = threshold } }
        $0.stars = [(UInt32(1), 65.0), (2, 75), (3, 85)].map { stars, threshold in .with { $0.stars = stars; $0.thresholdPercent = threshold } }
    }
}

/// A production's grid with statuses drawn at random: about 45 % done, 20 % in
/// progress, 25 % to do, 10 % not applicable (never a mandatory one); efforts 1 to 5.
func randomAssessment(_ framework: Ecoprod_Label_V1_Framework, number: Int) -> Ecoprod_Label_V1_ProductionAssessment {
    .with {
        $0.production.id = "prod-bench-\(number)"
        $0.production.revision = 1
        $0.production.frameworkID = framework.id
        $0.production.frameworkVersion = framework.version
        $0.production.details.scheme = framework.schemes.randomElement()?.id ?? ""
        $0.criteria = framework.criteria.map { criterion in
            .with {
                $0.criterionID = criterion.id
                let draw = Int.random(in: 0..<100)
                $0.status = draw < 45 ? .done : draw < 65 ? .inProgress : draw < 90 || criterion.mandatory ? .toDo : .notApplicable
                $0.effort = UInt32.random(in: 1...5)
                $0.applicableToKind = true
            }
        }
    }
}

/// Nanoseconds per call of `work` over `iterations` calls cycling through `inputs`, after
/// a tenth as many unmeasured ones.
func measure<Input>(_ inputs: [Input], iterations: Int, _ work: (Input) throws -> UInt32) rethrows -> (nanoseconds: [Int64], checksum: UInt64) {
    var checksum: UInt64 = 0
    for i in 0..<max(1, iterations / 10) { checksum &+= UInt64(try work(inputs[i % inputs.count])) }
    var nanoseconds: [Int64] = []
    nanoseconds.reserveCapacity(iterations)
    let clock = ContinuousClock()
    for i in 0..<iterations {
        let start = clock.now
        checksum &+= UInt64(try work(inputs[i % inputs.count]))
        nanoseconds.append(Int64(nanosecondsIn: clock.now - start))
    }
    return (nanoseconds.sorted(), checksum)
}

extension Int64 {
    init(nanosecondsIn duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}

func summary(_ sorted: [Int64]) -> [String: Double] {
    func microseconds(_ quantile: Double) -> Double { Double(sorted[min(sorted.count - 1, Int(Double(sorted.count) * quantile))]) / 1000 }
    return ["p50": microseconds(0.5), "p90": microseconds(0.9), "p99": microseconds(0.99),
            "mean": Double(sorted.reduce(0, +)) / Double(sorted.count) / 1000]
}

do {
    let options = try Options(CommandLine.arguments.dropFirst())
    let framework = try options.frameworkPath.map { try Ecoprod_Label_V1_Framework(jsonUTF8Data: Data(contentsOf: URL(fileURLWithPath: $0))) }
        ?? draftShapedFramework()
    let indexStart = ContinuousClock.now
    let index = ScoringIndex(framework)
    let indexBuild = ContinuousClock.now - indexStart
    let productions = (0..<256).map { randomAssessment(framework, number: $0) }

    let score = try measure(productions, iterations: options.iterations) { try Scorer.score($0, with: index).earnedPoints }
    let plan = try measure(productions, iterations: options.iterations) {
        try Planner.plan($0, with: index, scheme: "").totalEffort
    }
    let result: [String: Any] = [
        "framework": "\(framework.id) \(framework.version)",
        "criteria": framework.criteria.count,
        "productions": productions.count,
        "index_build_us": Double(Int64(nanosecondsIn: indexBuild)) / 1000,
        "score": ["iterations": score.nanoseconds.count, "us": summary(score.nanoseconds)],
        "plan": ["iterations": plan.nanoseconds.count, "us": summary(plan.nanoseconds)],
        "checksum": score.checksum &+ plan.checksum,
    ]
    FileHandle.standardOutput.write(try JSONSerialization.data(withJSONObject: result, options: [.prettyPrinted, .sortedKeys]))
    print()
} catch {
    FileHandle.standardError.write(Data("ecoprod-scoring-bench: \(error)\n".utf8))
    exit(1)
}
