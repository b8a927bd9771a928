import ArgumentParser
import EcoprodAPI
import Foundation

/// The editable fields of a production as options, for `production create` and
/// `production update`: each option given sets one field and names its mask path.
struct ProductionDetailsOptions: ParsableArguments {
    typealias Details = Ecoprod_Label_V1_ProductionDetails

    @Option(help: "The production's title.")
    var title: String?

    @Option(help: "The kind of production.")
    var kind: KindArgument?

    @Option(help: "The producing company's directory id.")
    var company: String?

    @Option(help: "Where it is made: an ISO 3166-1 alpha-2 code such as FR.")
    var country: String?

    @Option(name: .customLong("preparation-start"), help: ArgumentHelp("Dates are written 2026-03-01.", valueName: "date"))
    var preparationStart: String?
    @Option(name: .customLong("preparation-end"), help: ArgumentHelp(valueName: "date"))
    var preparationEnd: String?
    @Option(name: .customLong("shooting-start"), help: ArgumentHelp(valueName: "date"))
    var shootingStart: String?
    @Option(name: .customLong("shooting-end"), help: ArgumentHelp(valueName: "date"))
    var shootingEnd: String?
    @Option(name: .customLong("post-production-start"), help: ArgumentHelp(valueName: "date"))
    var postProductionStart: String?
    @Option(name: .customLong("post-production-end"), help: ArgumentHelp(valueName: "date"))
    var postProductionEnd: String?

    @Option(name: .customLong("shooting-days"))
    var shootingDays: UInt32?

    @Option(name: .customLong("duration-minutes"), help: "The finished work's duration.")
    var durationMinutes: UInt32?

    @Option(help: ArgumentHelp("The budget in units of the currency, e.g. 1250000 or 1250000.50.", valueName: "amount"))
    var budget: String?

    @Option(help: "An ISO 4217 code (the daemon's default: EUR).")
    var currency: String?

    @Option(help: "The label scheme aimed at, e.g. performance (default: the framework's first).")
    var scheme: String?

    /// The details the options give, and the mask paths naming exactly those fields.
    func change() throws -> MaskedChange<Details> {
        var change = MaskedChange(Details())
        change.set("title", title, \.title)
        change.set("kind", kind?.value, \.kind)
        change.set("company_id", company, \.companyID)
        change.set("country", country, \.country)
        change.set("preparation.start", preparationStart, \.preparation.start)
        change.set("preparation.end", preparationEnd, \.preparation.end)
        change.set("shooting.start", shootingStart, \.shooting.start)
        change.set("shooting.end", shootingEnd, \.shooting.end)
        change.set("post_production.start", postProductionStart, \.postProduction.start)
        change.set("post_production.end", postProductionEnd, \.postProduction.end)
        change.set("shooting_days", shootingDays, \.shootingDays)
        change.set("finished_duration_minutes", durationMinutes, \.finishedDurationMinutes)
        change.set("budget_cents", try budget.map(Self.cents(fromAmount:)), \.budgetCents)
        change.set("currency", currency, \.currency)
        change.set("scheme", scheme, \.scheme)
        return change
    }

    func validate() throws { _ = try change() }

    /// Whole cents from an amount with at most two decimals, without binary rounding.
    private static func cents(fromAmount text: String) throws -> Int64 {
        guard let amount = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")),
              text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }) else {
            throw ValidationError("--budget: \"\(text)\" is not an amount such as 1250000 or 1250000.50")
        }
        var cents = amount * 100
        var rounded = Decimal()
        NSDecimalRound(&rounded, &cents, 0, .plain)
        guard rounded == cents, rounded <= Decimal(Int64.max) else {
            throw ValidationError("--budget: \"\(text)\" has more than two decimals or is too large")
        }
        return NSDecimalNumber(decimal: rounded).int64Value
    }
}
