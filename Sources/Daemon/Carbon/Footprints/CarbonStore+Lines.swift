import EcoprodAPI
import EcoprodProtocol
import Foundation
import GRDB

/// A footprint's activity lines: added (by hand or imported), removed, listed.
extension CarbonStore {
    typealias Line = Ecoprod_Carbon_V1_ActivityLine

    /// History lists each added or removed line up to this many; beyond, only the counts.
    static let linesListedInHistory = 20

    /// Adds every line or none; a line's error names it as `lines[i].field`.
    func addLines(_ request: Ecoprod_Carbon_V1_AddLinesRequest, by actor: Actor) async throws -> (Ecoprod_Carbon_V1_AddLinesResponse, FootprintEvent) {
        guard !request.lines.isEmpty else { throw RPCError(.invalidArgument, "lines: give at least one") }
        return try await pool.write { db in
            var record = try FootprintRecord.forWriting(db, id: request.footprintID, expectedRevision: request.expectedRevision)
            let set = try self.pinnedSet(db, of: record.footprint)
            var resolved: [LineRules.Resolved] = []
            for (index, line) in request.lines.enumerated() {
                do throws(LineRules.Problem) {
                    resolved.append(try LineRules.resolve(line, in: set))
                } catch {
                    throw RPCError(.invalidArgument, "lines[\(index)].\(error.field): \(error.message)")
                }
            }
            let (firstID, event) = try Self.append(resolved, to: &record, set: set, db, action: "lines.added", extraChanges: [], actor: actor)
            let response = Ecoprod_Carbon_V1_AddLinesResponse.with {
                $0.footprint = record.footprint
                $0.lineIds = (0..<UInt64(resolved.count)).map { UInt64(firstID) + $0 }
            }
            return (response, event)
        }
    }

    func removeLines(_ request: Ecoprod_Carbon_V1_RemoveLinesRequest, by actor: Actor) async throws -> (Footprint, FootprintEvent) {
        guard !request.lineIds.isEmpty else { throw RPCError(.invalidArgument, "line_ids: give at least one") }
        return try await pool.write { db in
            var record = try FootprintRecord.forWriting(db, id: request.footprintID, expectedRevision: request.expectedRevision)
            let set = try self.pinnedSet(db, of: record.footprint)
            let departments = try Self.departmentNames(db, footprintSeq: record.seq)
            var removed: [Line] = []
            var seen: Set<UInt64> = []
            for (index, id) in request.lineIds.enumerated() where seen.insert(id).inserted {
                guard let row = try Row.fetchOne(db, sql: "SELECT \(Self.lineColumns) FROM activity_lines WHERE footprint_seq = ? AND line_id = ?",
                                                 arguments: [record.seq, id]) else {
                    throw RPCError(.notFound, "line_ids[\(index)]: footprint \(record.footprint.id) has no line \(id)")
                }
                removed.append(Self.line(row, set: set, departments: departments))
                try db.execute(sql: "DELETE FROM activity_lines WHERE footprint_seq = ? AND line_id = ?", arguments: [record.seq, id])
            }
            let before = record.footprint
            record.footprint.lines -= UInt64(removed.count)
            record.totalKg = record.footprint.lines == 0 ? 0 : record.totalKg - removed.reduce(0) { $0 + $1.kgCo2E }
            let listed = removed.count <= Self.linesListedInHistory
                ? removed.map { line in Ecoprod_Label_V1_FieldChange.with { $0.field = "lines[\(line.id)]"; $0.oldValue = Self.summary(of: line) } }
                : []
            let event = try record.commit(db, action: "lines.removed", changes: listed + Self.totals(from: before, to: record.footprint), actor: actor)
            return (record.footprint, event)
        }
    }

    /// The lines of a footprint with ids above `afterID`, `limit` at a time, with their share of `total`.
    func lines(footprintID: String, afterID: UInt64, limit: Int) async throws -> (footprint: Footprint, lines: [Line]) {
        try await pool.read { db in
            let record = try FootprintRecord.find(db, id: footprintID)
            let set = try self.pinnedSet(db, of: record.footprint)
            let departments = try Self.departmentNames(db, footprintSeq: record.seq)
            let lines = try Row.fetchAll(
                db, sql: "SELECT \(Self.lineColumns) FROM activity_lines WHERE footprint_seq = ? AND line_id > ? ORDER BY line_id LIMIT \(limit)",
                arguments: [record.seq, afterID]
            ).map { row in
                var line = Self.line(row, set: set, departments: departments)
                line.shareOfTotal = record.totalKg == 0 ? 0 : line.kgCo2E / record.totalKg
                return line
            }
            return (record.footprint, lines)
        }
    }

    /// Writes resolved lines after the footprint's last one and records it; returns the first new id.
    static func append(
        _ lines: [LineRules.Resolved], to record: inout FootprintRecord, set: PinnedFactorSet, _ db: Database,
        action: String, extraChanges: [Ecoprod_Label_V1_FieldChange], actor: Actor
    ) throws -> (firstID: Int64, event: FootprintEvent) {
        let before = record.footprint
        let firstID = record.nextLineID
        var departments = try DepartmentNumbers(db, footprintSeq: record.seq)
        let insert = try db.makeStatement(sql: """
            INSERT INTO activity_lines (footprint_seq, line_id, group_key, kg_co2e, quantity_in_factor_unit, quantity, unit,
                description, note, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        var added = 0.0
        for resolved in lines {
            let line = resolved.line
            let key = LineGroups.Key(
                category: line.category.rawValue, subcategory: line.subcategory.rawValue, phase: line.phase.rawValue,
                quality: line.quality.rawValue, department: try departments.number(of: line.department, db), factorPosition: resolved.factorPosition
            )
            try insert.execute(arguments: [
                record.seq, record.nextLineID, key.packed, resolved.kgCO2e, resolved.quantityInFactorUnit, line.quantity, line.unit,
                line.description_p, line.note, line.source,
            ])
            record.nextLineID += 1
            added += resolved.kgCO2e
        }
        record.footprint.lines += UInt64(lines.count)
        record.totalKg += added
        let listed: [Ecoprod_Label_V1_FieldChange] = lines.count > linesListedInHistory ? [] : lines.enumerated().map { index, resolved in
                var line = resolved.line
                line.factorUnit = set.factors[resolved.factorPosition].unit
                line.kgCo2E = resolved.kgCO2e
            return .with { $0.field = "lines[\(firstID + Int64(index))]"; $0.newValue = summary(of: line) }
        }
        let event = try record.commit(db, action: action, changes: listed + extraChanges + totals(from: before, to: record.footprint), actor: actor)
        return (firstID, event)
    }

    static let lineColumns = "line_id, group_key, kg_co2e, quantity_in_factor_unit, quantity, unit, description, note, source"

    static func line(_ row: Row, set: PinnedFactorSet, departments: [Int64: String]) -> Line {
        let key = LineGroups.Key(packed: row[1])
        let factor = set.factors[key.factorPosition]
        return .with {
            $0.id = row[0]
            $0.category = .init(rawValue: key.category) ?? .unspecified
            $0.subcategory = .init(rawValue: key.subcategory) ?? .unspecified
            $0.phase = .init(rawValue: key.phase) ?? .unspecified
            $0.department = departments[key.department] ?? ""
            $0.quality = .init(rawValue: key.quality) ?? .unspecified
            $0.factorID = factor.id
            $0.factorKgCo2EPerUnit = factor.kgCo2EPerUnit
            $0.factorUnit = factor.unit
            $0.uncertaintyPercent = factor.uncertaintyPercent
            $0.kgCo2E = row[2]
            $0.quantityInFactorUnit = row[3]
            $0.quantity = row[4]
            $0.unit = row[5]
            $0.description_p = row[6]
            $0.note = row[7]
            $0.source = row[8]
        }
    }

    static func departmentNames(_ db: Database, footprintSeq: Int64) throws -> [Int64: String] {
        var names: [Int64: String] = [0: ""]
        for row in try Row.fetchAll(db, sql: "SELECT number, name FROM footprint_departments WHERE footprint_seq = ?", arguments: [footprintSeq]) {
            names[row[0]] = row[1]
        }
        return names
    }

    /// "transport: 120 litre of diesel_b7_litre = 301.2 kgCO2e", as history writes a line.
    private static func summary(of line: Line) -> String {
        let quantity = CarbonNames.number(line.quantity)
        return "\(CarbonNames.name(line.category)): \(quantity) \(line.unit) of \(line.factorID) = \(CarbonNames.number(line.kgCo2E)) kgCO2e"
    }

    private static func totals(from before: Footprint, to after: Footprint) -> [Ecoprod_Label_V1_FieldChange] {
        [.with { $0.field = "lines"; $0.oldValue = "\(before.lines)"; $0.newValue = "\(after.lines)" }, totalChange(from: before, to: after)]
    }

    static func totalChange(from before: Footprint, to after: Footprint) -> Ecoprod_Label_V1_FieldChange {
        .with { $0.field = "total_t_co2e"; $0.oldValue = CarbonNames.number(before.totalTCo2E); $0.newValue = CarbonNames.number(after.totalTCo2E) }
    }
}

/// A footprint's departments by name: lines keep the number, so that results group them
/// as integers. 0 is no department.
struct DepartmentNumbers {
    private let footprintSeq: Int64
    private var numbers: [String: Int64] = ["": 0]
    private var next: Int64 = 1

    init(_ db: Database, footprintSeq: Int64) throws {
        self.footprintSeq = footprintSeq
        for (number, name) in try CarbonStore.departmentNames(db, footprintSeq: footprintSeq) {
            numbers[name] = number
            next = max(next, number + 1)
        }
    }

    mutating func number(of name: String, _ db: Database) throws -> Int64 {
        if let number = numbers[name] { return number }
        guard next <= LineGroups.Key.maximumDepartment else {
            throw RPCError(.resourceExhausted, "a footprint has at most \(LineGroups.Key.maximumDepartment) departments")
        }
        try db.execute(sql: "INSERT INTO footprint_departments (footprint_seq, number, name) VALUES (?, ?, ?)", arguments: [footprintSeq, next, name])
        numbers[name] = next
        next += 1
        return next - 1
    }
}
