/// A lot as matching and blending see it: its grade's properties with the lot's own measurements laid over them, all
/// in canonical units and keyed by small integers (`PropertyKeys`), its recycled share and footprint (from the trace
/// graph when the lot is traced, else as declared) and its data-quality level. Built once per lot and kept, so a
/// request runs over 100,000 lots without touching JSON or the database.
public struct LotProfile: Sendable {
    public struct Entry: Sendable {
        public var key: Int32
        public var value: Double
        /// UL 94: the specimen thickness in mm the class holds for (0 for other properties).
        public var thickness: Double
        /// Measured on the lot rather than taken from the grade's data sheet.
        public var measured: Bool
    }
    public enum Source: String, Sendable { case trace, declared, grade, kind }

    public var lot: MaterialLot
    public var gradeName: String
    public var producer: String
    public var polymer: PolymerCode
    /// The polymer's number in `PropertyKeys` (a request admits or not by number, not by comparing codes).
    public var polymerID: Int32
    public var kind: MaterialKind
    public var entries: [Entry]
    public var recycledShare: Double
    public var recycledShareSource: Source
    /// kg CO2e per kg; nil when neither the trace nor the grade gives one.
    public var footprint: Double?
    public var footprintSource: Source?
    public var quality: DataQualityLevel?

    public var id: String { lot.id }

    /// `traced`: the lot's footprint and recycled content computed over the trace graph, when it is in it.
    public init(lot: MaterialLot, grade: Grade, keys: inout PropertyKeys, traced: Footprint? = nil) {
        self.lot = lot
        gradeName = grade.name
        producer = grade.producer
        polymer = grade.polymer
        polymerID = keys.intern(polymer: grade.polymer)
        kind = grade.kind
        var byKey: [String: (PropertyValue, Bool)] = [:]
        for v in grade.properties { byKey[v.property + "|" + v.conditions.canonical] = (v, false) }
        for v in lot.properties { byKey[v.property + "|" + v.conditions.canonical] = (v, true) }
        entries = byKey.values.map { v, measured in
            let thickness: Double
            if case .number(let t)? = v.conditions[TestConditions.Key.thickness.rawValue] { thickness = t } else { thickness = 0 }
            return Entry(key: keys.intern(v.property, v.conditions), value: v.canonicalValue, thickness: thickness, measured: measured)
        }.sorted { $0.key < $1.key }
        if let traced {
            recycledShare = min(1, traced.recycledContent.preConsumer + traced.recycledContent.postConsumer)
            recycledShareSource = .trace
            footprint = traced.kgCO2ePerKg
            footprintSource = .trace
        } else {
            if let declared = lot.recycledShare {
                recycledShare = declared
                recycledShareSource = .declared
            } else {
                recycledShare = grade.kind.isRecycled ? 1 : 0
                recycledShareSource = .kind
            }
            footprint = grade.emissionFactor
            footprintSource = grade.emissionFactor == nil ? nil : .grade
        }
        quality = DataQualityLevel.of(lot, grade: grade, traced: traced != nil)
    }

    /// The value for `key`; for UL 94 the best class rated at a thickness no greater than `thickness` (a class that
    /// holds for a thin wall holds for a thicker one, UL 94 §1.1 ratings are per minimum thickness).
    public func value(_ key: Int32, thickness: Double? = nil) -> Entry? {
        var best: Entry?
        for e in entries where e.key == key {
            guard let thickness else { return e }
            if e.thickness <= thickness + 1e-9, best.map({ e.value > $0.value }) ?? true { best = e }
        }
        return best
    }
}

/// Property-and-conditions pairs, and polymer codes, as small integers, so profiles compare integers rather than
/// strings. UL 94 keys leave thickness out (it is compared by order, see `LotProfile.value`).
public struct PropertyKeys: Sendable {
    private var numbers: [String: Int32] = [:]
    private var polymers: [PolymerCode] = []
    private var polymerNumbers: [PolymerCode: Int32] = [:]
    public init() {}

    public mutating func intern(polymer: PolymerCode) -> Int32 {
        if let n = polymerNumbers[polymer] { return n }
        let n = Int32(polymers.count)
        polymers.append(polymer)
        polymerNumbers[polymer] = n
        return n
    }

    /// For each polymer number, whether a request for `polymer` takes it.
    public func admitted(by polymer: PolymerCode) -> [Bool] { polymers.map { polymer.admits($0) } }

    static func name(_ property: String, _ conditions: TestConditions) -> String {
        property + "|" + (property == "UL94" ? conditions.removing(.thickness) : conditions).canonical
    }

    public mutating func intern(_ property: String, _ conditions: TestConditions) -> Int32 {
        let name = Self.name(property, conditions)
        if let n = numbers[name] { return n }
        let n = Int32(numbers.count)
        numbers[name] = n
        return n
    }

    /// The key of a constraint; nil when no lot has that property under those conditions.
    public func lookup(_ property: String, _ conditions: TestConditions) -> Int32? { numbers[Self.name(property, conditions)] }
}
