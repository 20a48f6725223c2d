/// One edge-bearing event of the trace graph: a process step (TransformationEvent) turning inputs into outputs, or an
/// assembly (AggregationEvent / AssociationEvent, children → parent).
public struct TraceStep: Sendable, Equatable {
    public enum Kind: String, Sendable { case transformation, aggregation, association }
    public enum Allocation: String, Sendable { case mass, economic }

    /// A lot or item going in or out, with its mass in kilograms where the event gives one.
    public struct Flow: Sendable, Equatable {
        public var id: String
        public var massKg: Double?
        public init(id: String, massKg: Double?) { self.id = id; self.massKg = massKg }
    }

    public var kind: Kind
    public var eventID: String
    public var eventHash: String
    public var eventTime: Int64
    public var bizStep: String?
    /// bizLocation, else readPoint (canonical Digital Link where it is a GLN).
    public var site: String?
    public var inputs: [Flow]
    public var outputs: [Flow]
    /// `junkan:ghgEmissions`: kg CO2e emitted by the step.
    public var ghgEmissions: Double
    public var allocation: Allocation
    /// `junkan:economicValue`: value per kg of each output class (economic allocation).
    public var economicValues: [String: Double]
    /// `junkan:cutOff`: the inputs are end-of-life waste; their burdens stay behind.
    public var cutOff: Bool
    /// Where in the loop the step is (`junkan:processKind`, else read from the event: `ProcessKind`).
    public var processKind: ProcessKind

    public init(
        kind: Kind, eventID: String, eventHash: String, eventTime: Int64, bizStep: String? = nil, site: String? = nil,
        inputs: [Flow], outputs: [Flow], ghgEmissions: Double = 0, allocation: Allocation = .mass,
        economicValues: [String: Double] = [:], cutOff: Bool = false, processKind: ProcessKind? = nil
    ) {
        self.kind = kind; self.eventID = eventID; self.eventHash = eventHash; self.eventTime = eventTime; self.bizStep = bizStep
        self.site = site; self.inputs = inputs; self.outputs = outputs; self.ghgEmissions = ghgEmissions
        self.allocation = allocation; self.economicValues = economicValues; self.cutOff = cutOff
        self.processKind = processKind ?? (kind == .transformation ? (cutOff ? .recycling : .processing) : .assembly)
    }

    public var inputMassKg: Double { inputs.reduce(0) { $0 + ($1.massKg ?? 0) } }
    public var outputMassKg: Double { outputs.reduce(0) { $0 + ($1.massKg ?? 0) } }
}

/// What the event that creates a lot declares about it in its ILMD.
public struct LotDeclaration: Sendable, Equatable {
    public struct RecycledContent: Sendable, Equatable {
        public var preConsumer: Double
        public var postConsumer: Double
        public init(preConsumer: Double, postConsumer: Double) { self.preConsumer = preConsumer; self.postConsumer = postConsumer }
    }

    public var eventID: String
    public var eventHash: String
    public var eventTime: Int64
    public var site: String?
    /// The mass created, where the creating ObjectEvent gives it (a lot whose upstream is not traced).
    public var massKg: Double?
    public var materialGrade: String?
    public var emissionFactor: Double?
    public var recycledContent: RecycledContent?
    public var durability: JSONValue?
    public var countryOfOrigin: String?
    /// The emission factor is the supplier's own PACT footprint of the lot (issue 27, item 4): primary data, not a
    /// declared secondary factor. The ID of that ProductFootprint.
    public var pactFootprintID: String?

    public init(
        eventID: String, eventHash: String, eventTime: Int64, site: String? = nil, massKg: Double? = nil,
        materialGrade: String? = nil, emissionFactor: Double? = nil, recycledContent: RecycledContent? = nil,
        durability: JSONValue? = nil, countryOfOrigin: String? = nil, pactFootprintID: String? = nil
    ) {
        self.pactFootprintID = pactFootprintID
        self.eventID = eventID; self.eventHash = eventHash; self.eventTime = eventTime; self.site = site; self.massKg = massKg
        self.materialGrade = materialGrade; self.emissionFactor = emissionFactor; self.recycledContent = recycledContent
        self.durability = durability; self.countryOfOrigin = countryOfOrigin
    }
}
