import EcoprodAPI
import EcoprodProtocol

/// A WGS 84 point as requests give it: finite, latitude in -90…90, longitude in -180…180.
enum GeoPointRules {
    static func check(_ point: Ecoprod_Directory_V1_GeoPoint, field: String) throws {
        guard point.latitude.isFinite, (-90...90).contains(point.latitude) else {
            throw RPCError(.invalidArgument, "\(field).latitude: \(point.latitude) is not between -90 and 90")
        }
        guard point.longitude.isFinite, (-180...180).contains(point.longitude) else {
            throw RPCError(.invalidArgument, "\(field).longitude: \(point.longitude) is not between -180 and 180")
        }
    }
}
