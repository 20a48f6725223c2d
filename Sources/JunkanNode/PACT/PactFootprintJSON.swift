package import JunkanCore
package import JunkanStore

/// A stored PACT footprint as the v3 API shows it.
package enum PactFootprintJSON {
    /// The stored footprint with its current status (it is stored as published, "Active").
    package static func render(_ r: PactFootprintRecord) -> JSONValue {
        guard case .object(var o)? = try? JSONParser.parse(r.json) else { return .null }
        o["status"] = .string(r.facets.status)
        return .object(o)
    }
}
