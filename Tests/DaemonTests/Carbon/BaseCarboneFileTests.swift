@testable import EcoprodDaemon
import EcoprodAPI
import Foundation
import Testing

/// ADEME's export, from the real-layout sample in tests/fixtures/carbon/ (stored there
/// as UTF-8; the export itself is Windows-1252, so the tests make that too).
@Suite("Base Carbone import")
struct BaseCarboneFileTests {
    static let samplePath = Repository.path("tests/fixtures/carbon/base_carbone_v23.6_sample.csv")

    static var sampleText: String {
        get throws { try String(contentsOfFile: samplePath, encoding: .utf8) }
    }

    static func windows1252(_ text: String) throws -> Data {
        try #require(text.data(using: .windowsCP1252), "the sample has a character outside Windows-1252")
    }

    static let set = Ecoprod_Carbon_V1_FactorSet.with {
        $0.id = "base-carbone"
        $0.version = "23.6"
        $0.licence = "Licence Ouverte 2.0"
    }

    @Test func theSampleInWindows1252KeepsItsAccentsDecimalsAndBreakdowns() throws {
        let imported = try BaseCarboneFile.factorSet(try Self.windows1252(try Self.sampleText), into: Self.set)
        #expect(imported.id == "base-carbone" && imported.licence == "Licence Ouverte 2.0")
        #expect(imported.factors.map(\.id) == ["42513", "25775", "26640", "43256", "43791"])

        let electricity = imported.factors[0]
        #expect(electricity.nameFr == "Electricité, 2022 - mix moyen, consommation")
        #expect(electricity.nameEn == "Grid electricity, 2022")
        #expect(electricity.unit == "kWh")
        #expect(electricity.kgCo2EPerUnit == 0.052)
        #expect(electricity.uncertaintyPercent == 10)
        #expect(electricity.category == "Electricité > Mix réseau électrique > France continentale > Moyen")
        #expect(electricity.geography == "France continentale")
        #expect(electricity.status == "Valide générique")
        #expect(electricity.sourceReference == "Base Carbone element 42513")
        #expect(electricity.breakdown.map(\.nameFr) == ["Combustion à la centrale", "Amont", "Transport et distribution"])
        #expect(electricity.breakdown.map(\.detailFr) == ["", "", "Pertes"])
        #expect(electricity.breakdown.map(\.kgCo2EPerUnit) == [0.0338, 0.0135, 0.00474])

        let diesel = imported.factors[1]
        #expect((diesel.nameFr, diesel.unit, diesel.kgCo2EPerUnit) == ("Gazole routier, B7", "litre", 3.1))
        #expect(imported.factors[3].unit == "passager.km")
        #expect(imported.factors[4].breakdown.count == 3)
    }

    @Test func theSameFileInUTF8ImportsTheSame() throws {
        let text = try Self.sampleText
        let fromUTF8 = try BaseCarboneFile.factorSet(Data(text.utf8), into: Self.set)
        let fromBOM = try BaseCarboneFile.factorSet(Data([0xEF, 0xBB, 0xBF] + Array(text.utf8)), into: Self.set)
        let from1252 = try BaseCarboneFile.factorSet(try Self.windows1252(text), into: Self.set)
        #expect(fromUTF8 == from1252)
        #expect(fromBOM == from1252)
        let (_, encoding) = try DelimitedText.records(try Self.windows1252(text))
        #expect(encoding == .windows1252)
    }

    @Test(arguments: [
        Breakage("an element's total", { $0 = $0.replacingOccurrences(of: ";0,052;", with: ";0,05x;") },
                 ImportProblem(line: 2, column: "Total poste non décomposé", #""0,05x" is not a number"#)),
        Breakage("NaN", { $0 = $0.replacingOccurrences(of: ";0,052;", with: ";nan;") },
                 ImportProblem(line: 2, column: "Total poste non décomposé", #""nan" is not a number"#)),
        Breakage("a missing column", { $0 = $0.replacingOccurrences(of: "Unité français", with: "Unit") },
                 ImportProblem(line: 1, #"the column "Unité français" is missing: is this a Base Carbone export?"#)),
        Breakage("a unit", { $0 = $0.replacingOccurrences(of: "kgCO2e/kWh;kgCO2e/kWh", with: "kWh;kWh") },
                 ImportProblem(line: 2, column: "Unité français", #""kWh" is not kgCO2e per a unit, such as kgCO2e/kWh"#)),
        Breakage("a short row", { $0 = $0.replacingOccurrences(of: ";0,052;;;;;;;;;;;;;;;;\n", with: ";0,052;;;;;;;;;;;;;;;\n") },
                 ImportProblem(line: 2, "66 fields; the header has 67")),
        Breakage("an orphan breakdown", { $0 = $0.replacingOccurrences(of: "Poste;43791;", with: "Poste;99999;") },
                 ImportProblem(line: 17, column: "Identifiant de l'élément", "a Poste row of element 99999, which has no Elément row")),
        Breakage("a repeated element", { $0 = $0.replacingOccurrences(of: "Elément;26640;", with: "Elément;25775;") },
                 ImportProblem(line: 9, column: "Identifiant de l'élément", "element 25775 is listed twice (also line 6)")),
        Breakage("an unclosed quote", { $0 += "\"Elément;1" },
                 ImportProblem(line: 20, column: "1", "a quoted field is not closed before the end of the file")),
    ] as [Breakage<String, ImportProblem>])
    func aBrokenFileIsRefusedNamingTheLineAndColumn(_ breakage: Breakage<String, ImportProblem>) throws {
        let broken = try Self.windows1252(breakage.applied(to: try Self.sampleText))
        #expect(throws: breakage.expected) { try BaseCarboneFile.factorSet(broken, into: Self.set) }
    }

    @Test func aByteInNoKnownEncodingIsNamedWithItsLineAndField() throws {
        var bytes = Array(try Self.windows1252(try Self.sampleText))
        let thirdLine = bytes.indices.filter { bytes[$0] == UInt8(ascii: "\n") }[1] + 1
        bytes.insert(contentsOf: Array("\"a;b\";".utf8) + [0x81], at: thirdLine + "Poste;42513;".utf8.count)
        #expect(throws: ImportProblem(line: 3, column: "4", "byte 0x81 is a character neither in UTF-8 nor in Windows-1252: the file is in another encoding")) {
            try BaseCarboneFile.factorSet(Data(bytes), into: Self.set)
        }
    }

    @Test func quotedFieldsKeepTheirSeparatorsQuotesAndLineBreaks() throws {
        let (records, _) = try DelimitedText.records(Data("a;b\r\n\"x;1\";\"say \"\"hi\"\"\nthere\"\r\nlast;\n\n".utf8))
        #expect(records.map(\.fields) == [["a", "b"], ["x;1", "say \"hi\"\nthere"], ["last", ""]])
        #expect(records.map(\.line) == [1, 2, 4])
    }

    /// The full export has about 18,600 rows; this one has as many, in the same layout.
    @Test func aFullSizeExportImportsEveryElement() throws {
        let data = try Self.windows1252(try BaseCarboneSynthetic.export(elements: 6_200))
        let imported = try BaseCarboneFile.factorSet(data, into: Self.set)
        #expect(imported.factors.count == 6_200)
        #expect(imported.factors.allSatisfy { $0.breakdown.count == 2 })
        #expect(imported.factors.last?.nameFr.hasPrefix("Élément synthétique 6199") == true)
    }
}
