/// Where a grade's polymer comes from. Recycled kinds follow ISO 14021 §7.8.1.1 (pre-consumer: diverted from a
/// manufacturing waste stream; post-consumer: from end users' products).
public enum MaterialKind: String, Sendable, CaseIterable {
    case virgin
    case recycledPostConsumer = "recycled-post-consumer"
    case recycledPreConsumer = "recycled-pre-consumer"
    case bioBased = "bio-based"

    public var isRecycled: Bool { self == .recycledPostConsumer || self == .recycledPreConsumer }
}

/// A substance of concern a grade or lot contains (REACH Art. 33 / SCIP): name, CAS number, concentration, and for a
/// measured lot how it was measured (XRF, GC-MS …) with the limit of detection.
public struct Substance: Sendable, Equatable {
    public var name: String
    public var cas: String?
    /// Mass percent in the material.
    public var concentrationPercent: Double?
    public var method: String?
    /// The method's limit of detection, mass percent.
    public var limitOfDetectionPercent: Double?

    public init(
        name: String, cas: String? = nil, concentrationPercent: Double? = nil, method: String? = nil, limitOfDetectionPercent: Double? = nil
    ) {
        self.name = name
        self.cas = cas
        self.concentrationPercent = concentrationPercent
        self.method = method
        self.limitOfDetectionPercent = limitOfDetectionPercent
    }

    /// The most the material can hold by this record, as a mass fraction: the concentration, or the limit of detection
    /// when that is higher (a result below it says only "less than the limit"); nil without a concentration.
    public var upperBoundFraction: Double? {
        concentrationPercent.map { max($0, limitOfDetectionPercent ?? 0) / 100 }
    }

    static func decode(_ json: JSONValue) throws(MaterialError) -> Substance {
        guard let o = json.objectValue else { throw MaterialError("", "a substance is an object, found \(json.typeName)") }
        try MaterialJSON.allowOnly(["name", "cas", "concentrationPercent", "method", "limitOfDetectionPercent"], in: o)
        let cas = try MaterialJSON.optionalString(o, "cas")
        if let cas, !CASNumber.isValid(cas) { throw MaterialError("/cas", "\"\(cas)\" is not a CAS registry number with a correct check digit") }
        let method = try MaterialJSON.optionalString(o, "method", maxLength: 100)
        let lod = try MaterialJSON.optionalNumber(o, "limitOfDetectionPercent", in: 0...100)
        if lod != nil, method == nil { throw MaterialError("/limitOfDetectionPercent", "a limit of detection goes with its method") }
        return Substance(
            name: try MaterialJSON.string(o, "name"), cas: cas,
            concentrationPercent: try MaterialJSON.optionalNumber(o, "concentrationPercent", in: 0...100), method: method,
            limitOfDetectionPercent: lod)
    }

    var json: JSONValue {
        var o = JSONObject([("name", .string(name))])
        if let cas { o["cas"] = .string(cas) }
        if let concentrationPercent { o["concentrationPercent"] = MaterialJSON.number(concentrationPercent) }
        if let method { o["method"] = .string(method) }
        if let limitOfDetectionPercent { o["limitOfDetectionPercent"] = MaterialJSON.number(limitOfDetectionPercent) }
        return .object(o)
    }

    static func decodeList(_ o: JSONObject) throws(MaterialError) -> [Substance]? {
        guard let items = try MaterialJSON.array(o, "substancesOfConcern") else { return nil }
        var list: [Substance] = []
        for (i, item) in items.enumerated() {
            do { list.append(try decode(item)) } catch { throw error.under("/substancesOfConcern/\(i)") }
        }
        return list
    }
}

/// A grade on a producer's data sheet: what every lot of it is unless the lot measures otherwise.
public struct Grade: Sendable, Equatable {
    public var id: String
    public var producer: String
    public var name: String
    public var polymer: PolymerCode
    public var kind: MaterialKind
    public var properties: [PropertyValue]
    /// Declared cradle-to-gate emission factor, kg CO2e per kg (used where a lot is not traced).
    public var emissionFactor: Double?
    public var substancesOfConcern: [Substance]
    /// Where the values come from (a data sheet's URL or title).
    public var source: String?

    public init(
        id: String, producer: String, name: String, polymer: PolymerCode, kind: MaterialKind, properties: [PropertyValue] = [],
        emissionFactor: Double? = nil, substancesOfConcern: [Substance] = [], source: String? = nil
    ) {
        self.id = id; self.producer = producer; self.name = name; self.polymer = polymer; self.kind = kind; self.properties = properties
        self.emissionFactor = emissionFactor; self.substancesOfConcern = substancesOfConcern; self.source = source
    }

    public static let keys: Set<String> = ["id", "producer", "name", "polymer", "kind", "properties", "emissionFactor", "substancesOfConcern", "source"]

    /// `id` is taken from the document, or `defaultID` when it has none (the server names new grades).
    public static func decode(_ json: JSONValue, defaultID: String? = nil) throws(MaterialError) -> Grade {
        guard let o = json.objectValue else { throw MaterialError("", "a grade is a JSON object, found \(json.typeName)") }
        try MaterialJSON.allowOnly(keys, in: o)
        let id = try MaterialJSON.optionalString(o, "id", maxLength: 200) ?? defaultID
        guard let id else { throw MaterialError("/id", "id is required") }
        let polymerText = try MaterialJSON.string(o, "polymer")
        let polymer: PolymerCode
        do { polymer = try PolymerCode.parse(polymerText) } catch { throw error.under("/polymer") }
        let kindText = try MaterialJSON.string(o, "kind")
        guard let kind = MaterialKind(rawValue: kindText) else {
            throw MaterialError("/kind", "kind is one of " + MaterialKind.allCases.map(\.rawValue).joined(separator: ", ") + ", not \"\(kindText)\"")
        }
        return Grade(
            id: id, producer: try MaterialJSON.string(o, "producer"), name: try MaterialJSON.string(o, "name"), polymer: polymer, kind: kind,
            properties: try MaterialJSON.properties(o),
            emissionFactor: try MaterialJSON.optionalNumber(o, "emissionFactor", in: 0...1000),
            substancesOfConcern: try Substance.decodeList(o) ?? [], source: try MaterialJSON.optionalString(o, "source", maxLength: 2000))
    }

    public var json: JSONValue {
        var o = JSONObject([
            ("id", .string(id)), ("producer", .string(producer)), ("name", .string(name)), ("polymer", .string(polymer.description)),
            ("kind", .string(kind.rawValue)), ("properties", .array(properties.map(\.json)))
        ])
        if let emissionFactor { o["emissionFactor"] = MaterialJSON.number(emissionFactor) }
        o["substancesOfConcern"] = .array(substancesOfConcern.map(\.json))
        if let source { o["source"] = .string(source) }
        return .object(o)
    }
}
