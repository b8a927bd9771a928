import EcoprodAPI

/// What makes an activity line valid under a factor set, and what it then emits: its
/// quantity converted to the factor's unit, times the factor.
enum LineRules {
    typealias Line = Ecoprod_Carbon_V1_ActivityLine

    /// A line's field that is wrong, named as in ActivityLine, and why.
    struct Problem: Error, Equatable {
        let field: String
        let message: String
    }

    struct Resolved {
        /// As given, with its quality made explicit.
        var line: Line
        let factorPosition: Int
        let quantityInFactorUnit: Double
        var kgCO2e: Double
    }

    static let maximumDescriptionLength = 500
    static let maximumNoteLength = 2000
    static let maximumDepartmentLength = 100

    static func resolve(_ given: Line, in set: PinnedFactorSet) throws(Problem) -> Resolved {
        var line = given
        guard line.id == 0 else { throw Problem(field: "id", message: "leave it empty: the daemon gives it") }
        guard line.category != .unspecified else { throw Problem(field: "category", message: "required") }
        if case .UNRECOGNIZED(let value) = line.category { throw Problem(field: "category", message: "\(value) is not a category") }
        if case .UNRECOGNIZED(let value) = line.subcategory { throw Problem(field: "subcategory", message: "\(value) is not a subcategory") }
        if case .UNRECOGNIZED(let value) = line.phase { throw Problem(field: "phase", message: "\(value) is not a phase") }
        if case .UNRECOGNIZED(let value) = line.quality { throw Problem(field: "quality", message: "\(value) is not a data quality") }
        try checkLength(line.description_p, "description", maximumDescriptionLength)
        try checkLength(line.note, "note", maximumNoteLength)
        try checkLength(line.department, "department", maximumDepartmentLength)
        try checkLength(line.source, "source", maximumDescriptionLength)

        guard !line.factorID.isEmpty else { throw Problem(field: "factor_id", message: "required") }
        guard let position = set.position(of: line.factorID) else {
            throw Problem(field: "factor_id", message: "\"\(line.factorID)\" is not in factor set \(set.name)")
        }
        let factor = set.factors[position]
        guard line.quantity.isFinite else { throw Problem(field: "quantity", message: "\(line.quantity) is not a finite number") }
        guard line.quantity >= 0 else { throw Problem(field: "quantity", message: "\(line.quantity) is negative") }

        let factorUnit = set.units[position]
        if line.unit.isEmpty { line.unit = factor.unit }
        let inFactorUnit: Double
        if let factorUnit {
            guard let unit = ActivityUnit.named(line.unit) else { throw Problem(field: "unit", message: UnitError.unknown(line.unit).description) }
            do {
                inFactorUnit = line.quantity * (try unit.ratio(to: factorUnit))
            } catch {
                throw Problem(field: "unit", message: "\(error), the unit of factor \(factor.id)")
            }
        } else {
            // A unit of the source this daemon cannot convert (say m² of set floor): only
            // that very unit will do.
            guard line.unit.lowercased() == factor.unit.lowercased() else {
                throw Problem(field: "unit", message: "factor \(factor.id) is per \"\(factor.unit)\", which this daemon cannot convert: give the quantity in \(factor.unit)")
            }
            inFactorUnit = line.quantity
        }

        let monetary = factorUnit?.dimension == .money
        switch line.quality {
        case .unspecified:
            line.quality = monetary ? .spendBased : .measured
        case .spendBased where !monetary:
            throw Problem(field: "quality", message: "spend-based needs a monetary factor (per EUR or kEUR); \(factor.id) is per \(factor.unit)")
        case .measured where monetary, .estimated where monetary:
            throw Problem(field: "quality", message: "a line on a monetary factor (\(factor.id), per \(factor.unit)) is spend-based")
        default:
            break
        }
        let kg = inFactorUnit * factor.kgCo2EPerUnit
        guard kg.isFinite else { throw Problem(field: "quantity", message: "\(line.quantity) \(line.unit) × \(factor.kgCo2EPerUnit) kgCO2e overflows") }
        return Resolved(line: line, factorPosition: position, quantityInFactorUnit: inFactorUnit, kgCO2e: kg)
    }

    private static func checkLength(_ text: String, _ field: String, _ maximum: Int) throws(Problem) {
        guard text.utf8.count <= maximum else { throw Problem(field: field, message: "at most \(maximum) bytes") }
    }
}
