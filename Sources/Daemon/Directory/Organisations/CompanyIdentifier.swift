/// French company identifiers: the SIREN (9 digits) names a company, the SIRET (14: the
/// SIREN and 5 for the establishment) one of its establishments. Both end in a Luhn check
/// digit — except La Poste's establishments (SIREN 356 000 000), whose SIRET digits add
/// up to a multiple of 5 instead, as INSEE documents.
enum CompanyIdentifier: Equatable, Sendable {
    case siren(String)
    case siret(String)

    enum Failure: Error, Equatable, CustomStringConvertible {
        case notDigits(String)
        case length(String)
        case checkDigit(String)

        var description: String {
            switch self {
            case .notDigits(let text): "\"\(text)\" is not made of digits"
            case .length(let text): "\"\(text)\" has \(text.count) digits: a SIREN has 9, a SIRET 14"
            case .checkDigit(let text): "\"\(text)\" fails its check digit (Luhn): a digit is wrong or two are swapped"
            }
        }
    }

    private static let laPoste = "356000000"

    /// The identifier `text` spells, spaces allowed ("552 100 554 00011").
    init(_ text: String) throws(Failure) {
        let digits = String(text.filter { $0 != " " && $0 != "\u{A0}" })
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { throw .notDigits(text) }
        switch digits.count {
        case 9:
            guard Self.luhn(digits) else { throw .checkDigit(digits) }
            self = .siren(digits)
        case 14:
            let valid = digits.hasPrefix(Self.laPoste)
                ? digits.reduce(0) { $0 + Int(String($1))! } % 5 == 0
                : Self.luhn(digits)
            guard valid else { throw .checkDigit(digits) }
            self = .siret(digits)
        default:
            throw .length(digits)
        }
    }

    var siren: String {
        switch self {
        case .siren(let digits): digits
        case .siret(let digits): String(digits.prefix(9))
        }
    }

    /// Luhn: from the right, every second digit doubled (less 9 past 9); the sum ends in 0.
    static func luhn(_ digits: String) -> Bool {
        var sum = 0
        for (index, character) in digits.reversed().enumerated() {
            var digit = Int(String(character))!
            if index % 2 == 1 {
                digit *= 2
                if digit > 9 { digit -= 9 }
            }
            sum += digit
        }
        return sum % 10 == 0
    }
}
