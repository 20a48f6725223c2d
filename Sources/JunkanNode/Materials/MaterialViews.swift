public import JunkanCore

/// JSON of what the materials bank computes: a lot with its effective values, the matches of a request and a blend.
public enum MaterialViews {
    package static func n(_ d: Double) -> JSONValue { .number(JSONNumber(d)) }
    /// Rounded for people and tools alike: 1e-9 is below any measuring error and keeps 0.1 + 0.2 from showing.
    package static func r(_ d: Double, _ places: Double = 1e9) -> JSONValue { .number(JSONNumber((d * places).rounded() / places)) }

    /// The lot as stored plus `computed`: polymer and kind of its grade, effective recycled share and footprint with
    /// their sources, the data-quality level and the effective property values (lot over grade). `lot` is the lot as
    /// stored (`MaterialCatalogue.lotViews(_:grades:)` reads it), `p` its profile.
    package static func lot(_ lot: MaterialLot, _ p: LotProfile, grade: Grade?) -> JSONValue {
        guard case .object(var o) = lot.json else { return .null }
        var c = JSONObject([
            ("polymer", .string(p.polymer.description)), ("kind", .string(p.kind.rawValue)),
            ("gradeName", .string(p.gradeName)), ("producer", .string(p.producer)),
            ("recycledShare", r(p.recycledShare)), ("recycledShareSource", .string(p.recycledShareSource.rawValue))
        ])
        c["kgCO2ePerKg"] = p.footprint.map { r($0) } ?? .null
        c["footprintSource"] = p.footprintSource.map { .string($0.rawValue) } ?? .null
        if let q = p.quality {
            c["dataQualityLevel"] = n(Double(q.level))
            c["missingForNextLevel"] = .array(q.missingForNext.map { .string($0) })
        } else {
            c["dataQualityLevel"] = .null
        }
        if let grade {
            var effective: [String: PropertyValue] = [:]
            var order: [String] = []
            for v in grade.properties + lot.properties {
                let k = v.property + "|" + v.conditions.canonical
                if effective[k] == nil { order.append(k) }
                effective[k] = v
            }
            let measured = Set(lot.properties.map { $0.property + "|" + $0.conditions.canonical })
            c["properties"] = .array(
                order.map { k in
                    guard case .object(var v) = effective[k]!.json else { return .null }
                    v["source"] = .string(measured.contains(k) ? "lot" : "grade")
                    return .object(v)
                })
        }
        o["computed"] = .object(c)
        return .object(o)
    }

    /// The body of `GET /materials/requests/{id}/matches`.
    public static func matches(_ request: MaterialRequest, _ report: LotMatcher.Report) -> JSONValue {
        .object(
            JSONObject([
                ("request", .string(request.id)), ("candidates", n(Double(report.candidates))), ("passed", n(Double(report.passed))),
                ("scoring", .string("score = 100 · (0.4·closeness + 0.2·quality + 0.2·footprint + 0.2·distance) / applicable weights (docs/materials.md)")),
                (
                    "matches",
                    .array(
                        report.matches.enumerated().map { i, m in
                            var o = JSONObject([
                                ("rank", n(Double(i + 1))), ("lot", .string(m.profile.id)), ("grade", .string(m.profile.lot.grade)),
                                ("gradeName", .string(m.profile.gradeName)), ("producer", .string(m.profile.producer)),
                                ("score", r(m.score, 1e6)), ("massKg", n(m.profile.lot.massKg)),
                                ("recycledShare", r(m.profile.recycledShare))
                            ])
                            o["kgCO2ePerKg"] = m.profile.footprint.map { r($0) } ?? .null
                            o["dataQualityLevel"] = m.profile.qualityLevel.map { n(Double($0)) } ?? .null
                            o["distanceKm"] = m.distanceKm.map { r($0, 1e3) } ?? .null
                            var parts = JSONObject([("closeness", r(m.closeness, 1e6)), ("quality", r(m.quality, 1e6)), ("footprint", r(m.footprintScore, 1e6))]
                            )
                            parts["distance"] = m.distanceScore.map { r($0, 1e6) } ?? .null
                            o["scoreParts"] = .object(parts)
                            o["constraints"] = .array(
                                m.components.map { c in
                                    .object(
                                        JSONObject([
                                            ("constraint", .string(c.constraint)), ("value", .string(c.value)),
                                            ("source", .string(c.measuredOnLot ? "lot" : "grade")), ("closeness", r(c.closeness, 1e6))
                                        ]))
                                })
                            o["explanation"] = .string(m.explanation)
                            return .object(o)
                        })
                ),
                (
                    "nearMisses",
                    .array(
                        report.nearMisses.map { m in
                            var o = JSONObject([
                                ("lot", .string(m.profile.id)), ("gradeName", .string(m.profile.gradeName)), ("fails", .string(m.fails)),
                                ("reason", .string(m.reason))
                            ])
                            o["gap"] = m.gap.isFinite ? r(m.gap, 1e6) : .null
                            return .object(o)
                        })
                )
            ]))
    }

    /// The body of `POST /materials/requests/{id}/blend`.
    public static func blend(_ request: MaterialRequest, _ b: BlendOptimizer.Result) -> JSONValue {
        var predicted = JSONObject()
        var details: [JSONValue] = []
        for p in b.predicted {
            predicted[p.property] = p.unit == .classification ? .string(PropertyDefinition.ul94Classes[Int(p.value.rounded())]) : r(p.value)
            details.append(
                .object(
                    JSONObject([
                        ("property", .string(p.property)), ("constraint", .string(p.constraint)),
                        ("value", predicted[p.property]!), ("unit", .string(p.unit.rawValue)),
                        ("rule", .string(p.rule.rawValue)), ("needsTest", .bool(p.needsTest))
                    ])))
        }
        var o = JSONObject([
            ("request", .string(request.id)), ("feasible", .bool(b.feasible)), ("recycledShare", r(b.recycledShare)),
            ("massKg", n(request.massKg)),
            (
                "components",
                .array(
                    b.components.map { c in
                        .object(JSONObject([("lot", .string(c.lot)), ("massKg", r(c.massKg, 1e6)), ("recycledShare", r(c.recycledShare))]))
                    })
            ),
            ("predicted", .object(predicted)), ("binding", .array(b.binding.map { .string($0) }))
        ])
        o["kgCO2ePerKg"] = b.kgCO2ePerKg.map { r($0) } ?? .null
        o["needsTest"] = .array(b.predicted.filter(\.needsTest).map { .string($0.property) })
        o["predictions"] = .array(details)
        if !b.substances.isEmpty {
            o["substances"] = .array(
                b.substances.map { p in
                    .object(
                        JSONObject([
                            ("name", .string(p.limit.name)), ("limit", .string(p.limit.label)), ("predictedPercent", r(p.fraction * 100, 1e9)),
                            ("maxPercent", r(p.limit.maxFraction * 100, 1e9))
                        ]))
                })
        }
        o["considered"] = n(Double(b.considered))
        o["excluded"] = .array(b.excluded.prefix(100).map { .object(JSONObject([("lot", .string($0.lot)), ("reason", .string($0.reason))])) })
        if b.excluded.count > 100 { o["moreExcluded"] = n(Double(b.excluded.count - 100)) }
        return .object(o)
    }
}
