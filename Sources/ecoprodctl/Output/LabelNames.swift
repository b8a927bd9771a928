import ArgumentParser
import EcoprodAPI

typealias CommandLineNames = EnumNames

let productionKinds = LabelNames.productionKinds

let criterionStatuses = CommandLineNames<Ecoprod_Label_V1_CriterionStatus>(pairs: [
    ("todo", .toDo), ("in-progress", .inProgress), ("done", .done), ("n/a", .notApplicable), ("not-applicable", .notApplicable),
])

let scoringRules = CommandLineNames<Ecoprod_Label_V1_ScoringRule>(pairs: [("points", .points), ("levels", .levels)])

/// A command-line argument spelled with one of `names`.
protocol NamedArgument: ExpressibleByArgument {
    associatedtype Value: Equatable & Sendable
    static var names: CommandLineNames<Value> { get }
    var value: Value { get }
    init(value: Value)
}

extension NamedArgument {
    init?(argument: String) {
        guard let value = Self.names.value(named: argument) else { return nil }
        self.init(value: value)
    }

    static var allValueStrings: [String] { names.names }
}

struct KindArgument: NamedArgument {
    static let names = productionKinds
    let value: Ecoprod_Label_V1_ProductionKind
}

struct StatusArgument: NamedArgument {
    static let names = criterionStatuses
    let value: Ecoprod_Label_V1_CriterionStatus
}
