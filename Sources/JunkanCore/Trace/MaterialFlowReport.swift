import Foundation

/// The numbers of `/flows` for one window and filter: the bands, each stage's mass in and out, and the totals, as the
/// page draws them and as JSON and CSV give them (unrounded but to the gram).
public struct MaterialFlowReport: Sendable {
    public struct Stage: Sendable {
        public var kind: ProcessKind
        public var inKg: Double
        public var outKg: Double
        /// What the diagram draws: the larger of what came in and what went out.
        public var throughputKg: Double { max(inKg, outKg) }
    }

    /// UTC days since 1970-01-01, both included.
    public var fromDay: Int32
    public var toDay: Int32
    public var product: String?
    public var polymer: String?
    public var flows: [MaterialFlowLedger.Flow]

    public init(fromDay: Int32, toDay: Int32, product: String?, polymer: String?, flows: [MaterialFlowLedger.Flow]) {
        self.fromDay = fromDay; self.toDay = toDay; self.product = product; self.polymer = polymer
        self.flows = flows.map { f in
            var f = f
            f.massKg = Self.grams(f.massKg)
            f.recycledKg = Self.grams(f.recycledKg)
            return f
        }.filter { $0.massKg > 0 }
    }

    /// Every stage a band touches, in the loop's order.
    public var stages: [Stage] {
        var byKind: [ProcessKind: Stage] = [:]
        for f in flows {
            byKind[f.link.from, default: Stage(kind: f.link.from, inKg: 0, outKg: 0)].outKg += f.massKg
            byKind[f.link.to, default: Stage(kind: f.link.to, inKg: 0, outKg: 0)].inKg += f.massKg
        }
        return byKind.values.sorted { $0.kind < $1.kind }
    }

    /// Σ of every band.
    public var totalKg: Double { Self.grams(flows.reduce(0) { $0 + $1.massKg }) }
    /// Recycled material re-entering the loop.
    public var recycledKg: Double { Self.grams(flows.reduce(0) { $0 + $1.recycledKg }) }
    /// What reached each exit.
    public func exitKg(_ exit: ProcessKind) -> Double { Self.grams(flows.filter { $0.link.to == exit }.reduce(0) { $0 + $1.massKg }) }

    public static func date(_ day: Int32) -> String {
        let (y, m, d) = ISO8601Timestamp.civil(days: Int64(day))
        return String(format: "%04d-%02d-%02d", Int(y), Int(m), Int(d))
    }

    public var json: String {
        var o = JSONObject([("from", .string(Self.date(fromDay))), ("to", .string(Self.date(toDay)))])
        if let product { o["product"] = .string(product) }
        if let polymer { o["polymer"] = .string(polymer) }
        o["flows"] = .array(
            flows.map { f in
                .object(
                    JSONObject([
                        ("from", .string(f.link.from.rawValue)), ("to", .string(f.link.to.rawValue)), ("massKg", .number(JSONNumber(f.massKg))),
                        ("recycledKg", .number(JSONNumber(f.recycledKg)))
                    ]))
            })
        o["stages"] = .array(
            stages.map { s in
                .object(
                    JSONObject([
                        ("id", .string(s.kind.rawValue)), ("label", .string(s.kind.label)), ("exit", .bool(s.kind.isExit)),
                        ("inKg", .number(JSONNumber(Self.grams(s.inKg)))), ("outKg", .number(JSONNumber(Self.grams(s.outKg))))
                    ]))
            })
        o["totals"] = .object(
            JSONObject([
                ("massKg", .number(JSONNumber(totalKg))), ("recycledKg", .number(JSONNumber(recycledKg))),
                ("lossesKg", .number(JSONNumber(exitKg(.losses)))), ("energyRecoveryKg", .number(JSONNumber(exitKg(.energyRecovery)))),
                ("disposalKg", .number(JSONNumber(exitKg(.disposal))))
            ]))
        return JSONWriter.string(.object(o))
    }

    /// One row per band (RFC 4180, CRLF line ends).
    public var csv: String {
        var rows = ["from,to,mass_kg,recycled_kg"]
        for f in flows {
            rows.append("\(f.link.from.rawValue),\(f.link.to.rawValue),\(Self.decimal(f.massKg)),\(Self.decimal(f.recycledKg))")
        }
        return rows.joined(separator: "\r\n") + "\r\n"
    }

    /// To the gram: sums of doubles carry noise below it.
    static func grams(_ kg: Double) -> Double { (kg * 1000).rounded() / 1000 }

    static func decimal(_ kg: Double) -> String {
        var s = String(format: "%.3f", kg)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }
}
