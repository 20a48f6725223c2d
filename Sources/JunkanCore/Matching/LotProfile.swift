/// A lot as matching and blending see it: its grade's properties with the lot's own measurements laid over them, all
/// in canonical units and keyed by small integers (`PropertyKeys`), its recycled share and footprint (from the trace
/// graph when the lot is traced, else as declared) and its data-quality level. Built once per lot and kept, so a
/// request runs over 100,000 lots without touching JSON or the database.
///
/// It keeps only what search, matching and blending read (`Summary`, the entries, a few numbers and the facts the
/// data-quality level depends on), not the lot: a node holds a profile for every lot on offer, and the lot as stored
/// (certificates, recycled data, its property values with their conditions) is read from the store when it is shown
/// (issue 25, item 4: a 64 MiB import of valid lots must raise the server's memory by less than 256 MB).
public struct LotProfile: Sendable {
    public struct Entry: Sendable, Equatable {
        public var key: Int32
        public var value: Double
        /// UL 94: the specimen thickness in mm the class holds for (0 for other properties).
        public var thickness: Double
        /// Measured on the lot rather than taken from the grade's data sheet.
        public var measured: Bool
    }
    public enum Source: String, Sendable { case trace, declared, grade, kind }

    /// What the profile keeps of the lot itself.
    public struct Summary: Sendable {
        public var id: String
        public var grade: String
        public var massKg: Double
        public var location: GeoPoint
        public var price: MaterialPrice?
        /// The recycled share the lot declares (NaN: none; a Double? would take 16 bytes of every profile, not 8).
        private var declaredShare: Double
        /// The recycled share the lot declares, if it does.
        public var recycledShare: Double? { declaredShare.isNaN ? nil : declaredShare }
        init(_ lot: MaterialLot) {
            id = lot.id; grade = lot.grade; massKg = lot.massKg; location = lot.location; price = lot.price
            declaredShare = lot.recycledShare ?? .nan
        }
    }

    /// What a profile shows of its grade: one instance per grade, shared by its lots (`PropertyKeys.shared(_:)`).
    public final class GradeNames: Sendable {
        let id: String, name: String, producer: String, polymer: PolymerCode
        init(_ g: Grade) { id = g.id; name = g.name; producer = g.producer; polymer = g.polymer }
        func describes(_ g: Grade) -> Bool { id == g.id && name == g.name && producer == g.producer && polymer == g.polymer }
    }

    // Stored wide fields first and the one-byte ones together at the end: a node keeps a profile per lot on offer, and
    // the layout is 160 bytes where optionals and declaration order made it 192.
    public var lot: Summary
    private var gradeNames: GradeNames
    public var entries: [Entry]
    public var recycledShare: Double
    private var footprintValue: Double
    /// The polymer's number in `PropertyKeys` (a request admits or not by number, not by comparing codes).
    public var polymerID: Int32
    /// Its substances' concentrations, the lot's own (measured) over its grade's (declared), as their list's number in
    /// `PropertyKeys` (0: none): an array here would take 8 more bytes of every profile; a number fits beside
    /// `polymerID`, and lots of one grade without measurements share their grade's list.
    private var substanceList: Int32
    private var facts: DataQualityLevel.Facts
    public var kind: MaterialKind
    public var recycledShareSource: Source
    public private(set) var footprintSource: Source?
    private var level: Int8
    private var gradeDeclaresSubstances: Bool

    public var gradeName: String { gradeNames.name }
    public var producer: String { gradeNames.producer }
    public var polymer: PolymerCode { gradeNames.polymer }
    /// kg CO2e per kg; nil when neither the trace nor the grade gives one.
    public var footprint: Double? { footprintValue.isNaN ? nil : footprintValue }
    /// The DIN SPEC 91446 level, 0–4 (nil for virgin and bio-based lots): what search and matching compare. `quality`
    /// says what the lot lacks for the next level.
    public var qualityLevel: Int? { level < 0 ? nil : Int(level) }

    public var id: String { lot.id }

    /// The concentration `limit` constrains (a group's members summed), as a mass fraction; nil when the lot gives
    /// none of its substances: it cannot be shown to meet the limit.
    public func fraction(for limit: SubstanceLimit, keys: PropertyKeys) -> Double? {
        var total: Double?
        for s in keys.substances(substanceList) where s.cas.map(limit.cas.contains) ?? (s.name.lowercased() == limit.name.lowercased()) {
            total = (total ?? 0) + s.fraction
        }
        return total
    }

    /// The level with what the lot lacks for the next, worked out when asked (for a page or a lot's JSON).
    public var quality: DataQualityLevel? {
        DataQualityLevel.of(facts, kind: kind, gradeDeclaresSubstances: gradeDeclaresSubstances, traced: footprintSource == .trace)
    }

    /// `traced`: the lot's footprint and recycled content computed over the trace graph, when it is in it.
    public init(lot: MaterialLot, grade: Grade, keys: inout PropertyKeys, traced: Footprint? = nil) {
        let own = lot.properties.map { Self.entry($0, measured: true, keys: &keys) }
        let measured = (lot.substancesOfConcern ?? []).compactMap { SubstanceLevel($0, measured: true) }
        self.init(
            summary: Summary(lot), facts: DataQualityLevel.Facts(lot), own: own, measured: measured, grade: grade, keys: &keys, traced: traced)
    }

    /// The same lot over `grade` (its grade changed) or with the trace's results `traced` (the trace took it in).
    public init(rebuilding p: LotProfile, grade: Grade, keys: inout PropertyKeys, traced: Footprint? = nil) {
        self.init(
            summary: p.lot, facts: p.facts, own: p.entries.filter(\.measured), measured: keys.substances(p.substanceList).filter(\.measured), grade: grade,
            keys: &keys, traced: traced)
    }

    private init(
        summary: Summary, facts: DataQualityLevel.Facts, own: [Entry], measured: [SubstanceLevel], grade: Grade, keys: inout PropertyKeys,
        traced: Footprint?
    ) {
        lot = summary
        substanceList = keys.intern(
            substances: measured
                + grade.substancesOfConcern.compactMap { SubstanceLevel($0, measured: false) }.filter { g in !measured.contains { $0.names(g) } })
        self.facts = facts
        gradeDeclaresSubstances = !grade.substancesOfConcern.isEmpty
        gradeNames = keys.shared(grade)
        polymerID = keys.intern(polymer: grade.polymer)
        kind = grade.kind
        // The lot's own value under the same conditions (and, for UL 94, thickness) replaces the data sheet's.
        var merged = own
        for v in grade.properties {
            let e = Self.entry(v, measured: false, keys: &keys)
            if !own.contains(where: { $0.key == e.key && $0.thickness == e.thickness }) { merged.append(e) }
        }
        entries = merged.sorted { $0.key < $1.key }
        if let traced {
            recycledShare = min(1, traced.recycledContent.preConsumer + traced.recycledContent.postConsumer)
            recycledShareSource = .trace
            footprintValue = traced.kgCO2ePerKg
            footprintSource = .trace
        } else {
            if let declared = summary.recycledShare {
                recycledShare = declared
                recycledShareSource = .declared
            } else {
                recycledShare = grade.kind.isRecycled ? 1 : 0
                recycledShareSource = .kind
            }
            footprintValue = grade.emissionFactor ?? .nan
            footprintSource = grade.emissionFactor == nil ? nil : .grade
        }
        level = DataQualityLevel.of(facts, grade: grade, traced: traced != nil).map { Int8($0.level) } ?? -1
    }

    static func entry(_ v: PropertyValue, measured: Bool, keys: inout PropertyKeys) -> Entry {
        let thickness: Double
        if case .number(let t)? = v.conditions[TestConditions.Key.thickness.rawValue] { thickness = t } else { thickness = 0 }
        return Entry(key: keys.intern(v.property, v.conditions), value: v.canonicalValue, thickness: thickness, measured: measured)
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
    private var gradeNames: [String: LotProfile.GradeNames] = [:]
    /// Lists of substance concentrations by number (0 is the empty list), each kept once.
    private var substanceLists: [[SubstanceLevel]] = [[]]
    private var substanceListNumbers: [[SubstanceLevel]: Int32] = [[]: 0]
    public init() {}

    mutating func intern(substances: [SubstanceLevel]) -> Int32 {
        if let n = substanceListNumbers[substances] { return n }
        let n = Int32(substanceLists.count)
        substanceLists.append(substances)
        substanceListNumbers[substances] = n
        return n
    }

    /// The list numbered `n` by `intern(substances:)`.
    public func substances(_ n: Int32) -> [SubstanceLevel] { substanceLists[Int(n)] }

    /// The names of `grade` as its lots' profiles share them: the same instance while the grade stays the same.
    mutating func shared(_ grade: Grade) -> LotProfile.GradeNames {
        if let n = gradeNames[grade.id], n.describes(grade) { return n }
        let n = LotProfile.GradeNames(grade)
        gradeNames[grade.id] = n
        return n
    }

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

/// A substance's concentration in a lot, as matching reads it: the upper bound of its record (the concentration, or
/// the limit of detection when higher).
public struct SubstanceLevel: Sendable, Hashable {
    public var name: String
    public var cas: String?
    public var fraction: Double
    /// Measured on the lot rather than declared for its grade.
    public var measured: Bool

    init?(_ s: Substance, measured: Bool) {
        guard let f = s.upperBoundFraction else { return nil }
        name = s.name
        cas = s.cas
        fraction = f
        self.measured = measured
    }

    /// The same substance (by CAS number, else by name).
    func names(_ other: SubstanceLevel) -> Bool { Self.same(name, cas, other.name, other.cas) }

    /// Whether two records name the same substance: by CAS number when both have one, else by name.
    static func same(_ a: Substance, _ b: Substance) -> Bool { same(a.name, a.cas, b.name, b.cas) }

    private static func same(_ name: String, _ cas: String?, _ otherName: String, _ otherCAS: String?) -> Bool {
        if let cas, let otherCAS { return cas == otherCAS }
        return name.lowercased() == otherName.lowercased()
    }
}
