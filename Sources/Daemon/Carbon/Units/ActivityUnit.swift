import Foundation

/// The units activity quantities and emission factors are given in, and how they
/// convert: within one dimension by a fixed ratio to its base unit, never across
/// dimensions (litres are not kilometres, and a vehicle-km is not a passenger-km).
struct ActivityUnit: Sendable, Equatable {
    enum Dimension: String, Sendable {
        case distance, volume, energy, mass, passengerDistance = "passenger distance", vehicleDistance = "vehicle distance"
        case freight, nights, meals, time, items, data, dataStorage = "data storage", money
    }

    /// The canonical symbol, as results and errors write it.
    let symbol: String
    let dimension: Dimension
    /// How many base units of the dimension one of this unit is.
    let inBaseUnits: Double

    /// The unit a spelling names: canonical symbols, the usual abbreviations, and the
    /// French ones of the Base Carbone ("passager.km", "keuro"). Case is ignored.
    static func named(_ name: String) -> ActivityUnit? {
        byName[normalized(name)]
    }

    /// `quantity` of the unit named `source`, in the unit named `target`.
    static func convert(_ quantity: Double, from source: String, to target: String) throws(UnitError) -> Double {
        guard let from = named(source) else { throw .unknown(source) }
        guard let to = named(target) else { throw .unknown(target) }
        return quantity * (try from.ratio(to: to))
    }

    /// How many of `target` one of this unit is.
    func ratio(to target: ActivityUnit) throws(UnitError) -> Double {
        guard dimension == target.dimension else { throw UnitError.incompatible(self, target) }
        return inBaseUnits / target.inBaseUnits
    }

    /// Lower case, with "·", "-" and spaces inside written ".".
    private static func normalized(_ name: String) -> String {
        String(String.UnicodeScalarView(TextFolding.trimmed(name).lowercased().unicodeScalars.map { $0 == "·" || $0 == "-" || $0 == " " ? "." : $0 }))
    }

    /// (symbol, dimension, base units, other spellings); the base unit of each dimension has 1.
    private static let table: [(String, Dimension, Double, [String])] = [
        ("km", .distance, 1, ["kilometre", "kilometer"]),
        ("m", .distance, 0.001, ["metre", "meter"]),
        ("mi", .distance, 1.609_344, ["mile", "miles"]),
        ("litre", .volume, 1, ["l", "liter", "litres", "liters"]),
        ("m3", .volume, 1000, ["m³"]),
        ("gal", .volume, 3.785_411_784, ["gallon", "us.gal"]),
        ("imp.gal", .volume, 4.546_09, ["imperial.gallon"]),
        ("kWh", .energy, 1, []),
        ("Wh", .energy, 0.001, []),
        ("MWh", .energy, 1000, []),
        ("GWh", .energy, 1_000_000, []),
        ("MJ", .energy, 1 / 3.6, []),
        ("GJ", .energy, 1000 / 3.6, []),
        ("kg", .mass, 1, ["kilogram", "kilogramme"]),
        ("g", .mass, 0.001, ["gram", "gramme"]),
        ("tonne", .mass, 1000, ["t", "tonnes", "ton"]),
        ("passenger.km", .passengerDistance, 1, ["person.km", "pkm", "passager.km", "p.km"]),
        ("passenger.mi", .passengerDistance, 1.609_344, ["person.mi"]),
        ("vehicle.km", .vehicleDistance, 1, ["vkm", "véhicule.km"]),
        ("vehicle.mi", .vehicleDistance, 1.609_344, []),
        ("tonne.km", .freight, 1, ["t.km", "tkm"]),
        ("night", .nights, 1, ["nights", "nuit", "nuits", "nuitée", "nuitées", "room.night"]),
        ("meal", .meals, 1, ["meals", "repas"]),
        ("hour", .time, 1, ["h", "hours", "heure"]),
        ("day", .time, 24, ["days", "jour"]),
        ("item", .items, 1, ["items", "unit", "unité", "device", "devices", "appareil"]),
        ("GB", .data, 1, ["go"]),
        ("TB", .data, 1000, ["to"]),
        ("GB.year", .dataStorage, 1, ["go.an"]),
        ("EUR", .money, 1, ["€", "euro", "euros"]),
        ("kEUR", .money, 1000, ["k€", "keuro", "keuros"]),
    ]

    private static let byName: [String: ActivityUnit] = {
        var names: [String: ActivityUnit] = [:]
        for (symbol, dimension, inBaseUnits, spellings) in table {
            let unit = ActivityUnit(symbol: symbol, dimension: dimension, inBaseUnits: inBaseUnits)
            for name in [symbol] + spellings {
                precondition(names.updateValue(unit, forKey: normalized(name)) == nil, "unit spelling \(name) is listed twice")
            }
        }
        return names
    }()
}

enum UnitError: Error, Equatable, CustomStringConvertible {
    case unknown(String)
    case incompatible(ActivityUnit, ActivityUnit)

    var description: String {
        switch self {
        case .unknown(let name):
            "unknown unit \"\(name)\""
        case .incompatible(let from, let to):
            "\(from.symbol) (\(from.dimension.rawValue)) cannot be converted to \(to.symbol) (\(to.dimension.rawValue))"
        }
    }
}
