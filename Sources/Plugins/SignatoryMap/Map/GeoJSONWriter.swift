/// An RFC 7946 FeatureCollection of signatories: a Point per signatory, or per cluster
/// (properties cluster, point_count, categories) when clustered. Positions are
/// [longitude, latitude].
public enum GeoJSONWriter {
    public static func featureCollection(_ signatories: [Signatory], clusters: [Cluster]? = nil, attribution: String) -> String {
        var features: [String] = []
        features.reserveCapacity(clusters?.count ?? signatories.count)
        if let clusters {
            for cluster in clusters {
                if cluster.members.count == 1 {
                    features.append(feature(signatories[cluster.members[0]]))
                } else {
                    let categories = cluster.categories.map { "\(JSONText.string($0.id)):\($0.count)" }.joined(separator: ",")
                    features.append(point(cluster.longitude, cluster.latitude,
                                          properties: "\"cluster\":true,\"point_count\":\(cluster.members.count),\"categories\":{\(categories)}"))
                }
            }
        } else {
            for signatory in signatories { features.append(feature(signatory)) }
        }
        return "{\"type\":\"FeatureCollection\",\"attribution\":\(JSONText.string(attribution)),\"features\":[" + features.joined(separator: ",") + "]}"
    }

    private static func feature(_ signatory: Signatory) -> String {
        let categories = signatory.categories.map(JSONText.string).joined(separator: ",")
        let properties = "\"id\":\(JSONText.string(signatory.id)),\"name\":\(JSONText.string(signatory.name)),\"kind\":\(JSONText.string(signatory.kind)),"
            + "\"city\":\(JSONText.string(signatory.city)),\"postcode\":\(JSONText.string(signatory.postcode)),\"region\":\(JSONText.string(signatory.region)),"
            + "\"categories\":[\(categories)],\"website\":\(JSONText.string(signatory.website))"
        return point(signatory.longitude, signatory.latitude, properties: properties)
    }

    private static func point(_ longitude: Double, _ latitude: Double, properties: String) -> String {
        "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[\(JSONText.coordinate(longitude)),\(JSONText.coordinate(latitude))]},\"properties\":{\(properties)}}"
    }
}
