/// An Office Open XML workbook (.xlsx) of plain sheets: text and numbers in rows, the
/// first row of each sheet bold, as the parts a ZIP must hold. Only what spreadsheet
/// programs need to open it: content types, relationships, the workbook, a style sheet
/// and one part per sheet; strings are inline, so there is no shared-string table to keep.
public struct XLSXWorkbook: Sendable {
    public enum Cell: Sendable, Equatable {
        case text(String)
        case number(Double)
    }

    public struct Sheet: Sendable {
        public let name: String
        public var rows: [[Cell]]

        public init(name: String, rows: [[Cell]] = []) {
            self.name = name
            self.rows = rows
        }
    }

    public var sheets: [Sheet]

    public init(sheets: [Sheet]) { self.sheets = sheets }

    /// The workbook's parts by path, in the order they go in the archive.
    public var parts: [(path: String, bytes: [UInt8])] {
        let sheetNumbers = sheets.indices.map { $0 + 1 }
        var parts: [(String, String)] = [
            ("[Content_Types].xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
                <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
                <Default Extension="xml" ContentType="application/xml"/>\
                <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
                <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
                \(sheetNumbers.map { "<Override PartName=\"/xl/worksheets/sheet\($0).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>" }.joined())\
                </Types>
                """),
            ("_rels/.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
                </Relationships>
                """),
            ("xl/workbook.xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
                <sheets>\(zip(sheets, sheetNumbers).map { "<sheet name=\"\(Self.escaped(String($0.name.prefix(31))))\" sheetId=\"\($1)\" r:id=\"rId\($1)\"/>" }.joined())</sheets>\
                </workbook>
                """),
            ("xl/_rels/workbook.xml.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                \(sheetNumbers.map { "<Relationship Id=\"rId\($0)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\($0).xml\"/>" }.joined())\
                <Relationship Id="rId\(sheets.count + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
                </Relationships>
                """),
            ("xl/styles.xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
                <fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>\
                <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
                <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
                <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
                <cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>\
                <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
                </styleSheet>
                """),
        ]
        for (sheet, number) in zip(sheets, sheetNumbers) {
            parts.append(("xl/worksheets/sheet\(number).xml", Self.worksheet(sheet)))
        }
        return parts.map { ($0, Array($1.utf8)) }
    }

    private static func worksheet(_ sheet: Sheet) -> String {
        var xml = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
            """
        // Printed (or converted to PDF) landscape, every column on the page's width.
        xml += "<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>" + columns(sheet) + "<sheetData>"
        for (rowIndex, row) in sheet.rows.enumerated() {
            xml += "<row r=\"\(rowIndex + 1)\">"
            let style = rowIndex == 0 ? " s=\"1\"" : ""
            for (columnIndex, cell) in row.enumerated() {
                let reference = columnName(columnIndex) + "\(rowIndex + 1)"
                switch cell {
                case .text(let text):
                    xml += "<c r=\"\(reference)\"\(style) t=\"inlineStr\"><is><t xml:space=\"preserve\">\(escaped(text))</t></is></c>"
                case .number(let value):
                    xml += "<c r=\"\(reference)\"\(style)><v>\(number(value))</v></c>"
                }
            }
            xml += "</row>"
        }
        return xml + "</sheetData><pageSetup orientation=\"landscape\" fitToWidth=\"1\" fitToHeight=\"0\"/></worksheet>"
    }

    /// Each column as wide as its longest line of text (up to 60 characters), so that a
    /// person, or a PDF printed from the workbook, reads whole titles.
    private static func columns(_ sheet: Sheet) -> String {
        let count = sheet.rows.map(\.count).max() ?? 0
        guard count > 0 else { return "" }
        let widths = (0..<count).map { column in
            sheet.rows.compactMap { row -> Int? in
                guard column < row.count else { return nil }
                switch row[column] {
                case .text(let text): return text.split(separator: "\n").map(\.count).max() ?? 0
                case .number(let value): return number(value).count
                }
            }.max() ?? 0
        }
        return "<cols>" + widths.enumerated().map { column, width in
            "<col min=\"\(column + 1)\" max=\"\(column + 1)\" width=\"\(min(width, 60) + 2)\" customWidth=\"1\"/>"
        }.joined() + "</cols>"
    }

    /// Whole numbers without a decimal point, so spreadsheets read them as integers.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        return value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }

    /// A, B, … Z, AA, AB, …
    static func columnName(_ index: Int) -> String {
        var name = ""
        var number = index + 1
        while number > 0 {
            let remainder = (number - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + remainder))) + name
            number = (number - 1) / 26
        }
        return name
    }

    /// Text as XML character data: markup escaped, and the control characters XML 1.0
    /// forbids left out.
    static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF: continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
