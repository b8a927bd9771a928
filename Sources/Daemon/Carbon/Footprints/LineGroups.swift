import EcoprodProtocol
import GRDB
import GRDBSQLite

/// A footprint's lines summed by everything its results tell apart: category,
/// subcategory, phase, data quality, department and factor. Results, variance reports
/// and recomputations all start from these few groups rather than from the lines.
struct LineGroups: Sendable {
    /// What a line is grouped by, as stored packed in its `group_key`: category in bits
    /// 0-3, subcategory 4-7, phase 8-11, data quality 12-15, department number 16-35,
    /// factor position 36-62 (a factor set file's size limit keeps positions far below 2^27).
    struct Key: Hashable, Sendable {
        var category = 0
        var subcategory = 0
        var phase = 0
        var quality = 0
        var department: Int64 = 0
        var factorPosition = 0

        static let maximumDepartment: Int64 = 1 << 20 - 1

        init(category: Int = 0, subcategory: Int = 0, phase: Int = 0, quality: Int = 0, department: Int64 = 0, factorPosition: Int = 0) {
            (self.category, self.subcategory, self.phase, self.quality) = (category, subcategory, phase, quality)
            (self.department, self.factorPosition) = (department, factorPosition)
        }

        init(packed: Int64) {
            self.init(
                category: Int(packed & 0xF), subcategory: Int(packed >> 4 & 0xF), phase: Int(packed >> 8 & 0xF),
                quality: Int(packed >> 12 & 0xF), department: packed >> 16 & Self.maximumDepartment, factorPosition: Int(packed >> 36)
            )
        }

        var packed: Int64 {
            Int64(category) | Int64(subcategory) << 4 | Int64(phase) << 8 | Int64(quality) << 12 | department << 16 | Int64(factorPosition) << 36
        }
    }

    struct Sums: Sendable {
        var kg = 0.0
        /// In the factor's unit.
        var quantity = 0.0
        var lines = 0
    }

    var sums: [Key: Sums] = [:]

    var totalKg: Double { sums.values.reduce(0) { $0 + $1.kg } }
    var lines: Int { sums.values.reduce(0) { $0 + $1.lines } }

    /// Sums of the groups that share `by`'s value.
    func grouped<K: Hashable>(by key: (Key) -> K) -> [K: Sums] {
        var result: [K: Sums] = [:]
        for (groupKey, sums) in self.sums {
            result[key(groupKey), default: Sums()].add(sums)
        }
        return result
    }

    /// One pass over the footprint's lines inside SQLite, which hands each line's key and
    /// emissions (and quantity, when asked) to an aggregate function of ours: a million
    /// lines are summed nearly as fast as SQLite alone sums one column
    /// (benchmarks/footprint.sh). Quantities are only needed to recompute.
    static func scan(_ db: Database, footprintSeq: Int64, quantities: Bool = false) throws -> LineGroups {
        let table = UnsafeMutablePointer<GroupTable>.allocate(capacity: 1)
        table.initialize(to: GroupTable())
        defer {
            table.pointee.deallocate()
            table.deinitialize(count: 1)
            table.deallocate()
        }
        let connection = db.sqliteConnection
        let arguments: Int32 = quantities ? 3 : 2
        let registered = sqlite3_create_function_v2(
            connection, GroupTable.functionName, arguments, SQLITE_UTF8, table, nil, GroupTable.step, GroupTable.final, nil
        )
        guard registered == SQLITE_OK else { throw DatabaseError(resultCode: .init(rawValue: registered), message: db.lastErrorMessage) }
        defer { sqlite3_create_function_v2(connection, GroupTable.functionName, arguments, SQLITE_UTF8, nil, nil, nil, nil, nil) }
        let columns = quantities ? "group_key, kg_co2e, quantity_in_factor_unit" : "group_key, kg_co2e"
        try db.execute(sql: "SELECT \(GroupTable.functionName)(\(columns)) FROM activity_lines WHERE footprint_seq = ?", arguments: [footprintSeq])
        var groups = LineGroups()
        table.pointee.forEach { packed, sums in groups.sums[Key(packed: packed)] = sums }
        return groups
    }

    /// The aggregate's state: sums by packed key in an open-addressing table of plain
    /// memory, so that adding a line costs a multiply and a probe, no reference counting.
    private struct GroupTable {
        static let functionName = "ecoprod_line_groups"
        static let empty: Int64 = -1

        private var keys: UnsafeMutablePointer<Int64>
        private var values: UnsafeMutablePointer<Sums>
        private var capacity = 64
        private var count = 0

        init() {
            keys = .allocate(capacity: capacity)
            keys.initialize(repeating: Self.empty, count: capacity)
            values = .allocate(capacity: capacity)
        }

        func deallocate() {
            keys.deallocate()
            values.deallocate()
        }

        mutating func add(_ key: Int64, kg: Double, quantity: Double) {
            let slot = slot(of: key)
            if keys[slot] == key { return values[slot].add(kg: kg, quantity: quantity) }
            keys[slot] = key
            (values + slot).initialize(to: Sums(kg: kg, quantity: quantity, lines: 1))
            count += 1
            if count * 2 > capacity { grow() }
        }

        func forEach(_ body: (Int64, Sums) -> Void) {
            for slot in 0..<capacity where keys[slot] != Self.empty { body(keys[slot], values[slot]) }
        }

        /// Where `key` is, or the empty slot it would go to.
        private func slot(of key: Int64) -> Int {
            let mask = capacity - 1
            var slot = Int(truncatingIfNeeded: UInt64(bitPattern: key) &* 0x9E37_79B9_7F4A_7C15 >> 32) & mask
            while keys[slot] != key, keys[slot] != Self.empty { slot = (slot + 1) & mask }
            return slot
        }

        private mutating func grow() {
            let (oldKeys, oldValues, oldCapacity) = (keys, values, capacity)
            capacity *= 2
            keys = .allocate(capacity: capacity)
            keys.initialize(repeating: Self.empty, count: capacity)
            values = .allocate(capacity: capacity)
            for old in 0..<oldCapacity where oldKeys[old] != Self.empty {
                let slot = slot(of: oldKeys[old])
                keys[slot] = oldKeys[old]
                (values + slot).initialize(to: oldValues[old])
            }
            oldKeys.deallocate()
            oldValues.deallocate()
        }

        static let step: @convention(c) (OpaquePointer?, Int32, UnsafeMutablePointer<OpaquePointer?>?) -> Void = { context, count, values in
            let table = sqlite3_user_data(context)!.assumingMemoryBound(to: GroupTable.self)
            table.pointee.add(
                sqlite3_value_int64(values![0]), kg: sqlite3_value_double(values![1]),
                quantity: count > 2 ? sqlite3_value_double(values![2]) : 0
            )
        }

        static let final: @convention(c) (OpaquePointer?) -> Void = { context in sqlite3_result_null(context) }
    }
}

extension LineGroups.Sums {
    mutating func add(kg: Double, quantity: Double) {
        self.kg += kg
        self.quantity += quantity
        lines += 1
    }

    mutating func add(_ other: Self) {
        kg += other.kg
        quantity += other.quantity
        lines += other.lines
    }
}
