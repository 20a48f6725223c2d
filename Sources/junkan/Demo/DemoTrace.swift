import JunkanCore
import JunkanStore

/// Collection and recycling of used products in fiscal 2024 as EPCIS events (docs/circularity.md, "Collection from
/// the trace"): notebook PCs collected, reused, stripped for parts, recycled into a PC/ABS lot, burnt for energy and
/// disposed of; and servers collected and recycled. `junkan demo` captures them, so the FY2024 collection figures come
/// from the trace.
enum DemoTrace {
    static let collectedPCs = "https://id.gs1.org/01/04912345000019/10/COL-2024-06"
    static let collectedServers = "https://id.gs1.org/01/04912345000026/10/COL-2025-02"
    static let recyclate = "https://id.gs1.org/01/04912345000033/10/RPCABS-2024-07"
    static let recyclateServers = "https://id.gs1.org/01/04912345000033/10/RPCABS-2025-02"
    static let site = "https://id.gs1.org/414/4912345000019"

    static func object(
        _ time: String, action: String = "OBSERVE", bizStep: String, disposition: String? = nil, lot: String, tonnes: Double,
        extra: [(key: String, value: JSONValue)]
    ) -> JSONValue {
        var o = JSONObject([
            ("type", "ObjectEvent"), ("eventTime", .string(time)), ("eventTimeZoneOffset", "+09:00"),
            ("action", .string(action)), ("bizStep", .string(bizStep))
        ])
        if let disposition { o["disposition"] = .string(disposition) }
        o["bizLocation"] = .object(JSONObject([("id", .string(site))]))
        o["quantityList"] = .array([.object(JSONObject([("epcClass", .string(lot)), ("quantity", .number(JSONNumber(tonnes))), ("uom", "TNE")]))])
        for (k, v) in extra { o[k] = v }
        return .object(o)
    }

    static func recycling(_ time: String, input: String, inTonnes: Double, output: String, outTonnes: Double, productType: String) -> JSONValue {
        .object(
            JSONObject([
                ("type", "TransformationEvent"), ("eventTime", .string(time)), ("eventTimeZoneOffset", "+09:00"),
                ("bizStep", "commissioning"), ("bizLocation", .object(JSONObject([("id", .string(site))]))),
                (
                    "inputQuantityList",
                    .array([.object(JSONObject([("epcClass", .string(input)), ("quantity", .number(JSONNumber(inTonnes))), ("uom", "TNE")]))])
                ),
                (
                    "outputQuantityList",
                    .array([.object(JSONObject([("epcClass", .string(output)), ("quantity", .number(JSONNumber(outTonnes))), ("uom", "TNE")]))])
                ),
                ("junkan:cutOff", true), ("junkan:productType", .string(productType)), ("junkan:ghgEmissions", 1850)
            ]))
    }

    static var document: JSONValue {
        let pc: [(key: String, value: JSONValue)] = [("junkan:productType", "pc")]
        func eol(_ treatment: String) -> [(key: String, value: JSONValue)] { pc + [("junkan:endOfLifeTreatment", .string(treatment))] }
        let events: [JSONValue] = [
            object("2024-06-10T09:00:00+09:00", action: "ADD", bizStep: "collecting", disposition: "in_progress", lot: collectedPCs, tonnes: 12.4, extra: pc),
            object("2024-06-20T10:00:00+09:00", bizStep: "repairing", disposition: "sellable_accessible", lot: collectedPCs, tonnes: 0.9, extra: eol("reuse")),
            object("2024-06-21T10:00:00+09:00", bizStep: "disassembling", lot: collectedPCs, tonnes: 0.7, extra: eol("parts_reuse")),
            recycling("2024-07-02T08:30:00+09:00", input: collectedPCs, inTonnes: 10.2, output: recyclate, outTonnes: 8.9, productType: "pc"),
            object(
                "2024-07-03T14:00:00+09:00", bizStep: "destroying", disposition: "destroyed", lot: collectedPCs, tonnes: 0.45, extra: eol("thermal_recycling")),
            object("2024-07-03T15:00:00+09:00", bizStep: "destroying", disposition: "disposed", lot: collectedPCs, tonnes: 0.15, extra: eol("disposal")),
            // February 2025 is still fiscal 2024 (April–March).
            object(
                "2025-02-12T09:00:00+09:00", action: "ADD", bizStep: "collecting", disposition: "in_progress", lot: collectedServers, tonnes: 3.1,
                extra: [("junkan:productType", "server")]),
            recycling("2025-02-20T08:30:00+09:00", input: collectedServers, inTonnes: 2.9, output: recyclateServers, outTonnes: 2.6, productType: "server"),
            object(
                "2025-02-21T15:00:00+09:00", bizStep: "destroying", disposition: "disposed", lot: collectedServers, tonnes: 0.2,
                extra: [("junkan:productType", "server"), ("junkan:endOfLifeTreatment", "disposal")])
        ]
        return .object(
            JSONObject([
                (
                    "@context",
                    .array([
                        "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",
                        .object(JSONObject([("junkan", .string(TraceVocabulary.namespace))]))
                    ])
                ),
                ("type", "EPCISDocument"), ("schemaVersion", "2.0"), ("creationDate", "2025-03-01T00:00:00Z"),
                ("epcisBody", .object(JSONObject([("eventList", .array(events))])))
            ]))
    }
}
