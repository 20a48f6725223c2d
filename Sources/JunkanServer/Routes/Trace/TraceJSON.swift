import JunkanCore
import JunkanLedger
import JunkanNode

/// The JSON bodies of the `/trace` routes (openapi.yaml: Footprint, Provenance). Numbers are JSON numbers; a value
/// that cannot be computed (unknown mass, a singular loop) is null, never a made-up 0.
enum TraceJSON {
    static func number(_ d: Double?) -> JSONValue {
        guard let d, d.isFinite else { return .null }
        return .number(JSONNumber(d))
    }

    static func footprint(_ f: Footprint, tombstones: [FederatedTrace.Tombstone] = [], boundaries: [FederatedTrace.Boundary] = []) -> JSONValue {
        let massBalance = f.issues.filter { $0.kind == .massGain || $0.kind == .missingMass }
        let other = f.issues.filter { $0.kind != .massGain && $0.kind != .missingMass }
        var o = JSONObject([
            ("id", .string(f.id)),
            ("kgCO2ePerKg", number(f.kgCO2ePerKg)),
            ("totalKgCO2e", number(f.totalKgCO2e)),
            ("massKg", number(f.massKg)),
            (
                "recycledContent",
                .object(
                    JSONObject([
                        ("preConsumer", number(f.recycledContent.preConsumer)),
                        ("postConsumer", number(f.recycledContent.postConsumer))
                    ]))
            ),
            ("primaryDataShare", number(f.primaryDataShare)),
            ("massBalanceIssues", .array(massBalance.map(issue))),
            ("dataQualityIssues", .array(other.map(issue)))
        ])
        if !tombstones.isEmpty { o["tombstones"] = .array(tombstones.map(tombstone)) }
        if !boundaries.isEmpty {
            o["boundaryFactors"] = .array(
                boundaries.map { b in
                    .object(
                        JSONObject([
                            ("id", .string(b.id)), ("node", .string(b.node)), ("pactFootprint", .string(b.footprintID)),
                            ("kgCO2ePerKg", number(b.kgCO2ePerKg))
                        ]))
                })
        }
        return .object(o)
    }

    static func issue(_ i: DataQualityIssue) -> JSONValue {
        var o = JSONObject([("kind", .string(i.kind.rawValue))])
        if let id = i.id { o["id"] = .string(id) }
        if let e = i.eventID { o["eventID"] = .string(e) }
        if i.inputKg != nil || i.outputKg != nil {
            o["inputKg"] = number(i.inputKg)
            o["outputKg"] = number(i.outputKg)
            o["lossKg"] = number(i.lossKg)
        }
        o["detail"] = .string(i.detail)
        return .object(o)
    }

    /// `origins`: the remote steps and creating events, marked with their node; `tombstones`: the parts that could not
    /// be had (both empty on a node without peers, and then left out).
    static func provenance(
        _ p: Provenance, origins: [String: FederatedTrace.Origin] = [:], tombstones: [FederatedTrace.Tombstone] = []
    ) -> JSONValue {
        var o = JSONObject([
            ("direction", .string(p.direction.rawValue)), ("depth", .number(JSONNumber(p.depth))),
            ("root", node(p.root, direction: p.direction, origins: origins))
        ])
        if !tombstones.isEmpty { o["tombstones"] = .array(tombstones.map(tombstone)) }
        return .object(o)
    }

    static func tombstone(_ t: FederatedTrace.Tombstone) -> JSONValue {
        var o = JSONObject([("node", .string(t.node))])
        if !t.ids.isEmpty { o["ids"] = .array(t.ids.map { .string($0) }) }
        if let h = t.eventHash { o["eventHash"] = .string(h) }
        o["reason"] = .string(t.reason)
        return .object(o)
    }

    /// Where a remote event came from, added to its step or lot object.
    static func mark(_ value: JSONValue, _ origin: FederatedTrace.Origin?) -> JSONValue {
        guard let origin, case .object(var o) = value else { return value }
        o["node"] = .string(origin.node)
        // A plain EPCIS peer's step has no log: no origin, no leaf, and it is not verified.
        if let log = origin.logOrigin { o["logOrigin"] = .string(log) }
        if let proof = origin.proof { o["leafIndex"] = .number(JSONNumber(Int(proof.index))) }
        o["verified"] = .bool(origin.verified)
        return .object(o)
    }

    static func node(_ n: Provenance.Node, direction: Provenance.Direction, origins: [String: FederatedTrace.Origin] = [:]) -> JSONValue {
        var o = JSONObject([("id", .string(n.id))])
        if let d = n.declaration { o["lot"] = mark(declaration(d), origins[d.eventHash]) }
        if n.repeated { o["repeated"] = true }
        if n.truncated { o["truncated"] = true }
        if !n.steps.isEmpty {
            o[direction == .upstream ? "madeBy" : "usedBy"] = .array(
                n.steps.map { s in
                    var so = mark(step(s.step), origins[s.step.eventHash])
                    if case .object(var x) = so {
                        x[direction == .upstream ? "from" : "into"] = .array(s.nodes.map { node($0, direction: direction, origins: origins) })
                        so = .object(x)
                    }
                    return so
                })
        }
        return .object(o)
    }

    static func step(_ s: TraceStep) -> JSONValue {
        var o = JSONObject([
            ("eventID", .string(s.eventID)), ("eventHash", .string(s.eventHash)), ("kind", .string(s.kind.rawValue)),
            ("eventTime", .string(ISO8601Timestamp.utcString(epochMilliseconds: s.eventTime)))
        ])
        if let b = s.bizStep { o["bizStep"] = .string(b) }
        if let site = s.site { o["site"] = .string(site) }
        if s.kind == .transformation {
            o["ghgEmissionsKgCO2e"] = number(s.ghgEmissions)
            o["allocation"] = .string(s.allocation.rawValue)
            if s.cutOff { o["cutOff"] = true }
        }
        o["inputs"] = .array(s.inputs.map(flow))
        o["outputs"] = .array(s.outputs.map(flow))
        return .object(o)
    }

    static func flow(_ f: TraceStep.Flow) -> JSONValue {
        .object(JSONObject([("id", .string(f.id)), ("massKg", number(f.massKg))]))
    }

    static func declaration(_ d: LotDeclaration) -> JSONValue {
        var o = JSONObject([
            ("createdBy", .string(d.eventID)), ("eventHash", .string(d.eventHash)),
            ("createdAt", .string(ISO8601Timestamp.utcString(epochMilliseconds: d.eventTime)))
        ])
        if let s = d.site { o["site"] = .string(s) }
        if let c = d.countryOfOrigin { o["countryOfOrigin"] = .string(c) }
        if let g = d.materialGrade { o["materialGrade"] = .string(g) }
        if let ef = d.emissionFactor { o["emissionFactor"] = number(ef) }
        if let rc = d.recycledContent {
            o["recycledContent"] = .object(JSONObject([("preConsumer", number(rc.preConsumer)), ("postConsumer", number(rc.postConsumer))]))
        }
        if let du = d.durability { o["durability"] = du }
        if let m = d.massKg { o["massKg"] = number(m) }
        // Its factor is the supplier's PACT footprint of the lot (a peer's, standing in for steps not released).
        if let f = d.pactFootprintID { o["pactFootprint"] = .string(f) }
        return .object(o)
    }
}
