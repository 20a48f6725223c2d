import Foundation
import Hummingbird
import JunkanCore
import JunkanNode

/// Reads the search parameters of `GET /materials/lots` and the offers page into a `LotFilter`.
enum MaterialQuery {
    static let parameters: Set<String> = [
        "polymer", "kind", "grade", "producer", "minRecycledShare", "maxKgCO2ePerKg", "near", "withinKm",
        "minMassKg", "minDQL", "limit", "offset"
    ]

    static func filter(_ request: Request) throws -> LotFilter {
        var f = LotFilter()
        let q = request.uri.queryParameters
        func value(_ name: String) -> String? { q[Substring(name)].map(String.init).flatMap { $0.isEmpty ? nil : $0 } }
        func number(_ name: String, _ range: ClosedRange<Double>) throws -> Double? {
            guard let text = value(name) else { return nil }
            guard let d = PactDecimal.parse(text), range.contains(d) else {
                throw Problem.queryParameter(
                    "\(name) must be a number in \(JSONNumber(range.lowerBound).literal)…\(JSONNumber(range.upperBound).literal), found \"\(text)\"")
            }
            return d
        }
        if let p = value("polymer") {
            do { f.polymer = try PolymerCode.parse(p) } catch { throw Problem.queryParameter("polymer: \(error.reason)") }
        }
        // An empty kind is not "any kind": it is none of the values kind may take.
        if let k = q[Substring("kind")].map(String.init) { f.kinds = try kinds(k) }
        f.grade = value("grade")
        f.producer = value("producer")
        f.minRecycledShare = try number("minRecycledShare", 0...1)
        f.maxKgCO2ePerKg = try number("maxKgCO2ePerKg", 0...1000)
        f.minMassKg = try number("minMassKg", 0...1e9)
        if let level = value("minDQL") {
            guard let n = Int(level), (0...4).contains(n) else { throw Problem.queryParameter("minDQL is a whole number from 0 to 4, found \"\(level)\"") }
            f.minDataQualityLevel = n
        }
        f.withinKm = try number("withinKm", 0...40_100)
        if let near = value("near") {
            let parts = near.split(separator: ",").map { PactDecimal.parse(String($0).trimmingCharacters(in: .whitespaces)) }
            guard parts.count == 2, let lat = parts[0], let lon = parts[1], (-90...90).contains(lat), (-180...180).contains(lon) else {
                throw Problem.queryParameter("near is lat,lon in decimal degrees, e.g. near=35.6,139.7, found \"\(near)\"")
            }
            f.near = GeoPoint(lat: lat, lon: lon)
        }
        if (f.near == nil) != (f.withinKm == nil) { throw Problem.queryParameter("near and withinKm go together") }
        for (name, v) in q where !parameters.contains(String(name)) {
            guard PropertyDefinition.named(String(name)) != nil else {
                throw Problem.queryParameter(
                    "unknown parameter \(name); search takes " + parameters.sorted().joined(separator: ", ")
                        + " and property ranges such as MFR=10..25 (" + PropertyDefinition.codes.joined(separator: ", ") + ")")
            }
            guard !v.isEmpty else { continue }
            do { try f.addRange(property: String(name), range: String(v)) } catch { throw Problem.queryParameter(error.description) }
        }
        return f
    }

    /// The kinds a `kind` parameter names: one `MaterialKind`, or `recycled` for both recycled kinds.
    static func kinds(_ k: String) throws(Problem) -> Set<MaterialKind> {
        if k == "recycled" { return [.recycledPostConsumer, .recycledPreConsumer] }
        guard let kind = MaterialKind(rawValue: k) else {
            throw .queryParameter("kind is recycled or one of " + MaterialKind.allCases.map(\.rawValue).joined(separator: ", ") + ", found \"\(k)\"")
        }
        return [kind]
    }

    static func page(_ request: Request, defaultLimit: Int = 100) throws -> (limit: Int, offset: Int) {
        let q = request.uri.queryParameters
        let limit = try Self.limit(request, default: defaultLimit)
        let offset =
            try q["offset"].map { s -> Int in
                guard let n = Int(s), n >= 0 else { throw Problem.queryParameter("offset is a whole number ≥ 0, found \"\(s)\"") }
                return n
            } ?? 0
        return (limit, offset)
    }

    /// `limit`, 1…1000 (`default` when absent).
    static func limit(_ request: Request, default fallback: Int) throws -> Int {
        try request.uri.queryParameters["limit"].map { s -> Int in
            guard let n = Int(s), (1...1000).contains(n) else { throw Problem.queryParameter("limit is 1…1000, found \"\(s)\"") }
            return n
        } ?? fallback
    }
}
