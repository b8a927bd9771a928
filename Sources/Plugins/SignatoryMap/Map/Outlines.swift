import Foundation

/// The outlines a map of France is drawn from (data/geo): the regions (IGN Admin Express,
/// Licence Ouverte) and the neighbouring countries (Natural Earth, public domain), as
/// rings of (longitude, latitude).
public struct Outlines: Sendable {
    public typealias Ring = [(longitude: Double, latitude: Double)]

    public struct Region: Sendable {
        public var code: String
        public var name: String
        public var rings: [Ring]
    }

    public var regions: [Region]
    public var neighbours: [[Ring]]

    public static let attribution = "Fonds de carte : IGN Admin Express (Licence Ouverte), Natural Earth (domaine public)"

    public struct Problem: Error, CustomStringConvertible {
        public let description: String
    }

    /// Reads france_regions.geojson and france_neighbours.geojson from `directory`.
    public init(directory: String) throws {
        regions = try Self.features(at: "\(directory)/france_regions.geojson").map { properties, rings in
            Region(code: properties["code"] as? String ?? "", name: properties["nom"] as? String ?? "", rings: rings)
        }
        neighbours = try Self.features(at: "\(directory)/france_neighbours.geojson").map(\.rings)
    }

    private static func features(at path: String) throws -> [(properties: [String: Any], rings: [Ring])] {
        guard let data = FileManager.default.contents(atPath: path) else { throw Problem(description: "\(path) cannot be read") }
        guard let collection = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let features = collection["features"] as? [[String: Any]] else {
            throw Problem(description: "\(path) is not a GeoJSON FeatureCollection")
        }
        return try features.enumerated().map { index, feature in
            guard let geometry = feature["geometry"] as? [String: Any], let type = geometry["type"] as? String,
                  let coordinates = geometry["coordinates"] as? [Any] else {
                throw Problem(description: "\(path): features[\(index)] has no geometry")
            }
            let polygons: [Any] = switch type {
            case "Polygon": [coordinates]
            case "MultiPolygon": coordinates
            default: throw Problem(description: "\(path): features[\(index)] is a \(type), not a (Multi)Polygon")
            }
            let rings = polygons.flatMap { ($0 as? [[[Double]]]) ?? [] }.map { ring in ring.map { (longitude: $0[0], latitude: $0[1]) } }
            return (feature["properties"] as? [String: Any] ?? [:], rings)
        }
    }
}
