import EcoprodAPI
import EcoprodProtocol
import Foundation

/// ImportLines: a budget or ledger export turned into activity lines by a mapping. Every
/// row a rule maps becomes a line, resolved by LineRules like a line given by hand; an
/// error names the file's line and column.
struct LineImport {
    typealias Header = Ecoprod_Carbon_V1_ImportLinesHeader
    typealias Mapping = Ecoprod_Carbon_V1_LineMapping

    /// A ledger of a million entries is about 100 MB; a year's production, far less.
    static let maximumSize = 256 << 20
    /// The unmapped rows an answer lists; it counts them all.
    static let unmappedListed = 1000

    struct Outcome {
        var lines: [LineRules.Resolved] = []
        var rowsRead = 0
        var unmappedCount = 0
        var unmapped: [Ecoprod_Carbon_V1_UnmappedRow] = []
    }

    /// Progress, as rows are read: (rows read, bytes read).
    typealias Progress = @Sendable (Int, Int) -> Void

    let header: Header
    let set: PinnedFactorSet
    private let rules: [Rule]

    init(header: Header, set: PinnedFactorSet) throws {
        self.header = header
        self.set = set
        let mapping = header.mapping
        guard !mapping.rules.isEmpty else { throw RPCError(.invalidArgument, "header.mapping.rules: give at least one") }
        rules = try mapping.rules.enumerated().map { index, rule in try Rule(rule, field: "header.mapping.rules[\(index)]", columns: mapping.columns, set: set) }
    }

    var fileName: String { header.fileName.isEmpty ? "(streamed)" : header.fileName }

    /// The file's rows mapped to lines.
    func lines(_ file: Data, progress: Progress) throws -> Outcome {
        let (records, _): ([DelimitedText.Record], DelimitedText.Encoding)
        do {
            records = try DelimitedText.records(file, separator: DelimitedText.separator(ofHeader: file)).records
        } catch {
            throw RPCError(.invalidArgument, "\(fileName) \(error)")
        }
        guard let headerRow = records.first else { throw RPCError(.invalidArgument, "\(fileName): the file is empty") }
        let columns = try Columns(header.mapping.columns, headerRow: headerRow, fileName: fileName)
        for (index, rule) in rules.enumerated() {
            if !rule.accountPrefix.isEmpty, columns.account == nil {
                throw RPCError(.invalidArgument, "header.mapping.rules[\(index)].account_prefix: the mapping names no account column")
            }
            if !rule.labelContains.isEmpty, columns.label == nil {
                throw RPCError(.invalidArgument, "header.mapping.rules[\(index)].label_contains: the mapping names no label column")
            }
            if rule.spendBased ? columns.amount == nil : columns.quantity == nil {
                throw RPCError(.invalidArgument, "header.mapping.columns.\(rule.spendBased ? "amount" : "quantity"): required by rules[\(index)]")
            }
        }

        var outcome = Outcome()
        outcome.lines.reserveCapacity(records.count - 1)
        // About twenty reports for a big file, and none but the last for a small one.
        let progressEvery = max(10_000, records.count / 20)
        for record in records.dropFirst() {
            outcome.rowsRead += 1
            if outcome.rowsRead % progressEvery == 0 { progress(outcome.rowsRead, file.count) }
            guard record.fields.count == headerRow.fields.count else {
                throw RPCError(.invalidArgument, "\(fileName) line \(record.line): \(record.fields.count) fields; the header has \(headerRow.fields.count)")
            }
            let account = columns.account.map { TextFolding.trimmed(record.fields[$0]) } ?? ""
            let label = columns.label.map { TextFolding.trimmed(record.fields[$0]) } ?? ""
            let foldedLabel = Array(TextFolding.folded(label).utf8)
            guard let rule = rules.first(where: { $0.matches(account: account, foldedLabel: foldedLabel) }) else {
                outcome.unmappedCount += 1
                if outcome.unmapped.count < Self.unmappedListed {
                    outcome.unmapped.append(.with { $0.line = UInt64(record.line); $0.account = account; $0.label = label })
                }
                continue
            }
            outcome.lines.append(try line(record, rule, columns, account: account, label: label))
        }
        progress(outcome.rowsRead, file.count)
        return outcome
    }

    private func line(_ record: DelimitedText.Record, _ rule: Rule, _ columns: Columns, account: String, label: String) throws -> LineRules.Resolved {
        func problem(_ column: String, _ message: String) -> RPCError {
            RPCError(.invalidArgument, "\(fileName) line \(record.line), column \(column): \(message)")
        }
        let quantityColumn = rule.spendBased ? columns.amount! : columns.quantity!
        let quantityText = record.fields[quantityColumn]
        guard let quantity = DelimitedText.number(quantityText) else {
            throw problem(columns.name(quantityColumn), quantityText.isEmpty ? "required" : "\"\(quantityText)\" is not a number")
        }
        var line = Ecoprod_Carbon_V1_ActivityLine.with {
            $0.category = rule.mapping.category
            $0.subcategory = rule.mapping.subcategory
            $0.factorID = rule.mapping.factorID
            $0.quantity = quantity
            $0.unit = rule.spendBased ? "EUR" : rule.mapping.unit
            $0.phase = rule.mapping.phase
            $0.department = rule.mapping.department
            $0.quality = rule.mapping.quality
            $0.description_p = label
            $0.note = account.isEmpty ? "" : "account \(account)"
            $0.source = "\(fileName) line \(record.line)"
        }
        if let unit = columns.unit, !rule.spendBased, case let text = TextFolding.trimmed(record.fields[unit]), !text.isEmpty {
            line.unit = text
        }
        if let phase = columns.phase, case let text = record.fields[phase], !text.isEmpty {
            guard let value = CarbonNames.phases.value(named: text) else {
                throw problem(columns.name(phase), "\"\(text)\" is not a phase (preparation, shooting, post-production)")
            }
            line.phase = value
        }
        if let department = columns.department, case let text = TextFolding.trimmed(record.fields[department]), !text.isEmpty {
            line.department = text
        }
        do throws(LineRules.Problem) {
            return try LineRules.resolve(line, in: set)
        } catch {
            let column = switch error.field {
            case "quantity": columns.name(quantityColumn)
            case "unit": columns.unit.map(columns.name) ?? "(rule unit)"
            case "department": columns.department.map(columns.name) ?? "(rule department)"
            case "description": columns.label.map(columns.name) ?? "(label)"
            default: "(rule \(error.field))"
            }
            throw problem(column, error.message)
        }
    }

    /// A mapping rule, its patterns folded once.
    private struct Rule {
        let mapping: Ecoprod_Carbon_V1_MappingRule
        let accountPrefix: String
        let labelContains: [[UInt8]]
        var spendBased: Bool { mapping.spendBased }

        init(_ mapping: Ecoprod_Carbon_V1_MappingRule, field: String, columns: Ecoprod_Carbon_V1_LineMapping.Columns, set: PinnedFactorSet) throws {
            self.mapping = mapping
            accountPrefix = TextFolding.trimmed(mapping.accountPrefix)
            labelContains = mapping.labelContains.map { Array(TextFolding.folded($0).utf8) }.filter { !$0.isEmpty }
            guard mapping.category != .unspecified else { throw RPCError(.invalidArgument, "\(field).category: required") }
            guard !mapping.factorID.isEmpty else { throw RPCError(.invalidArgument, "\(field).factor_id: required") }
            guard set.position(of: mapping.factorID) != nil else {
                throw RPCError(.invalidArgument, "\(field).factor_id: \"\(mapping.factorID)\" is not in factor set \(set.name)")
            }
            if !mapping.unit.isEmpty, ActivityUnit.named(mapping.unit) == nil {
                throw RPCError(.invalidArgument, "\(field).unit: \(UnitError.unknown(mapping.unit))")
            }
        }

        func matches(account: String, foldedLabel: [UInt8]) -> Bool {
            (accountPrefix.isEmpty || account.hasPrefix(accountPrefix))
                && (labelContains.isEmpty || labelContains.contains { Self.bytes(foldedLabel, contain: $0) })
        }

        /// Byte search: labels are short, and the generic String search costs more than it finds.
        private static func bytes(_ text: [UInt8], contain pattern: [UInt8]) -> Bool {
            guard pattern.count <= text.count else { return false }
            return (0...(text.count - pattern.count)).contains { start in text[start..<start + pattern.count].elementsEqual(pattern) }
        }
    }

    /// The mapping's columns found in the file's header, by name (case and surrounding
    /// spaces ignored).
    private struct Columns {
        let names: [String]
        let account, label, quantity, unit, amount, phase, department: Int?

        init(_ wanted: Ecoprod_Carbon_V1_LineMapping.Columns, headerRow: DelimitedText.Record, fileName: String) throws {
            let names = headerRow.fields.map(TextFolding.trimmed)
            let lowered = names.map { $0.lowercased() }
            func find(_ name: String, _ field: String) throws -> Int? {
                guard !name.isEmpty else { return nil }
                guard let index = lowered.firstIndex(of: TextFolding.trimmed(name).lowercased()) else {
                    throw RPCError(.invalidArgument, "\(fileName) line 1: the column \"\(name)\" (header.mapping.columns.\(field)) is missing; the file has \(names.map { "\"\($0)\"" }.joined(separator: ", "))")
                }
                return index
            }
            account = try find(wanted.account, "account")
            label = try find(wanted.label, "label")
            quantity = try find(wanted.quantity, "quantity")
            unit = try find(wanted.unit, "unit")
            amount = try find(wanted.amount, "amount")
            phase = try find(wanted.phase, "phase")
            department = try find(wanted.department, "department")
            self.names = names
        }

        func name(_ index: Int) -> String { "\(index + 1) (\(names[index]))" }
    }
}
