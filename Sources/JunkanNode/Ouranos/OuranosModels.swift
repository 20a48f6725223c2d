import Foundation
public import JunkanCore

/// The bodies a client writes through the Ouranos API, read member by member against the fixture's component schemas
/// (`traceability.PartsModel`, `traceability.CfpModel`): a member missing, of another type, out of its bounds or off
/// its list is refused with its name, never stored.
public enum OuranosModels {
    public struct Invalid: Error, Sendable, CustomStringConvertible {
        public var description: String
        init(_ d: String) { description = d }
    }

    public static let units = ["liter", "kilogram", "cubic-meter", "kilowatt-hour", "megajoule", "ton-kilometer", "square-meter", "unit"]
    public static let baseCFPTypes = ["preProduction", "mainProduction", "preComponent", "mainComponent"]
    static let max = 99_999.99999

    /// A `PartsModel`, normalised (every member present, UUIDs in lower case).
    public static func part(_ value: JSONValue, at path: String = "") throws -> JSONObject {
        guard let o = value.objectValue else { throw Invalid("\(path.isEmpty ? "the body" : path) must be a PartsModel object") }
        func name(_ n: String) -> String { path.isEmpty ? n : path + "." + n }
        var out = JSONObject([])
        out["traceId"] = try uuid(o["traceId"], name("traceId"), nullable: true)
        out["operatorId"] = try uuid(o["operatorId"], name("operatorId"), nullable: false)
        out["plantId"] = try uuid(o["plantId"], name("plantId"), nullable: false)
        out["partsName"] = try text(o["partsName"], name("partsName"), min: 1, max: 50, nullable: false, required: true)
        out["supportPartsName"] = try text(o["supportPartsName"], name("supportPartsName"), min: 0, max: 50, nullable: true, required: true)
        guard case .bool(let terminated)? = o["terminatedFlag"] else { throw Invalid("\(name("terminatedFlag")) is a required boolean") }
        out["terminatedFlag"] = .bool(terminated)
        out["amountRequired"] = try number(o["amountRequired"], name("amountRequired"), required: true)
        switch o["amountRequiredUnit"] {
        case .null?: out["amountRequiredUnit"] = .null
        case .string(let u)? where units.contains(u): out["amountRequiredUnit"] = .string(u)
        default: throw Invalid("\(name("amountRequiredUnit")) is required: one of \(units.joined(separator: ", ")) or null")
        }
        for n in ["partsLabelName", "partsAddInfo1", "partsAddInfo2", "partsAddInfo3"] {
            out[n] = try text(o[n], name(n), min: 0, max: 50, nullable: true, required: false)
        }
        return out
    }

    /// The four `CfpModel`s a `PUT cfp` writes (one of each base type, one trace, one cfpId, one unit).
    public static func cfps(_ value: JSONValue) throws -> [JSONObject] {
        guard let list = value.arrayValue else { throw Invalid("the body must be an array of four CfpModel objects") }
        var out: [JSONObject] = []
        for (i, v) in list.enumerated() {
            guard let o = v.objectValue else { throw Invalid("[\(i)] must be a CfpModel object") }
            var m = JSONObject([])
            m["cfpId"] = try uuid(o["cfpId"], "[\(i)].cfpId", nullable: true)
            m["traceId"] = try uuid(o["traceId"], "[\(i)].traceId", nullable: false)
            guard let type = o["cfpType"]?.stringValue, baseCFPTypes.contains(type) else {
                throw Invalid("[\(i)].cfpType must be one of \(baseCFPTypes.joined(separator: ", "))")
            }
            m["cfpType"] = .string(type)
            let unitNames = units.map { "kgCO2e/" + $0 }
            guard let unit = o["ghgDeclaredUnit"]?.stringValue, unitNames.contains(unit) else {
                throw Invalid("[\(i)].ghgDeclaredUnit must be one of \(unitNames.joined(separator: ", "))")
            }
            m["ghgDeclaredUnit"] = .string(unit)
            m["ghgEmission"] = try number(o["ghgEmission"], "[\(i)].ghgEmission", required: true)
            let stage = type.hasPrefix("pre") ? "preProcessing" : "mainProcessing"
            guard o["dqrType"]?.stringValue == stage else { throw Invalid("[\(i)].dqrType of \(type) is \(stage)") }
            m["dqrType"] = .string(stage)
            guard let dqr = o["dqrValue"]?.objectValue else { throw Invalid("[\(i)].dqrValue is a required object") }
            var d = JSONObject([])
            for k in ["TeR", "GeR", "TiR"] { d[k] = try number(dqr[k], "[\(i)].dqrValue.\(k)", required: true) }
            m["dqrValue"] = .object(d)
            out.append(m)
        }
        guard Set(out.compactMap { $0["cfpType"]?.stringValue }) == Set(baseCFPTypes), out.count == 4 else {
            throw Invalid("a PUT of CFPs has the four types \(baseCFPTypes.joined(separator: ", ")), once each")
        }
        for k in ["traceId", "cfpId", "ghgDeclaredUnit"] where Set(out.map { JSONWriter.string($0[k] ?? .null) }).count != 1 {
            throw Invalid("every element has the same \(k)")
        }
        return out
    }

    static func uuid(_ v: JSONValue?, _ name: String, nullable: Bool) throws -> JSONValue {
        switch v {
        case .null? where nullable: return .null
        case .string(let s)? where UUID(uuidString: s) != nil: return .string(s.lowercased())
        default: throw Invalid("\(name) is required: a UUID\(nullable ? " or null" : "")")
        }
    }

    static func text(_ v: JSONValue?, _ name: String, min: Int, max: Int, nullable: Bool, required: Bool) throws -> JSONValue {
        switch v {
        case nil where !required: return .null
        case .null? where nullable: return .null
        case .string(let s)? where s.count >= min && s.count <= max: return .string(s)
        default: throw Invalid("\(name) is\(required ? " required:" : "") a string of \(min) to \(max) characters\(nullable ? " or null" : "")")
        }
    }

    static func number(_ v: JSONValue?, _ name: String, required: Bool) throws -> JSONValue {
        switch v {
        case nil where !required: return .null
        case .null?: return .null
        case .number(let n)? where n.doubleValue >= 0 && n.doubleValue <= max: return .number(n)
        default: throw Invalid("\(name) is\(required ? " required:" : "") a number from 0 to \(max) or null")
        }
    }
}
