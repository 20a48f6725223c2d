/// Collection figures from captured events (docs/circularity.md, "Collection from the trace"): a `collecting` step
/// counts as collected, and each step that declares `junkan:endOfLifeTreatment` (or a cut-off recycling step) counts
/// toward its outcome. Summed per fiscal year and product type, they are the rows `collection.csv` would hold.
public struct CollectionFact: Sendable, Equatable {
    public enum Outcome: String, Sendable, CaseIterable {
        case collected
        case reuse
        case partsReuse = "parts_reuse"
        case materialRecycling = "material_recycling"
        case thermalRecycling = "thermal_recycling"
        case disposal
    }

    public var eventID: String
    public var eventHash: String
    public var outcome: Outcome
    /// nil when the event says none (reported, and counted as `unspecified`).
    public var productType: String?
    /// nil when no quantity of the event has a mass unit.
    public var massKg: Double?
    /// The local calendar date of the event (its `eventTime` at its `eventTimeZoneOffset`).
    public var localYear: Int
    public var localMonth: Int

    public init(eventID: String, eventHash: String, outcome: Outcome, productType: String?, massKg: Double?, localYear: Int, localMonth: Int) {
        self.eventID = eventID; self.eventHash = eventHash; self.outcome = outcome; self.productType = productType; self.massKg = massKg
        self.localYear = localYear; self.localMonth = localMonth
    }
}

extension CollectionFact.Outcome {
    /// The stage of the loop the treated mass goes to (`/flows`): reused products and parts go back into use.
    public var processKind: ProcessKind {
        switch self {
        case .collected: .collection
        case .reuse, .partsReuse: .use
        case .materialRecycling: .recycling
        case .thermalRecycling: .energyRecovery
        case .disposal: .disposal
        }
    }
}
