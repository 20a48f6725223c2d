/// One requirement of a buyer: a property within [min, max] (either may be open) measured under stated conditions
/// (the polymer's standard ones when the request names none), in any unit of the property's dimension.
public struct PropertyConstraint: Sendable, Equatable {
    public var property: String
    /// Bounds in the unit given; UL 94 as class ranks.
    public var min: Double?
    public var max: Double?
    public var unit: MaterialUnit
    public var conditions: TestConditions

    public var definition: PropertyDefinition { PropertyDefinition.named(property)! }
    public var canonicalMin: Double? { min.map(unit.toCanonical) }
    public var canonicalMax: Double? { max.map(unit.toCanonical) }

    func bound(_ v: Double) -> String {
        unit == .classification ? PropertyDefinition.ul94Classes[Int(v)] : "\(JSONNumber(v).literal) \(unit.rawValue)"
    }
    /// "MFR 8–20 g/10min (230 °C, 2.16 kg)".
    public var label: String {
        let range: String
        switch (min, max) {
        case let (lo?, hi?): range = unit == .classification ? "\(bound(lo))…\(bound(hi))" : "\(JSONNumber(lo).literal)–\(bound(hi))"
        case let (lo?, nil): range = "≥ \(bound(lo))"
        case let (nil, hi?): range = "≤ \(bound(hi))"
        default: range = ""
        }
        return "\(property) \(range)" + (conditions.isEmpty ? "" : " (\(conditions.label))")
    }

    static func decode(_ json: JSONValue, polymer: PolymerCode) throws(MaterialError) -> PropertyConstraint {
        guard let o = json.objectValue else { throw MaterialError("", "a constraint is an object, found \(json.typeName)") }
        try MaterialJSON.allowOnly(["property", "min", "max", "unit", "conditions"], in: o)
        let code = try MaterialJSON.string(o, "property")
        guard let def = PropertyDefinition.named(code) else {
            throw MaterialError("/property", "unknown property \"\(code)\"; known: " + PropertyDefinition.codes.joined(separator: ", "))
        }
        let unitText = try MaterialJSON.optionalString(o, "unit") ?? def.dimension.canonical.rawValue
        guard let unit = MaterialUnit.parse(unitText), unit.dimension == def.dimension else {
            throw MaterialError("/unit", "\(code) takes " + def.dimension.units.map(\.rawValue).joined(separator: " or ") + ", not \"\(unitText)\"")
        }
        func bound(_ key: String) throws(MaterialError) -> Double? {
            guard let v = o[key], v != .null else { return nil }
            if unit == .classification {
                guard let s = v.stringValue, let rank = PropertyDefinition.ul94Classes.firstIndex(of: s) else {
                    throw MaterialError("/\(key)", "a UL 94 class: " + PropertyDefinition.ul94Classes.joined(separator: ", "))
                }
                return Double(rank)
            }
            return try MaterialJSON.number(o, key)
        }
        let lo = try bound("min"), hi = try bound("max")
        guard lo != nil || hi != nil else { throw MaterialError("", "a constraint needs min, max or both") }
        if let lo, let hi, lo > hi { throw MaterialError("/min", "min \(JSONNumber(lo).literal) is above max \(JSONNumber(hi).literal)") }
        if def.rule == .logLinear, let lo, lo <= 0 { throw MaterialError("/min", "\(code) is positive: a bound of \(JSONNumber(lo).literal) means nothing") }
        if def.rule == .logLinear, let hi, hi <= 0 { throw MaterialError("/max", "\(code) is positive: a bound of \(JSONNumber(hi).literal) means nothing") }
        var conditions: TestConditions
        if let given = o["conditions"], given != .null {
            conditions = try PropertyValue.decodeConditions(given, for: def)
        } else if let defaults = def.defaultConditions(for: polymer) {
            conditions = defaults
        } else {
            throw MaterialError("/conditions", "\(code) has no standard conditions for \(polymer): state them" + PropertyValue.exampleConditions(def))
        }
        return PropertyConstraint(property: code, min: lo, max: hi, unit: unit, conditions: conditions)
    }

    var json: JSONValue {
        var o = JSONObject([("property", .string(property))])
        if let min { o["min"] = unit == .classification ? .string(bound(min)) : MaterialJSON.number(min) }
        if let max { o["max"] = unit == .classification ? .string(bound(max)) : MaterialJSON.number(max) }
        o["unit"] = .string(unit.rawValue)
        if !conditions.isEmpty { o["conditions"] = MaterialJSON.conditions(conditions) }
        return .object(o)
    }
}

/// A buyer's request: polymer, mass, property ranges, and the limits on recycled share, footprint and distance.
public struct MaterialRequest: Sendable, Equatable {
    public var id: String
    public var name: String?
    public var polymer: PolymerCode
    public var massKg: Double
    public var constraints: [PropertyConstraint]
    public var minRecycledShare: Double?
    public var maxKgCO2ePerKg: Double?
    public var deliveryPlace: GeoPoint?
    public var maxDistanceKm: Double?
    /// Limits on substances ("PBDE ≤ 500 mg/kg"): linear in a blend, each lot's measured concentration in a match.
    public var maxSubstances: [SubstanceLimit]

    public init(
        id: String, name: String? = nil, polymer: PolymerCode, massKg: Double, constraints: [PropertyConstraint] = [],
        minRecycledShare: Double? = nil, maxKgCO2ePerKg: Double? = nil, deliveryPlace: GeoPoint? = nil, maxDistanceKm: Double? = nil,
        maxSubstances: [SubstanceLimit] = []
    ) {
        self.id = id; self.name = name; self.polymer = polymer; self.massKg = massKg; self.constraints = constraints
        self.minRecycledShare = minRecycledShare; self.maxKgCO2ePerKg = maxKgCO2ePerKg; self.deliveryPlace = deliveryPlace
        self.maxDistanceKm = maxDistanceKm
        self.maxSubstances = maxSubstances
    }

    public static let keys: Set<String> = [
        "id", "name", "polymer", "massKg", "constraints", "minRecycledShare", "maxKgCO2ePerKg",
        "deliveryPlace", "maxDistanceKm", "maxSubstances"
    ]

    public static func decode(_ json: JSONValue, defaultID: String? = nil) throws(MaterialError) -> MaterialRequest {
        guard let o = json.objectValue else { throw MaterialError("", "a request is a JSON object, found \(json.typeName)") }
        try MaterialJSON.allowOnly(keys, in: o)
        guard let id = try MaterialJSON.optionalString(o, "id", maxLength: 200) ?? defaultID else { throw MaterialError("/id", "id is required") }
        let polymer: PolymerCode
        do { polymer = try PolymerCode.parse(try MaterialJSON.string(o, "polymer")) } catch {
            throw error.under(error.pointer.hasPrefix("/polymer") ? "" : "/polymer")
        }
        var constraints: [PropertyConstraint] = []
        var seen: Set<String> = []
        for (i, item) in (try MaterialJSON.array(o, "constraints") ?? []).enumerated() {
            let c: PropertyConstraint
            do { c = try PropertyConstraint.decode(item, polymer: polymer) } catch { throw error.under("/constraints/\(i)") }
            guard seen.insert(c.property + "|" + c.conditions.canonical).inserted else {
                throw MaterialError("/constraints/\(i)", "\(c.property) is constrained twice under the same conditions: give one min–max range")
            }
            constraints.append(c)
        }
        var place: GeoPoint?
        if let p = try MaterialJSON.object(o, "deliveryPlace") {
            do { place = try GeoPoint.decode(p) } catch { throw error.under("/deliveryPlace") }
        }
        let maxDistance = try MaterialJSON.optionalNumber(o, "maxDistanceKm", in: 0...40_100, exclusiveMin: true)
        if maxDistance != nil, place == nil { throw MaterialError("/maxDistanceKm", "maxDistanceKm needs a deliveryPlace to measure from") }
        var limits: [SubstanceLimit] = []
        for (i, item) in (try MaterialJSON.array(o, "maxSubstances") ?? []).enumerated() {
            do throws(MaterialError) {
                let limit = try SubstanceLimit.decode(item)
                guard !limits.contains(where: { !Set($0.cas).isDisjoint(with: limit.cas) }) else {
                    throw MaterialError("/cas", "\(limit.name) is limited twice: give one limit per substance or group")
                }
                limits.append(limit)
            } catch { throw error.under("/maxSubstances/\(i)") }
        }
        return MaterialRequest(
            id: id, name: try MaterialJSON.optionalString(o, "name"), polymer: polymer,
            massKg: try MaterialJSON.number(o, "massKg", in: 0...1e9, exclusiveMin: true), constraints: constraints,
            minRecycledShare: try MaterialJSON.optionalNumber(o, "minRecycledShare", in: 0...1),
            maxKgCO2ePerKg: try MaterialJSON.optionalNumber(o, "maxKgCO2ePerKg", in: 0...1000),
            deliveryPlace: place, maxDistanceKm: maxDistance, maxSubstances: limits)
    }

    public var json: JSONValue {
        var o = JSONObject([("id", .string(id))])
        if let name { o["name"] = .string(name) }
        o["polymer"] = .string(polymer.description)
        o["massKg"] = MaterialJSON.number(massKg)
        o["constraints"] = .array(constraints.map(\.json))
        if let minRecycledShare { o["minRecycledShare"] = MaterialJSON.number(minRecycledShare) }
        if let maxKgCO2ePerKg { o["maxKgCO2ePerKg"] = MaterialJSON.number(maxKgCO2ePerKg) }
        if let deliveryPlace { o["deliveryPlace"] = deliveryPlace.json }
        if let maxDistanceKm { o["maxDistanceKm"] = MaterialJSON.number(maxDistanceKm) }
        if !maxSubstances.isEmpty { o["maxSubstances"] = .array(maxSubstances.map(\.json)) }
        return .object(o)
    }
}
