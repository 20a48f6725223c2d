public import JunkanCore

/// The report's JSON (issue 6's contract, docs/circularity.md): rates are unrounded fractions, masses tonnes (PRTR kg),
/// and a rate of nothing is `null`.
public enum CircularityJSON {
    package static func number(_ d: Double?) -> JSONValue { d.map { .number(JSONNumber($0)) } ?? .null }

    public static func report(_ r: CircularityReport) -> JSONValue {
        .object(
            JSONObject([
                ("fiscalYear", .number(JSONNumber(r.fiscalYear))),
                ("waste", waste(r.waste)),
                ("collection", collection(r)),
                (
                    "plasticWaste",
                    .array(
                        r.plasticWaste.map { p in
                            .object(
                                JSONObject([
                                    ("scope", .string(p.scope)), ("mass_t", number(p.massT)),
                                    ("netSales_million_jpy", number(p.netSalesMillionJPY)), ("perSales_t_per_million_jpy", number(p.perSales))
                                ]))
                        })
                ),
                ("targets", .array(r.targets.map(target))),
                ("prtr", prtr(r.prtr))
            ]))
    }

    package static func waste(_ w: WasteReport) -> JSONValue {
        let all = w.all
        return .object(
            JSONObject([
                ("total_t", number(all.totalT)),
                ("byCategory", .object(JSONObject(WasteReport.Category.allCases.map { ($0.rawValue, number(w[$0].totalT)) }))),
                ("bySubcategory", .object(JSONObject(w.bySubcategory.keys.sorted().map { ($0, number(w.bySubcategory[$0])) }))),
                ("recycled_t", number(all.recycledT)),
                ("recyclingRate", number(all.recyclingRate)),
                ("materialRecycled_t", number(all.materialRecycledT)),
                ("thermalRecycled_t", number(all.thermalRecycledT)),
                ("landfill_t", number(all.landfillT)),
                ("landfillRate", number(all.landfillRate)),
                (
                    "byCategoryRecycling",
                    .object(
                        JSONObject(
                            WasteReport.Category.allCases.map { c in
                                let f = w[c]
                                return (
                                    c.rawValue,
                                    .object(
                                        JSONObject([
                                            ("total_t", number(f.totalT)), ("recycled_t", number(f.recycledT)), ("recyclingRate", number(f.recyclingRate)),
                                            ("materialRecycled_t", number(f.materialRecycledT)), ("materialRecyclingRate", number(f.materialRecyclingRate)),
                                            ("thermalRecycled_t", number(f.thermalRecycledT)), ("thermalRecyclingRate", number(f.thermalRecyclingRate)),
                                            ("landfill_t", number(f.landfillT))
                                        ]))
                                )
                            }))
                ),
                ("byTreatment", .object(JSONObject(WasteTreatment.allCases.map { ($0.rawValue, number(all[$0])) })))
            ]))
    }

    package static func collectionFigures(_ f: CollectionReport.Figures) -> [(key: String, value: JSONValue)] {
        [
            ("collected_t", number(f.collectedT)), ("reused_t", number(f.reusedT)), ("partsReused_t", number(f.partsReusedT)),
            ("materialRecycled_t", number(f.materialRecycledT)), ("thermalRecycled_t", number(f.thermalRecycledT)),
            ("disposed_t", number(f.disposedT)), ("recyclingRate", number(f.recyclingRate)), ("resourceReuseRate", number(f.resourceReuseRate))
        ]
    }

    package static func collection(_ r: CircularityReport) -> JSONValue {
        let c = r.collection
        var o = JSONObject(collectionFigures(c.total))
        o["byProductType"] = .object(JSONObject(c.byProductType.keys.sorted().map { ($0, .object(JSONObject(collectionFigures(c.byProductType[$0]!)))) }))
        o["source"] = .string(r.collectionSource.rawValue)
        if r.collectionSource == .trace { o["issues"] = .array(r.collectionIssues.map { .string($0) }) }
        return .object(o)
    }

    package static func target(_ t: TargetEvaluation) -> JSONValue {
        var o = JSONObject([
            ("indicator", .string(t.target.indicator.rawValue)), ("scope", .string(t.target.scope)),
            ("baseYear", .number(JSONNumber(t.target.baseYear))), ("targetYear", .number(JSONNumber(t.target.targetYear))),
            ("basis", .string(t.target.basis.rawValue)), ("targetChangePct", number(t.target.targetChangePct)),
            ("baseValue", number(t.baseValue)), ("actualValue", number(t.actualValue)),
            ("actualChangePct", number(t.actualChangePct)), ("met", t.met.map { .bool($0) } ?? .null)
        ])
        if !t.missing.isEmpty { o["missing"] = .array(t.missing.map { .string($0) }) }
        return .object(o)
    }

    package static func prtrFigures(_ f: PRTRReport.Figures) -> [(key: String, value: JSONValue)] {
        [
            ("handled_kg", number(f.handledKg)), ("consumed_kg", number(f.consumedKg)), ("recycled_kg", number(f.recycledKg)),
            ("emittedAir_kg", number(f.emittedAirKg)), ("emittedWater_kg", number(f.emittedWaterKg)),
            ("transferredWaste_kg", number(f.transferredWasteKg)), ("treated_kg", number(f.treatedKg))
        ]
    }

    package static func prtr(_ p: PRTRReport) -> JSONValue {
        .object(
            JSONObject([
                (
                    "substances",
                    .array(
                        p.substances.map { s in
                            .object(JSONObject([("substance", .string(s.name)), ("cas", .string(s.cas))] + prtrFigures(s.figures)))
                        })
                ),
                ("total", .object(JSONObject(prtrFigures(p.total)))),
                (
                    "unbalanced",
                    .array(
                        p.unbalanced.map { r in
                            .object(
                                JSONObject([
                                    ("site", .string(r.site)), ("substance", .string(r.substance)), ("cas", .string(r.cas)),
                                    ("handled_kg", number(r.handledKg)), ("outputs_kg", number(r.outputsKg))
                                ]))
                        })
                )
            ]))
    }

    /// The trend table, one object per fiscal year.
    public static func trend(_ years: [WasteReport]) -> JSONValue {
        .array(
            years.map { w in
                let all = w.all
                return .object(
                    JSONObject(
                        [("fiscalYear", .number(JSONNumber(w.fiscalYear))), ("total_t", number(all.totalT))]
                            + WasteReport.Category.allCases.map { ($0.rawValue, number(w[$0].totalT)) }
                            + [("recycled_t", number(all.recycledT)), ("recyclingRate", number(all.recyclingRate))]))
            })
    }

    /// The same table as CSV (RFC 4180, CRLF line ends), unrounded; an empty rate is an empty field.
    public static func trendCSV(_ years: [WasteReport]) -> String {
        var lines = ["fiscalYear,total_t,general,industrial,specially_controlled_industrial,overseas,recycled_t,recyclingRate"]
        for w in years {
            let all = w.all
            let fields =
                [String(w.fiscalYear), csv(all.totalT)] + WasteReport.Category.allCases.map { csv(w[$0].totalT) }
                + [csv(all.recycledT), all.recyclingRate.map(csv) ?? ""]
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    package static func csv(_ d: Double) -> String { JSONNumber(d).literal }
}

extension CircularityJSON {
    /// A JSON report as `figure,value` CSV lines, one per number, string or boolean (`waste.byCategory.general`,
    /// `targets[0].met`): every figure, unrounded, in a shape any spreadsheet reads.
    public static func flatCSV(_ value: JSONValue) -> String {
        var lines = ["figure,value"]
        func walk(_ v: JSONValue, _ path: String) {
            switch v {
            case .object(let o): for (k, child) in o { walk(child, path.isEmpty ? k : path + "." + k) }
            case .array(let a): for (i, child) in a.enumerated() { walk(child, path + "[\(i)]") }
            case .string(let s): lines.append(CSVReader.escape(path) + "," + CSVReader.escape(s))
            case .number(let n): lines.append(CSVReader.escape(path) + "," + n.literal)
            case .bool(let b): lines.append(CSVReader.escape(path) + "," + (b ? "true" : "false"))
            case .null: lines.append(CSVReader.escape(path) + ",")
            }
        }
        walk(value, "")
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}
