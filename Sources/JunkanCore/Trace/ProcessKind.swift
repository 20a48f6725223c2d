/// Where in the loop a step or a lot is: the stages of the material-flow diagram (`/flows`, docs/vocabulary.md, "Process
/// kinds"), and the exits where mass leaves the loop. An event names its kind with `junkan:processKind`; without one,
/// its CBV bizStep (or, for a recycling step, `junkan:cutOff`) decides where the standard's words are unambiguous.
public enum ProcessKind: String, Sendable, CaseIterable, Comparable {
    case extraction
    /// Material that enters the record from outside it: its making is not traced and no kind was declared.
    case sourced
    case compounding
    case moulding
    /// A transformation whose kind is neither declared nor read from its bizStep.
    case processing
    case assembly
    case use
    case collection
    case dismantling
    case recycling
    // Exits.
    case losses
    case energyRecovery = "energy_recovery"
    case disposal

    /// The kinds an event may declare: the stages and the disposal exit (losses are computed, not declared).
    public static let declarable: [ProcessKind] = [
        .extraction, .compounding, .moulding, .processing, .assembly, .use, .collection, .dismantling, .recycling, .energyRecovery,
        .disposal
    ]

    public var label: String {
        switch self {
        case .extraction: "Extraction and virgin production"
        case .sourced: "Supplied (making not traced)"
        case .compounding: "Compounding"
        case .moulding: "Moulding"
        case .processing: "Other processing"
        case .assembly: "Assembly"
        case .use: "Use"
        case .collection: "Collection"
        case .dismantling: "Dismantling and sorting"
        case .recycling: "Recycling"
        case .losses: "Process losses"
        case .energyRecovery: "Energy recovery"
        case .disposal: "Disposal"
        }
    }

    /// Mass that reaches an exit leaves the loop.
    public var isExit: Bool { self == .losses || self == .energyRecovery || self == .disposal }

    /// The column of the diagram, in the loop's order (recycling feeds compounding again, drawn as a return band).
    public var column: Int {
        switch self {
        case .extraction, .sourced: 0
        case .compounding: 1
        case .moulding, .processing: 2
        case .assembly: 3
        case .use: 4
        case .collection: 5
        case .dismantling: 6
        case .recycling: 7
        case .losses, .energyRecovery, .disposal: 8
        }
    }

    public static func < (a: ProcessKind, b: ProcessKind) -> Bool { a.ordinal < b.ordinal }

    /// Its position in `allCases` (the ledger's tables are indexed by it).
    public var ordinal: Int {
        switch self {
        case .extraction: 0
        case .sourced: 1
        case .compounding: 2
        case .moulding: 3
        case .processing: 4
        case .assembly: 5
        case .use: 6
        case .collection: 7
        case .dismantling: 8
        case .recycling: 9
        case .losses: 10
        case .energyRecovery: 11
        case .disposal: 12
        }
    }

    /// The kind a CBV bizStep names without doubt (canonical bizStep IRIs, `CBVCanonical.bizStep`). `commissioning`
    /// names a new lot, not what made it, and so decides only for an ObjectEvent that creates a lot from nothing traced:
    /// virgin production.
    public static func reading(bizStep: String?, createsFromNothing: Bool) -> ProcessKind? {
        guard let bizStep, let kind = byBizStep[bizStep] else { return nil }
        return kind == .extraction && !createsFromNothing ? nil : kind
    }

    private static let byBizStep: [String: ProcessKind] = Dictionary(
        uniqueKeysWithValues: ([
            ("assembling", .assembly), ("collecting", .collection), ("disassembling", .dismantling), ("destroying", .disposal),
            ("commissioning", .extraction)
        ] as [(String, ProcessKind)]).map { (CBVCanonical.bizStep($0.0), $0.1) })
}
