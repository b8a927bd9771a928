import EcoprodAPI
import Foundation

/// ADEME's Base Carbone / Base Empreinte CSV export as a factor set: one factor per
/// "Elément" row, with the "Poste" rows that share its id as its breakdown.
///
/// Columns are found by their header names, not positions, so a release that adds or
/// moves a column still imports; a missing one is named. Numbers use a decimal comma.
enum BaseCarboneFile {
    typealias FactorSet = Ecoprod_Carbon_V1_FactorSet
    typealias Factor = Ecoprod_Carbon_V1_Factor

    /// The columns read, by their French header.
    enum Column: String, CaseIterable {
        case lineType = "Type Ligne"
        case id = "Identifiant de l'élément"
        case status = "Statut de l'élément"
        case nameFR = "Nom base français"
        case nameEN = "Nom base anglais"
        case attributeFR = "Nom attribut français"
        case attributeEN = "Nom attribut anglais"
        case boundaryFR = "Nom frontière français"
        case boundaryEN = "Nom frontière anglais"
        case category = "Code de la catégorie"
        case unitFR = "Unité français"
        case location = "Localisation géographique"
        case sublocation = "Sous-localisation géographique français"
        case uncertainty = "Incertitude"
        case partFR = "Type poste"
        case partDetailFR = "Nom poste français"
        case partDetailEN = "Nom poste anglais"
        case total = "Total poste non décomposé"
    }

    /// The factors of `data`; `set` gives the set's id, version, title, source and licence.
    static func factorSet(_ data: Data, into set: FactorSet) throws(ImportProblem) -> FactorSet {
        let (records, _) = try DelimitedText.records(data)
        guard let header = records.first else { throw ImportProblem(line: 1, "the file is empty") }
        let columns = try positions(of: header)

        var result = set
        var factorAt: [String: (index: Int, line: Int)] = [:]
        var parts: [(record: DelimitedText.Record, id: String)] = []
        for record in records.dropFirst() {
            guard record.fields.count == header.fields.count else {
                throw ImportProblem(line: record.line, "\(record.fields.count) fields; the header has \(header.fields.count)")
            }
            let row = Row(record: record, columns: columns)
            let id = row[.id]
            guard !id.isEmpty else { throw ImportProblem(line: record.line, column: Column.id.rawValue, "required") }
            switch row[.lineType] {
            case "Elément", "Élément":
                if let earlier = factorAt[id] {
                    throw ImportProblem(line: record.line, column: Column.id.rawValue, "element \(id) is listed twice (also line \(earlier.line))")
                }
                factorAt[id] = (result.factors.count, record.line)
                result.factors.append(try factor(row, id: id))
            case "Poste":
                parts.append((record, id))
            case let other:
                throw ImportProblem(line: record.line, column: Column.lineType.rawValue, "\"\(other)\" is neither Elément nor Poste")
            }
        }
        for (record, id) in parts {
            guard let factor = factorAt[id] else {
                throw ImportProblem(line: record.line, column: Column.id.rawValue, "a Poste row of element \(id), which has no Elément row")
            }
            let row = Row(record: record, columns: columns)
            let total = try row.number(.total)
            result.factors[factor.index].breakdown.append(.with {
                $0.nameFr = row[.partFR]
                $0.detailFr = row[.partDetailFR]
                $0.detailEn = row[.partDetailEN]
                $0.kgCo2EPerUnit = total
            })
        }
        return result
    }

    private static func factor(_ row: Row, id: String) throws(ImportProblem) -> Factor {
        let unit = row[.unitFR]
        guard unit.hasPrefix("kgCO2e/"), unit.count > "kgCO2e/".count else {
            throw ImportProblem(line: row.record.line, column: Column.unitFR.rawValue, "\"\(unit)\" is not kgCO2e per a unit, such as kgCO2e/kWh")
        }
        let uncertainty = row[.uncertainty].isEmpty ? 0 : try row.number(.uncertainty)
        guard uncertainty >= 0 else {
            throw ImportProblem(line: row.record.line, column: Column.uncertainty.rawValue, "\(row[.uncertainty]) is negative")
        }
        var factor = Factor()
        factor.id = id
        factor.nameFr = name(row, .nameFR, .attributeFR, .boundaryFR)
        factor.nameEn = name(row, .nameEN, .attributeEN, .boundaryEN)
        factor.unit = String(unit.dropFirst("kgCO2e/".count))
        factor.kgCo2EPerUnit = try row.number(.total)
        factor.uncertaintyPercent = uncertainty
        factor.category = row[.category]
        factor.geography = [row[.location], row[.sublocation]].filter { !$0.isEmpty }.joined(separator: " > ")
        factor.sourceReference = "Base Carbone element \(id)"
        factor.status = row[.status]
        return factor
    }

    /// "Electricité, 2022 - mix moyen, consommation": the base name with what qualifies it.
    private static func name(_ row: Row, _ parts: Column...) -> String {
        parts.map { row[$0] }.filter { !$0.isEmpty }.joined(separator: ", ")
    }

    private static func positions(of header: DelimitedText.Record) throws(ImportProblem) -> [Column: Int] {
        var positions: [Column: Int] = [:]
        let names = header.fields.map(TextFolding.trimmed)
        for column in Column.allCases {
            guard let position = names.firstIndex(of: column.rawValue) else {
                throw ImportProblem(line: 1, "the column \"\(column.rawValue)\" is missing: is this a Base Carbone export?")
            }
            positions[column] = position
        }
        return positions
    }

    private struct Row {
        let record: DelimitedText.Record
        let columns: [Column: Int]

        subscript(column: Column) -> String {
            TextFolding.trimmed(record.fields[columns[column]!])
        }

        /// A decimal-comma number, such as "0,052" or "1 234,5" or "1,2E-05".
        func number(_ column: Column) throws(ImportProblem) -> Double {
            let text = self[column]
            guard let value = DelimitedText.number(text) else {
                throw ImportProblem(line: record.line, column: column.rawValue, text.isEmpty ? "required" : "\"\(text)\" is not a number")
            }
            return value
        }
    }
}
