public import JunkanCore

/// Trace-graph events for tests: lots as LGTIN URNs, masses in kg unless a unit is given.
public enum TraceSamples {
    public static func lot(_ name: String) -> String { "urn:epc:class:lgtin:4012345.012345.\(name)" }

    static func quantity(_ name: String, _ amount: Double, _ uom: String) -> JSONValue {
        ["epcClass": .string(lot(name)), "quantity": .number(JSONNumber(amount)), "uom": .string(uom)]
    }

    static func time(_ n: Int) -> JSONValue { .string(ISO8601Timestamp.utcString(epochMilliseconds: 1_700_000_000_000 + Int64(n) * 1000)) }

    /// An ObjectEvent ADD creating a lot, with ILMD.
    public static func create(_ name: String, kg: Double, uom: String = "KGM", ilmd: JSONValue = [:], n: Int = 0) -> JSONValue {
        var o = JSONObject([
            ("type", "ObjectEvent"), ("eventTime", time(n)), ("eventTimeZoneOffset", "+09:00"), ("epcList", []),
            ("quantityList", [quantity(name, uom == "TNE" ? kg / 1000 : uom == "GRM" ? kg * 1000 : kg, uom)]),
            ("action", "ADD"), ("bizStep", "commissioning"), ("bizLocation", ["id": "urn:epc:id:sgln:4012345.00001.0"])
        ])
        if let i = ilmd.objectValue, !i.isEmpty { o["ilmd"] = ilmd }
        return .object(o)
    }

    /// A TransformationEvent with masses, emissions and any further Junkan terms.
    public static func transform(
        _ inputs: [(String, Double)], _ outputs: [(String, Double)], ghg: Double? = nil,
        extra: JSONValue = [:], n: Int = 0
    ) -> JSONValue {
        var o = JSONObject([
            ("type", "TransformationEvent"), ("eventTime", time(n)), ("eventTimeZoneOffset", "+09:00"),
            ("inputQuantityList", .array(inputs.map { quantity($0.0, $0.1, "KGM") })),
            ("outputQuantityList", .array(outputs.map { quantity($0.0, $0.1, "KGM") })),
            ("bizStep", "https://w3id.org/junkan/voc/BizStep-compounding"),
            ("bizLocation", ["id": "urn:epc:id:sgln:4012345.00002.0"])
        ])
        if let ghg { o["junkan:ghgEmissions"] = .number(JSONNumber(ghg)) }
        for (k, v) in extra.objectValue ?? JSONObject() { o[k] = v }
        return .object(o)
    }

    /// The graph these events make, as capture builds it.
    public static func graph(_ events: [JSONValue]) throws -> TraceGraph {
        var g = TraceGraph()
        let decoder = EPCISEventDecoder(context: SampleEvents.context)
        for (i, json) in events.enumerated() {
            g.add(try TraceRecord.from(try decoder.decode(json), eventHash: "ni:///sha-256;\(i)?ver=CBV2.0", documentContext: SampleEvents.context))
        }
        return g
    }
}
