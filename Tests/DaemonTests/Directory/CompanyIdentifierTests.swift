@testable import EcoprodDaemon
import Testing

@Suite("SIREN and SIRET")
struct CompanyIdentifierTests {
    @Test(arguments: [
        ("552100554", CompanyIdentifier.siren("552100554")),             // a well-known SIREN
        ("552 100 554", .siren("552100554")),
        ("73282932000074", .siret("73282932000074")),                    // a well-known SIRET
        ("356 000 000 00047", .siret("35600000000047")),                 // La Poste's rule: digits add up to 25
    ])
    func validIdentifiersAreRead(_ text: String, _ expected: CompanyIdentifier) throws {
        #expect(try CompanyIdentifier(text) == expected)
    }

    @Test func theSIRENOfASIRETIsItsFirstNineDigits() throws {
        #expect(try CompanyIdentifier("73282932000074").siren == "732829320")
    }

    @Test(arguments: [
        ("552100555", CompanyIdentifier.Failure.checkDigit("552100555")),  // last digit changed
        ("525100554", .checkDigit("525100554")),                           // two digits swapped
        ("73282932000075", .checkDigit("73282932000075")),
        ("35600000000049", .checkDigit("35600000000049")),                 // La Poste's rule, broken
        ("12345678", .length("12345678")),
        ("5521OO554", .notDigits("5521OO554")),
        ("", .notDigits("")),
    ])
    func aWrongIdentifierIsRefusedSayingWhy(_ text: String, _ failure: CompanyIdentifier.Failure) {
        #expect(throws: failure) { try CompanyIdentifier(text) }
    }
}
