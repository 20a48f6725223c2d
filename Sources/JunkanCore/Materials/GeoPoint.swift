import Foundation

/// A place on the WGS 84 ellipsoid, in decimal degrees (ISO 6709 order: latitude first).
public struct GeoPoint: Sendable, Equatable {
    public var lat: Double
    public var lon: Double
    public var name: String?

    public init(lat: Double, lon: Double, name: String? = nil) { self.lat = lat; self.lon = lon; self.name = name }

    /// Great-circle distance in km on a sphere of the IUGG mean Earth radius (6,371.0088 km): within 0.5% of the
    /// ellipsoidal distance, plenty for "within 300 km of the plant".
    public func distanceKm(to other: GeoPoint) -> Double {
        let r = 6371.0088, rad = Double.pi / 180
        let dLat = (other.lat - lat) * rad, dLon = (other.lon - lon) * rad
        let a = sin(dLat / 2) * sin(dLat / 2) + cos(lat * rad) * cos(other.lat * rad) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * r * asin(min(1, a.squareRoot()))
    }

    static func decode(_ o: JSONObject) throws(MaterialError) -> GeoPoint {
        try MaterialJSON.allowOnly(["lat", "lon", "name"], in: o)
        return GeoPoint(
            lat: try MaterialJSON.number(o, "lat", in: -90...90), lon: try MaterialJSON.number(o, "lon", in: -180...180),
            name: try MaterialJSON.optionalString(o, "name"))
    }

    var json: JSONValue {
        var o = JSONObject([("lat", MaterialJSON.number(lat)), ("lon", MaterialJSON.number(lon))])
        if let name { o["name"] = .string(name) }
        return .object(o)
    }
}
