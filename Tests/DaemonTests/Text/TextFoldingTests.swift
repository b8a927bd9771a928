@testable import EcoprodDaemon
import Foundation
import Testing

@Suite("Text folding and numbers")
struct TextFoldingTests {
    @Test(arguments: [
        "Électricité", "GAZOLE groupe électrogène", "Hôtel équipe", "Œuvre cœur", "Ça, ÇA", "naïve Noël", "Straße",
        "Łódź", "Ærø", "plain ascii 123 !?", "", "e\u{301}cole", "Ελληνικά ά", "日本語", "Ǆemal",
    ])
    func foldsLikeFoundation(_ text: String) {
        #expect(TextFolding.folded(text) == text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil))
    }

    @Test func trimsSpacesAndTabsAroundOnly() {
        #expect(TextFolding.trimmed("  Régie\t") == "Régie")
        #expect(TextFolding.trimmed("a b") == "a b")
        #expect(TextFolding.trimmed(" \t ") == "")
        #expect(TextFolding.trimmed("") == "")
    }

    @Test(arguments: [
        ("0,052", 0.052), ("1 234,5", 1234.5), ("1\u{A0}234,5", 1234.5), ("1234.5", 1234.5), ("1,234.5", 1234.5),
        ("1.234,5", 1234.5), ("1,2E-05", 0.000012), ("-3", -3), ("+7", 7), ("12", 12),
    ] as [(String, Double)])
    func readsNumbersAsSpreadsheetsWriteThem(_ text: String, _ value: Double) {
        #expect(DelimitedText.number(text) == value)
    }

    @Test(arguments: ["", "12,x", "NaN", "inf", "1e999", "€12", "1,234,567", "--1"])
    func refusesWhatIsNoFiniteNumber(_ text: String) {
        #expect(DelimitedText.number(text) == nil)
    }
}
