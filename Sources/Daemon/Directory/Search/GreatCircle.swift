import Foundation

/// Distances on the Earth as a sphere of the mean radius (IUGG), which is within 0.5 % of
/// the ellipsoid: plenty for "providers within 50 km".
enum GreatCircle {
    static let earthRadiusKm = 6371.0088

    /// The haversine distance in km.
    static func distanceKm(latitude1: Double, longitude1: Double, latitude2: Double, longitude2: Double) -> Double {
        let (φ1, φ2) = (latitude1 * .pi / 180, latitude2 * .pi / 180)
        let (Δφ, Δλ) = (φ2 - φ1, (longitude2 - longitude1) * .pi / 180)
        let a = sin(Δφ / 2) * sin(Δφ / 2) + cos(φ1) * cos(φ2) * sin(Δλ / 2) * sin(Δλ / 2)
        return 2 * earthRadiusKm * asin(min(1, sqrt(a)))
    }

    /// A latitude range and one or two longitude ranges (two across the antimeridian) that
    /// hold every point within `radiusKm` of the centre.
    struct Box: Equatable {
        var latitudes: ClosedRange<Double>
        var longitudes: [ClosedRange<Double>]
    }

    static func box(aroundLatitude latitude: Double, longitude: Double, radiusKm: Double) -> Box {
        let angle = radiusKm / earthRadiusKm
        let φ = latitude * .pi / 180
        let south = (φ - angle) * 180 / .pi, north = (φ + angle) * 180 / .pi
        guard south > -90, north < 90 else {
            return Box(latitudes: max(-90, south)...min(90, north), longitudes: [-180...180])
        }
        let Δλ = asin(sin(angle) / cos(φ)) * 180 / .pi
        let (west, east) = (longitude - Δλ, longitude + Δλ)
        let longitudes: [ClosedRange<Double>] = if west < -180 {
            [(west + 360)...180, -180...east]
        } else if east > 180 {
            [west...180, -180...(east - 360)]
        } else {
            [west...east]
        }
        return Box(latitudes: south...north, longitudes: longitudes)
    }
}
