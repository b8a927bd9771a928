@testable import EcoprodDaemon
import EcoprodAPI
import EcoprodProtocol
import Foundation
import Synchronization
import Testing

@Suite("Line import")
struct LineImportTests {
    static let ledger = """
        Compte;Libellé;Quantité;Unité;Montant;Phase;Service
        606100;Gasoil groupe électrogène;1 200,5;L;2 100,00;Tournage;Régie
        625100;Taxi équipe;;;350,00;tournage;Production
        606100;Gazole camion loges;80;litres;150;prépa;Régie
        611000;Honoraires comptable;;;1 000;;Production

        """

    static let mapping = Ecoprod_Carbon_V1_LineMapping.with {
        $0.columns = .with {
            $0.account = "Compte"; $0.label = "libellé"; $0.quantity = "Quantité"; $0.unit = "Unité"
            $0.amount = "Montant"; $0.phase = "Phase"; $0.department = "Service"
        }
        $0.rules = [
            .with { $0.accountPrefix = "6061"; $0.labelContains = ["GASOIL", "gazole"]; $0.category = .transport; $0.factorID = "diesel" },
            .with { $0.accountPrefix = "6251"; $0.spendBased = true; $0.category = .transport; $0.factorID = "spend-transport" },
        ]
    }

    static func header(_ footprint: Ecoprod_Carbon_V1_Footprint, skip: Bool = false, mapping: Ecoprod_Carbon_V1_LineMapping = mapping) -> Ecoprod_Carbon_V1_ImportLinesHeader {
        .with {
            $0.footprintID = footprint.id
            $0.expectedRevision = footprint.revision
            $0.fileName = "ledger.csv"
            $0.mapping = mapping
            $0.skipUnmapped = skip
        }
    }

    static func windows1252(_ text: String) throws -> Data { try #require(text.data(using: .windowsCP1252)) }

    @Test func aLedgerInWindows1252WithDecimalCommasImportsWhatItsMappingMaps() async throws {
        let fixture = try await FootprintStoreFixture()
        let footprint = try await fixture.create()
        let file = try Self.windows1252(Self.ledger)

        #expect(await refusal { _ = try await fixture.importLines(Self.header(footprint), file: file, by: FootprintFixtures.editor) { _, _ in } } == Refusal(
            .failedPrecondition,
            "ledger.csv: 1 of 4 rows match no rule of the mapping: line 5 (account \"611000\", label \"Honoraires comptable\"); nothing was imported (map them, or skip them with skip_unmapped)"
        ))
        #expect(try await fixture.store.footprint(id: footprint.id).lines == 0)

        let progress = ProgressRecorder()
        let (response, event) = try await fixture.importLines(Self.header(footprint, skip: true), file: file, by: FootprintFixtures.editor) {
            progress.record($0, $1)
        }
        #expect(response.rowsRead == 4 && response.linesImported == 3 && response.rowsUnmapped == 1)
        #expect(response.unmapped == [.with { $0.line = 5; $0.account = "611000"; $0.label = "Honoraires comptable" }])
        #expect(response.firstLineID == 1)
        #expect(abs(response.footprint.totalTCo2E - (1200.5 * 3 + 35 + 80 * 3) / 1000) < 1e-12)
        #expect(event?.action == "lines.imported")
        #expect(event?.changes.contains { $0.field == "import" && $0.newValue == "ledger.csv: 4 rows, 3 lines imported, 1 unmapped" } == true)
        #expect(progress.last.map { $0 == (4, file.count) } == true, "the last progress report counts every row")

        let (_, lines) = try await fixture.store.lines(footprintID: footprint.id, afterID: 0, limit: 10)
        #expect(lines.map(\.description_p) == ["Gasoil groupe électrogène", "Taxi équipe", "Gazole camion loges"], "accents intact")
        #expect(lines.map(\.quantity) == [1200.5, 350, 80])
        #expect(lines.map(\.unit) == ["L", "EUR", "litres"])
        #expect(lines.map(\.phase) == [.shooting, .shooting, .preparation])
        #expect(lines.map(\.department) == ["Régie", "Production", "Régie"])
        #expect(lines.map(\.quality) == [.measured, .spendBased, .measured])
        #expect(lines.map(\.source) == ["ledger.csv line 2", "ledger.csv line 3", "ledger.csv line 4"])
        #expect(lines[0].note == "account 606100")
    }

    static let badFiles: [(String, String)] = [
        (ledger.replacingOccurrences(of: "1 200,5", with: "12,x"), "ledger.csv line 2, column 3 (Quantité): \"12,x\" is not a number"),
        (ledger.replacingOccurrences(of: "1 200,5", with: "-3"), "ledger.csv line 2, column 3 (Quantité): -3.0 is negative"),
        (ledger.replacingOccurrences(of: "1 200,5", with: "NaN"), "ledger.csv line 2, column 3 (Quantité): \"NaN\" is not a number"),
        (ledger.replacingOccurrences(of: "1 200,5;L", with: "12;km"),
         "ledger.csv line 2, column 4 (Unité): km (distance) cannot be converted to litre (volume), the unit of factor diesel"),
        (ledger.replacingOccurrences(of: "prépa", with: "montage final"),
         "ledger.csv line 4, column 6 (Phase): \"montage final\" is not a phase (preparation, shooting, post-production)"),
        (ledger.replacingOccurrences(of: ";Production\n606100", with: "\n606100"), "ledger.csv line 3: 6 fields; the header has 7"),
        (ledger.replacingOccurrences(of: "Quantité", with: "Qté"),
         "ledger.csv line 1: the column \"Quantité\" (header.mapping.columns.quantity) is missing; the file has \"Compte\", \"Libellé\", \"Qté\", \"Unité\", \"Montant\", \"Phase\", \"Service\""),
    ]

    @Test(arguments: badFiles)
    func aBadRowIsNamedByLineAndColumnAndNothingIsImported(_ file: String, _ message: String) async throws {
        let fixture = try await FootprintStoreFixture()
        let footprint = try await fixture.create()
        #expect(await refusal {
            _ = try await fixture.importLines(Self.header(footprint, skip: true), file: try Self.windows1252(file), by: FootprintFixtures.editor) { _, _ in }
        } == Refusal(.invalidArgument, message))
        #expect(try await fixture.store.footprint(id: footprint.id).revision == footprint.revision)
    }

    @Test func aByteInNeitherEncodingIsNamedByLineAndColumn() async throws {
        let fixture = try await FootprintStoreFixture()
        let footprint = try await fixture.create()
        var file = try Self.windows1252(Self.ledger)
        let taxi = try #require(file.range(of: Data("Taxi".utf8)))
        file[taxi.lowerBound + 1] = 0x81
        #expect(await refusal {
            _ = try await fixture.importLines(Self.header(footprint, skip: true), file: file, by: FootprintFixtures.editor) { _, _ in }
        } == Refusal(.invalidArgument, "ledger.csv line 3, column 2: byte 0x81 is a character neither in UTF-8 nor in Windows-1252: the file is in another encoding"))
    }

    static let badMappings: [(Ecoprod_Carbon_V1_LineMapping, String)] = [
        (.with { $0 = mapping; $0.rules = [] }, "header.mapping.rules: give at least one"),
        (.with { $0 = mapping; $0.rules[1].factorID = "teleportation" }, "header.mapping.rules[1].factor_id: \"teleportation\" is not in factor set test-factors 1"),
        (.with { $0 = mapping; $0.rules[0].category = .unspecified }, "header.mapping.rules[0].category: required"),
        (.with { $0 = mapping; $0.columns.amount = "" }, "header.mapping.columns.amount: required by rules[1]"),
        (.with { $0 = mapping; $0.columns.account = "" }, "header.mapping.rules[0].account_prefix: the mapping names no account column"),
    ]

    @Test(arguments: badMappings)
    func aBadMappingIsNamedByItsField(_ mapping: Ecoprod_Carbon_V1_LineMapping, _ message: String) async throws {
        let fixture = try await FootprintStoreFixture()
        let footprint = try await fixture.create()
        #expect(await refusal {
            _ = try await fixture.importLines(Self.header(footprint, mapping: mapping), file: try Self.windows1252(Self.ledger), by: FootprintFixtures.editor) { _, _ in }
        } == Refusal(.invalidArgument, message))
    }

    @Test func aFileInUTF8WithCommasAndDecimalPointsToo() async throws {
        let fixture = try await FootprintStoreFixture()
        let footprint = try await fixture.create()
        let file = Data("\u{FEFF}Compte,Libellé,Quantité,Unité,Montant,Phase,Service\r\n606100,\"Gasoil, groupe\",\"1,200.5\",L,0,shooting,Régie\r\n".utf8)
        let (response, _) = try await fixture.importLines(Self.header(footprint), file: file, by: FootprintFixtures.editor) { _, _ in }
        #expect(response.linesImported == 1)
        #expect(abs(response.footprint.totalTCo2E - 3.6015) < 1e-12)
    }
}

/// The last progress report of an import.
final class ProgressRecorder: Sendable {
    private let box = Mutex<(Int, Int)?>(nil)
    func record(_ rows: Int, _ bytes: Int) { box.withLock { $0 = (rows, bytes) } }
    var last: (Int, Int)? { box.withLock { $0 } }
}
