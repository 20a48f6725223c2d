/// One measured or declared property value in the CAMPUS single-point style: `{"property":"MFR","value":12,
/// "unit":"g/10min","standard":"ISO 1133","conditions":{"temperature_C":230,"load_kg":2.16}}`. Kept as given (value and
/// unit) and compared in the canonical unit of its dimension.
public struct PropertyValue: Sendable, Equatable {
    public var property: String
    /// The number as given; for UL 94 the class's rank (`PropertyDefinition.ul94Classes`).
    public var value: Double
    public var unit: MaterialUnit
    public var standard: String
    public var conditions: TestConditions

    public var definition: PropertyDefinition { PropertyDefinition.named(property)! }
    /// The value in the canonical unit of the property's dimension.
    public var canonicalValue: Double { unit.toCanonical(value) }
    public var isClass: Bool { unit == .classification }
    /// What the value says, with its unit ("12 g/10min", "V-0").
    public var display: String { isClass ? PropertyDefinition.ul94Classes[Int(value)] : "\(JSONNumber(value).literal) \(unit.rawValue)" }

    public init(property: String, value: Double, unit: MaterialUnit, standard: String, conditions: TestConditions = .init()) {
        self.property = property; self.value = value; self.unit = unit; self.standard = standard; self.conditions = conditions
    }

    /// Reads and checks one value; errors point into `json` (`/unit`, `/conditions/load_kg`).
    public static func decode(_ json: JSONValue) throws(MaterialError) -> PropertyValue {
        guard let o = json.objectValue else { throw MaterialError("", "a property value is an object, found \(json.typeName)") }
        try MaterialJSON.allowOnly(["property", "value", "unit", "standard", "conditions"], in: o)
        let code = try MaterialJSON.string(o, "property")
        guard let def = PropertyDefinition.named(code) else {
            throw MaterialError("/property", "unknown property \"\(code)\"; known: " + PropertyDefinition.codes.joined(separator: ", "))
        }
        let unitText = try MaterialJSON.string(o, "unit")
        guard let unit = MaterialUnit.parse(unitText) else {
            throw MaterialError("/unit", "unknown unit \"\(unitText)\"; \(code) takes " + def.dimension.units.map(\.rawValue).joined(separator: " or "))
        }
        guard unit.dimension == def.dimension else {
            throw MaterialError(
                "/unit",
                "\(code) is a \(def.dimension.rawValue), so its unit is "
                    + def.dimension.units.map(\.rawValue).joined(separator: " or ") + ", not \(unit.rawValue) (a \(unit.dimension.rawValue))")
        }
        let standardText = try MaterialJSON.string(o, "standard")
        guard let standard = def.standard(standardText) else {
            throw MaterialError("/standard", "\(code) is measured to " + (def.standards ?? []).joined(separator: " or ") + ", not \"\(standardText)\"")
        }
        let conditions = try decodeConditions(o["conditions"], for: def)
        let value: Double
        if unit == .classification {
            guard let s = o["value"]?.stringValue, let rank = PropertyDefinition.ul94Classes.firstIndex(of: s) else {
                throw MaterialError("/value", "a UL 94 class is one of " + PropertyDefinition.ul94Classes.joined(separator: ", "))
            }
            value = Double(rank)
        } else {
            value = try MaterialJSON.number(o, "value")
            let canonical = unit.toCanonical(value)
            if let range = def.plausible, !range.contains(canonical) {
                throw MaterialError(
                    "/value",
                    "\(JSONNumber(value).literal) \(unit.rawValue) is not a plausible \(def.name) (expected "
                        + "\(JSONNumber(def.dimension.canonical.fromCanonical(range.lowerBound)).literal)–"
                        + "\(JSONNumber(def.dimension.canonical.fromCanonical(range.upperBound)).literal) \(def.dimension.canonical.rawValue))"
                        + hint(value: value, unit: unit, range: range))
            }
        }
        return PropertyValue(property: code, value: value, unit: unit, standard: standard, conditions: conditions)
    }

    /// A likelier unit when the value fits another unit of the dimension: the mislabels buyers of recyclate complain of.
    static func hint(value: Double, unit: MaterialUnit, range: ClosedRange<Double>) -> String {
        for other in unit.dimension.units where other != unit && range.contains(other.toCanonical(value)) {
            return "; is it in \(other.rawValue)?"
        }
        return ""
    }

    static func decodeConditions(_ json: JSONValue?, for def: PropertyDefinition) throws(MaterialError) -> TestConditions {
        var conditions = TestConditions()
        if let json, json != .null {
            guard let o = json.objectValue else { throw MaterialError("/conditions", "conditions are an object, found \(json.typeName)") }
            for (k, v) in o {
                guard let key = TestConditions.Key(rawValue: k) else {
                    throw MaterialError("/conditions/\(k)", "unknown condition; known: " + TestConditions.Key.allCases.map(\.rawValue).joined(separator: ", "))
                }
                if let range = key.range {
                    guard let n = v.numberValue?.doubleValue, n.isFinite else { throw MaterialError("/conditions/\(k)", "\(k) is a number") }
                    guard range.contains(n) else {
                        throw MaterialError(
                            "/conditions/\(k)",
                            "\(JSONNumber(n).literal) is outside \(JSONNumber(range.lowerBound).literal)…\(JSONNumber(range.upperBound).literal)")
                    }
                    conditions[k] = .number(n)
                } else {
                    guard let s = v.stringValue, !s.isEmpty else { throw MaterialError("/conditions/\(k)", "\(k) is a word") }
                    if let words = key.words, !words.contains(s) {
                        throw MaterialError("/conditions/\(k)", "\(k) is one of " + words.sorted().joined(separator: ", "))
                    }
                    conditions[k] = .text(s)
                }
            }
        }
        let missing = def.required.filter { conditions[$0.rawValue] == nil }
        guard missing.isEmpty else {
            throw MaterialError(
                "/conditions",
                "\(def.code) (\(def.standards?.first ?? "")) means nothing without "
                    + missing.map(\.rawValue).joined(separator: " and ") + exampleConditions(def))
        }
        return conditions
    }

    static func exampleConditions(_ def: PropertyDefinition) -> String {
        switch def.code {
        case "MFR", "MVR": " (e.g. {\"temperature_C\":230,\"load_kg\":2.16} for PP)"
        case "HDT": " (e.g. {\"stress_MPa\":1.8} for method A)"
        case "UL94": " (the specimen thickness the class holds for, e.g. {\"thickness_mm\":1.5})"
        case "vicat": " (e.g. {\"method\":\"B50\"})"
        default: " (e.g. {\"temperature_C\":23})"
        }
    }

    public var json: JSONValue {
        var o = JSONObject([("property", .string(property))])
        o["value"] = isClass ? .string(display) : .number(JSONNumber(value))
        o["unit"] = .string(unit.rawValue)
        o["standard"] = .string(standard)
        if !conditions.isEmpty { o["conditions"] = MaterialJSON.conditions(conditions) }
        return .object(o)
    }
}
