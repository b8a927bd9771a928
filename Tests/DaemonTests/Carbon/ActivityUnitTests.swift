@testable import EcoprodDaemon
import Testing

@Suite("Activity units")
struct ActivityUnitTests {
    @Test(arguments: [
        (100, "mi", "km", 160.9344),
        (2, "MWh", "kWh", 2000),
        (36, "MJ", "kWh", 10),
        (10, "gal", "L", 37.854_117_84),
        (1.5, "m3", "litre", 1500),
        (3, "t", "kg", 3000),
        (250, "g", "tonne", 0.000_25),
        (120, "person·km", "passenger.km", 120),
        (120, "passager.km", "passenger.km", 120),
        (5, "passenger.mi", "passenger.km", 8.04672),
        (4, "nuitée", "night", 4),
        (2.5, "k€", "EUR", 2500),
        (1, "KWH", "kwh", 1),
    ] as [(Double, String, String, Double)])
    func quantitiesConvertWithinADimension(_ quantity: Double, from: String, to: String, expected: Double) throws {
        let converted = try ActivityUnit.convert(quantity, from: from, to: to)
        #expect(abs(converted - expected) <= 1e-9 * max(1, abs(expected)), "\(quantity) \(from) is \(converted) \(to), not \(expected)")
    }

    @Test func unitsOfDifferentDimensionsAreRefusedByName() {
        #expect(throws: UnitError.incompatible(ActivityUnit.named("litre")!, ActivityUnit.named("km")!)) {
            try ActivityUnit.convert(1, from: "L", to: "km")
        }
        #expect("\(UnitError.incompatible(ActivityUnit.named("L")!, ActivityUnit.named("km")!))" == "litre (volume) cannot be converted to km (distance)")
        #expect(throws: UnitError.self) { try ActivityUnit.convert(1, from: "vehicle.km", to: "passenger.km") }
        #expect(throws: UnitError.unknown("parsec")) { try ActivityUnit.convert(1, from: "parsec", to: "km") }
    }

    /// Every unit of the shipped reference factors and of the Base Carbone sample is known.
    @Test func theUnitsOfTheReferenceDataAreKnown() {
        let units = ["passenger.km", "vehicle.km", "tonne", "meal", "kWh", "litre", "device", "night", "item", "hour", "m3",
                     "tonne.km", "room.night", "kg", "GB.year", "GB", "passager.km", "km", "keuro"]
        #expect(units.filter { ActivityUnit.named($0) == nil } == [])
    }
}
