/// An RFC 7946 FeatureCollection of signatories: a Point per signatory, or per cluster
/// (properties cluster, point_count, categories) when clustered. Positions are
/// [longitude, latitude].
public enum GeoJSONWriter {
    public static func featureCollection(_ signatories: [Signatory], clusters: [Cluster]? = nil, attribution: String) -> [UInt8] {
        var json = JSONText(capacity: 320 * signatories.count + 256)
        json.raw("{\"type\":\"FeatureCollection\",\"attribution\":")
        json.string(attribution)
        json.raw(",\"features\":[")
        var first = true
        func separate() {
            if !first { json.raw(",") }
            first = false
        }
        if let clusters {
            for cluster in clusters {
                separate()
                if cluster.members.count == 1 {
                    feature(signatories[cluster.members[0]], &json)
                } else {
                    point(cluster.longitude, cluster.latitude, &json)
                    json.raw("\"cluster\":true,\"point_count\":")
                    json.integer(cluster.members.count)
                    json.raw(",\"categories\":{")
                    for (index, category) in cluster.categories.enumerated() {
                        if index > 0 { json.raw(",") }
                        json.string(category.id)
                        json.raw(":")
                        json.integer(category.count)
                    }
                    json.raw("}}}")
                }
            }
        } else {
            for signatory in signatories {
                separate()
                feature(signatory, &json)
            }
        }
        json.raw("]}")
        return json.bytes
    }

    private static func feature(_ signatory: Signatory, _ json: inout JSONText) {
        point(signatory.longitude, signatory.latitude, &json)
        json.raw("\"id\":"); json.string(signatory.id)
        json.raw(",\"name\":"); json.string(signatory.name)
        json.raw(",\"kind\":"); json.string(signatory.kind)
        json.raw(",\"city\":"); json.string(signatory.city)
        json.raw(",\"postcode\":"); json.string(signatory.postcode)
        json.raw(",\"region\":"); json.string(signatory.region)
        json.raw(",\"categories\":[")
        for (index, category) in signatory.categories.enumerated() {
            if index > 0 { json.raw(",") }
            json.string(category)
        }
        json.raw("],\"website\":"); json.string(signatory.website)
        json.raw("}}")
    }

    /// A Point feature up to the opening of its properties.
    private static func point(_ longitude: Double, _ latitude: Double, _ json: inout JSONText) {
        json.raw("{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[")
        json.coordinate(longitude)
        json.raw(",")
        json.coordinate(latitude)
        json.raw("]},\"properties\":{")
    }
}
