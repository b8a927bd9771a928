import EcoprodAPI
import EcoprodProtocol
import Foundation

/// The editable fields of a production: their checks, their field-mask paths, and how a
/// change to each is written in the history.
enum ProductionDetailsRules {
    typealias Details = Ecoprod_Label_V1_ProductionDetails

    /// Checks `details` against `framework` and fills the defaults (currency, scheme).
    static func validated(_ details: Details, framework: Ecoprod_Label_V1_Framework) throws(RPCError) -> Details {
        var details = details
        func invalid(_ field: String, _ problem: String) -> RPCError { RPCError(.invalidArgument, "details.\(field): \(problem)") }
        details.title = details.title.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !details.title.isEmpty else { throw invalid("title", "required") }
        guard details.title.count <= 300 else { throw invalid("title", "at most 300 characters") }
        guard (1...8).contains(details.kind.rawValue) else { throw invalid("kind", "required: one of feature film, TV film, series, documentary, TV programme, advertisement, music video, other") }
        guard details.country.isEmpty || isCode(details.country, length: 2) else { throw invalid("country", "\"\(details.country)\" is not an ISO 3166-1 alpha-2 code such as FR") }
        if details.currency.isEmpty { details.currency = "EUR" }
        guard isCode(details.currency, length: 3) else { throw invalid("currency", "\"\(details.currency)\" is not an ISO 4217 code such as EUR") }
        guard details.budgetCents >= 0 else { throw invalid("budget_cents", "cannot be negative") }
        for (name, period) in [("preparation", details.preparation), ("shooting", details.shooting), ("post_production", details.postProduction)] {
            for (end, date) in [("start", period.start), ("end", period.end)] where !date.isEmpty && CalendarDate(date) == nil {
                throw invalid("\(name).\(end)", "\"\(date)\" is not a date such as 2026-03-01")
            }
            if !period.start.isEmpty, !period.end.isEmpty, period.start > period.end {
                throw invalid("\(name)", "ends (\(period.end)) before it starts (\(period.start))")
            }
        }
        if details.scheme.isEmpty { details.scheme = framework.schemes.first?.id ?? "" }
        guard framework.schemes.contains(where: { $0.id == details.scheme }) else {
            throw invalid("scheme", "\"\(details.scheme)\" is not a scheme of \(framework.id) \(framework.version): \(framework.schemes.map(\.id).joined(separator: ", "))")
        }
        return details
    }

    /// `current` with the masked fields taken from `update`, and the history of what changed.
    static func applying(_ mask: [String], from update: Details, to current: Details) throws(RPCError) -> (Details, [Ecoprod_Label_V1_FieldChange]) {
        guard !mask.isEmpty else { throw RPCError(.invalidArgument, "update_mask: name at least one field of details") }
        let fields = Self.fields
        var result = current
        for path in mask {
            guard let field = fields.first(where: { $0.path == path }) else {
                throw RPCError(.invalidArgument, "update_mask: unknown path \(path); paths are \(fields.map(\.path).joined(separator: ", "))")
            }
            field.copy(&result, update)
        }
        return (result, changes(from: current, to: result))
    }

    /// One change per top-level field whose text differs.
    static func changes(from old: Details, to new: Details) -> [Ecoprod_Label_V1_FieldChange] {
        fields.filter { !$0.path.contains(".") }.compactMap { field in
            let (before, after) = (field.text(old), field.text(new))
            guard before != after else { return nil }
            return .with { $0.field = field.path; $0.oldValue = before; $0.newValue = after }
        }
    }

    private struct Field {
        let path: String
        let text: (Details) -> String
        let copy: (inout Details, Details) -> Void
    }

    private static func field<Value>(_ path: String, _ keyPath: WritableKeyPath<Details, Value>, _ text: @escaping (Value) -> String) -> Field {
        Field(path: path, text: { text($0[keyPath: keyPath]) }, copy: { $0[keyPath: keyPath] = $1[keyPath: keyPath] })
    }

    private static var fields: [Field] {
        let periods: [(String, WritableKeyPath<Details, Ecoprod_Label_V1_Period>)] = [
            ("preparation", \.preparation), ("shooting", \.shooting), ("post_production", \.postProduction),
        ]
        return [
            field("title", \.title) { $0 },
            field("kind", \.kind) { "\($0)" },
            field("company_id", \.companyID) { $0 },
            field("country", \.country) { $0 },
            field("shooting_days", \.shootingDays) { "\($0)" },
            field("finished_duration_minutes", \.finishedDurationMinutes) { "\($0)" },
            field("budget_cents", \.budgetCents) { "\($0)" },
            field("currency", \.currency) { $0 },
            field("scheme", \.scheme) { $0 },
        ] + periods.flatMap { name, period in
            [
                field(name, period) { $0.start.isEmpty && $0.end.isEmpty ? "" : "\($0.start)..\($0.end)" },
                field("\(name).start", period.appending(path: \.start)) { $0 },
                field("\(name).end", period.appending(path: \.end)) { $0 },
            ]
        }
    }

    private static func isCode(_ text: String, length: Int) -> Bool {
        text.utf8.count == length && text.utf8.allSatisfy { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }
    }
}
