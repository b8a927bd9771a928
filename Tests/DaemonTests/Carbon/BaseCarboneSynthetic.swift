import Foundation

/// A Base Carbone export of any size in the real layout: the sample's header, then per
/// element an "Elément" row and two "Poste" rows, with accents and decimal commas.
enum BaseCarboneSynthetic {
    static func export(elements: Int) throws -> String {
        let sample = try BaseCarboneFileTests.sampleText
        let header = String(sample[..<sample.firstIndex(of: "\n")!])
        let columns = header.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        func row(_ values: [String: String]) -> String {
            columns.map { values[$0] ?? "" }.joined(separator: ";")
        }
        var lines = [header]
        lines.reserveCapacity(1 + elements * 3)
        for n in 0..<elements {
            let common = [
                "Identifiant de l'élément": "\(100_000 + n)", "Structure": "élément décomposé par poste",
                "Type de l'élément": "Facteur d'émission", "Statut de l'élément": "Valide générique",
                "Nom base français": "Élément synthétique \(n)", "Nom base anglais": "Synthetic element \(n)",
                "Code de la catégorie": "Transport de personnes > Routier > Voiture", "Unité français": "kgCO2e/km",
                "Unité anglais": "kgCO2e/km", "Contributeur": "ADEME", "Localisation géographique": "France continentale",
                "Incertitude": "\(n % 60)", "Commentaire français": "\"Données fictives ; l’amont compris\"",
            ]
            lines.append(row(common.merging(["Type Ligne": "Elément", "Total poste non décomposé": "0,\(n % 1000 + 100)"]) { $1 }))
            lines.append(row(common.merging(["Type Ligne": "Poste", "Type poste": "Combustion", "Total poste non décomposé": "0,0\(n % 100 + 10)"]) { $1 }))
            lines.append(row(common.merging(["Type Ligne": "Poste", "Type poste": "Amont", "Nom poste français": "Carburant",
                                             "Total poste non décomposé": "1,2E-05"]) { $1 }))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}
