/// The cradle-to-gate result for one lot or item (the body of `GET /trace/footprint`).
public struct Footprint: Sendable, Equatable {
    public var id: String
    /// kg CO2e per kg of the lot.
    public var kgCO2ePerKg: Double
    /// The lot's mass (what its producing steps output, or what its creating event declared); nil when unknown.
    public var massKg: Double?
    public var totalKgCO2e: Double? { massKg.map { $0 * kgCO2ePerKg } }
    /// The lot itself was made with a mass: its per-kg figures mean something (without one they are 0, not known).
    public var isOfKnownMass: Bool { !issues.contains { $0.kind == .missingMass && $0.id == id } }
    public var recycledContent: LotDeclaration.RecycledContent
    /// The share of the footprint that comes from traced steps' own emissions rather than declared emission factors.
    public var primaryDataShare: Double
    public var issues: [DataQualityIssue]

    public init(
        id: String, kgCO2ePerKg: Double, massKg: Double?, recycledContent: LotDeclaration.RecycledContent, primaryDataShare: Double,
        issues: [DataQualityIssue]
    ) {
        self.id = id; self.kgCO2ePerKg = kgCO2ePerKg; self.massKg = massKg; self.recycledContent = recycledContent
        self.primaryDataShare = primaryDataShare; self.issues = issues
    }
}

/// Something in the upstream data that makes a result less certain; reported with the result, never hidden.
public struct DataQualityIssue: Sendable, Equatable, Hashable {
    public enum Kind: String, Sendable {
        /// A transformation outputs more than 0.5% more mass than it takes in.
        case massGain
        /// A flow without a mass in kilograms (no quantity, or a unit that is not KGM/TNE/GRM).
        case missingMass
        /// A lot whose upstream is not traced and that declares no emission factor: counted as 0.
        case missingEmissionFactor
        /// A loop that returns all of its material, so no unique answer exists.
        case singularLoop
    }

    public var kind: Kind
    public var id: String?
    public var eventID: String?
    public var inputKg: Double?
    public var outputKg: Double?
    public var detail: String

    public init(kind: Kind, id: String? = nil, eventID: String? = nil, inputKg: Double? = nil, outputKg: Double? = nil, detail: String) {
        self.kind = kind; self.id = id; self.eventID = eventID; self.inputKg = inputKg; self.outputKg = outputKg; self.detail = detail
    }

    /// Input − output mass of the step (negative: more out than in).
    public var lossKg: Double? {
        guard let i = inputKg, let o = outputKg else { return nil }
        return i - o
    }
}
