public import JunkanCore
import JunkanStore

/// `GET /substances/compliance` as JSON (openapi.yaml `SubstanceCompliance`): per list, per entry, the status with the
/// concentrations that decide it and where they come from; percentages by mass.
public enum SubstanceComplianceJSON {
    public static func json(id: String, day: String, _ check: SubstanceService.Check) -> JSONValue {
        let statuses = check.reports.map(\.status)
        let overall: ComplianceStatus = statuses.contains(.fail) ? .fail : statuses.contains(.unknown) ? .unknown : .pass
        return .object(
            JSONObject([
                ("id", .string(id)), ("day", .string(day)), ("status", .string(overall.rawValue)),
                ("lists", .array(check.reports.map(report))),
                (
                    "declarations",
                    .array(
                        check.declarations.map { stored, d in
                            var o = JSONObject([
                                ("subject", .string(stored.subject)), ("organisation", .string(stored.organisationID)), ("format", .string(stored.format))
                            ])
                            if let s = d.supplier { o["supplier"] = .string(s) }
                            if let date = d.date { o["date"] = .string(date) }
                            return .object(o)
                        })
                )
            ]))
    }

    static func report(_ r: ComplianceReport) -> JSONValue {
        .object(
            JSONObject([
                ("id", .string(r.list.id)), ("name", .string(r.list.name)), ("version", .string(r.list.version)), ("date", .string(r.list.date)),
                ("source", .string(r.list.source)), ("isExcerpt", .bool(r.list.isExcerpt)), ("status", .string(r.status.rawValue)),
                ("rules", .array(r.rules.map(rule)))
            ]))
    }

    static func rule(_ r: RuleResult) -> JSONValue {
        var o = JSONObject([
            ("id", .string(r.entry.id)), ("name", .string(r.entry.name)), ("cas", .array(r.entry.cas.map { .string($0) })),
            ("level", .string(r.entry.level.rawValue)), ("thresholdPercent", percent(r.entry.threshold)), ("status", .string(r.status.rawValue))
        ])
        if let duty = r.duty { o["duty"] = .string(duty) }
        if let scope = r.entry.scope { o["scope"] = .string(scope) }
        if let note = r.note { o["note"] = .string(note) }
        if !r.findings.isEmpty { o["findings"] = .array(r.findings.map(finding)) }
        if let h = r.highest { o["highest"] = finding(h) }
        if !r.exemptionsUsed.isEmpty {
            o["exemptionsUsed"] = .array(
                r.exemptionsUsed.map { u in
                    var x = JSONObject([("exemption", .string(u.exemption)), ("article", .string(u.article)), ("substance", .string(u.substance))])
                    if let m = u.material { x["material"] = .string(m) }
                    return .object(x)
                })
        }
        if !r.unknownBecause.isEmpty { o["unknownBecause"] = .array(r.unknownBecause.map { .string($0) }) }
        return .object(o)
    }

    static func finding(_ f: Finding) -> JSONValue {
        var o = JSONObject([("article", .string(f.article))])
        if let m = f.material { o["material"] = .string(m) }
        o["concentrationPercent"] = percent(f.concentration)
        o["substances"] = .array(
            f.substances.map { s in
                var x = JSONObject([("name", .string(s.name))])
                if let cas = s.cas { x["cas"] = .string(cas) }
                x["sources"] = .array(s.sources.map(origin))
                return .object(x)
            })
        return .object(o)
    }

    /// Where a substance comes from: the declaration, its part and material, and the lot it came through a blend by.
    static func origin(_ src: SubstanceOrigin) -> JSONValue {
        var y = JSONObject([("declaration", .string(src.declaration)), ("part", .string(src.part)), ("material", .string(src.material))])
        if let lot = src.viaLot { y["viaLot"] = .string(lot) }
        if let share = src.share { y["sharePercent"] = percent(share) }
        if let m = src.measurement { y["measurement"] = .string(m) }
        return .object(y)
    }

    /// A fraction as a percentage, rounded to 12 significant digits (so 0.0019 / 1.55 reads 0.122580645161).
    static func percent(_ fraction: Double) -> JSONValue {
        let p = fraction * 100
        guard p != 0, p.isFinite else { return .number(JSONNumber(0)) }
        let scale = pow10(11 - Int((abs(p)).log10Floor))
        return .number(JSONNumber((p * scale).rounded() / scale))
    }

    private static func pow10(_ n: Int) -> Double {
        var r = 1.0
        for _ in 0..<abs(n) { r *= 10 }
        return n < 0 ? 1 / r : r
    }
}

extension Double {
    /// ⌊log10 x⌋ for x > 0, without Foundation.
    fileprivate var log10Floor: Int {
        var x = self
        var n = 0
        while x >= 10 {
            x /= 10
            n += 1
        }
        while x < 1 {
            x *= 10
            n -= 1
        }
        return n
    }
}
