import EcoprodAPI
import EcoprodProtocol

/// What a footprint's details may hold, which of them an update may change, and how a
/// change is written in its history.
enum FootprintDetailsRules {
    typealias Details = Ecoprod_Carbon_V1_FootprintDetails

    static let maximumTitleLength = 200
    static let maximumNoteLength = 2000
    /// The paths of UpdateFootprint's mask; the kind is set at creation.
    static let updatablePaths = ["title", "shooting_days", "finished_hours", "budget_eur", "note"]

    static func validated(_ details: Details) throws -> Details {
        guard details.kind == .forecast || details.kind == .final else {
            throw RPCError(.invalidArgument, "details.kind: FORECAST or FINAL")
        }
        guard details.title.utf8.count <= maximumTitleLength else { throw RPCError(.invalidArgument, "details.title: at most \(maximumTitleLength) bytes") }
        guard details.note.utf8.count <= maximumNoteLength else { throw RPCError(.invalidArgument, "details.note: at most \(maximumNoteLength) bytes") }
        for (name, value) in [("shooting_days", details.shootingDays), ("finished_hours", details.finishedHours), ("budget_eur", details.budgetEur)] {
            guard value.isFinite, value >= 0 else { throw RPCError(.invalidArgument, "details.\(name): \(value) is not a finite number ≥ 0") }
        }
        return details
    }

    /// `current` with the masked fields of `given`.
    static func applying(_ paths: [String], from given: Details, to current: Details) throws -> Details {
        guard !paths.isEmpty else { throw RPCError(.invalidArgument, "update_mask: name the fields to change (\(updatablePaths.joined(separator: ", ")))") }
        var merged = current
        for path in paths {
            switch path {
            case "title": merged.title = given.title
            case "shooting_days": merged.shootingDays = given.shootingDays
            case "finished_hours": merged.finishedHours = given.finishedHours
            case "budget_eur": merged.budgetEur = given.budgetEur
            case "note": merged.note = given.note
            case "kind": throw RPCError(.invalidArgument, "update_mask: kind is set when the footprint is created")
            default: throw RPCError(.invalidArgument, "update_mask: \(path) is not a field of FootprintDetails (\(updatablePaths.joined(separator: ", ")))")
            }
        }
        return merged
    }

    static func changes(from old: Details, to new: Details) -> [Ecoprod_Label_V1_FieldChange] {
        let fields: [(String, (Details) -> String)] = [
            ("kind", { $0.kind == .unspecified ? "" : CarbonNames.name($0.kind) }),
            ("title", \.title),
            ("shooting_days", { number($0.shootingDays) }),
            ("finished_hours", { number($0.finishedHours) }),
            ("budget_eur", { number($0.budgetEur) }),
            ("note", \.note),
        ]
        return fields.compactMap { name, value in
            let (before, after) = (value(old), value(new))
            return before == after ? nil : .with { $0.field = name; $0.oldValue = before; $0.newValue = after }
        }
    }

    private static func number(_ value: Double) -> String { value == 0 ? "" : CarbonNames.number(value) }
}
