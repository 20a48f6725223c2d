/// The trace graph: lots and items (canonical IDs) joined by steps. Built incrementally, one captured event at a time,
/// and rebuilt from the store at start-up; events already added are ignored, so replays are harmless.
///
/// Nodes are numbered as they first appear and the edges are kept by number, so the computations walk arrays of
/// integers rather than hashing identifier strings at every step.
public struct TraceGraph: Sendable {
    public private(set) var steps: [TraceStep] = []
    /// Node number → canonical ID.
    public private(set) var ids: [String] = []
    private var numbers: [String: Int] = [:]
    /// By node number: the steps that output it, the steps that consume it, the first declaration made about it.
    private(set) var made: [[Int]] = []
    private(set) var used: [[Int]] = []
    private(set) var declared: [LotDeclaration?] = []
    /// By movement: the node numbers of its flows, in their order.
    private(set) var movementNodes: [[Int]] = []
    /// By node number: the movements that name it.
    private(set) var moved: [[Int]] = []
    private var seenEvents: Set<String> = []
    /// The numbers the footprint reads in its innermost loops, as plain values (no references), so reading them
    /// retains and releases nothing: per step, and per flow in flat arrays in the order of the step's flows (a step's
    /// input node numbers at `inputNode[facts[t].inputs]`, its outputs at `outputNode[facts[t].outputs]`). A missing
    /// mass is NaN.
    private(set) var facts: [StepFacts] = []
    private(set) var inputNode: [Int] = []
    private(set) var inputKg: [Double] = []
    private(set) var outputNode: [Int] = []
    private(set) var outputKg: [Double] = []
    /// The declared economic value per kg of each output flow (0 without one).
    private(set) var outputValue: [Double] = []

    /// What captured events say was collected, reused, recycled or disposed of (docs/circularity.md).
    public private(set) var collectionFacts: [CollectionFact] = []
    /// What ObjectEvents say about mass entering or leaving a stage of the loop (`MaterialFlowLedger`), in the order added.
    public private(set) var movements: [MaterialMovement] = []
    /// The nodes given a declaration, in the order declared (the flow ledger follows it: a late declaration of a lot
    /// already used changes what its flows carry).
    private(set) var declarationOrder: [Int] = []

    public init() {}

    public mutating func add(_ record: TraceRecord) {
        guard
            let id = record.step?.eventHash ?? record.declarations.values.first?.eventHash ?? record.collection?.eventHash
                ?? record.movement?.eventHash,
            seenEvents.insert(id).inserted
        else { return }
        if let c = record.collection { collectionFacts.append(c) }
        if let m = record.movement {
            let nodes = m.flows.map { number($0.id) }
            for n in nodes { moved[n].append(movements.count) }
            movements.append(m)
            movementNodes.append(nodes)
        }
        if let step = record.step {
            let t = steps.count
            steps.append(step)
            let ins = step.inputs.map { number($0.id) }, outs = step.outputs.map { number($0.id) }
            let inputStart = inputNode.count, outputStart = outputNode.count
            inputNode += ins
            inputKg += step.inputs.map { $0.massKg ?? .nan }
            outputNode += outs
            outputKg += step.outputs.map { $0.massKg ?? .nan }
            outputValue += step.outputs.map { step.economicValues[$0.id] ?? 0 }
            facts.append(
                StepFacts(
                    transformation: step.kind == .transformation, cutOff: step.cutOff, economic: step.allocation == .economic,
                    ghg: step.ghgEmissions, inputMassKg: step.inputMassKg, outputMassKg: step.outputMassKg,
                    outputValue: step.outputs.reduce(0.0) { $0 + ($1.massKg ?? 0) * (step.economicValues[$1.id] ?? 0) },
                    inputs: inputStart..<inputNode.count, outputs: outputStart..<outputNode.count, processKind: step.processKind,
                    eventTime: step.eventTime))
            for n in Set(outs) { made[n].append(t) }
            for n in Set(ins) { used[n].append(t) }
        }
        for (lot, d) in record.declarations {
            let n = number(lot)
            if let existing = declared[n], existing.eventTime <= d.eventTime { continue }
            declared[n] = d
            declarationOrder.append(n)
        }
    }

    private mutating func number(_ id: String) -> Int {
        if let n = numbers[id] { return n }
        let n = ids.count
        ids.append(id)
        numbers[id] = n
        made.append([])
        used.append([])
        declared.append(nil)
        moved.append([])
        return n
    }

    public var nodeCount: Int { ids.count }
    /// Grows with every event added: results computed on the graph stay valid while it is unchanged.
    public var version: Int { seenEvents.count }
    public func node(_ id: String) -> Int? { numbers[id] }
    public func contains(_ id: String) -> Bool { numbers[id] != nil }

    /// Steps (indexes into `steps`) that output / consume the node, and what its creating event declared.
    public func producers(of id: String) -> [Int] { numbers[id].map { made[$0] } ?? [] }
    public func consumers(of id: String) -> [Int] { numbers[id].map { used[$0] } ?? [] }
    public func declaration(of id: String) -> LotDeclaration? { numbers[id].flatMap { declared[$0] } }
}

/// What the footprint and the material-flow ledger need of a step (`TraceGraph.facts`).
struct StepFacts: Sendable {
    var transformation: Bool
    var cutOff: Bool
    var economic: Bool
    var ghg: Double
    /// Sums of the known masses of the inputs and outputs.
    var inputMassKg: Double
    var outputMassKg: Double
    /// Σ mass × economic value over the outputs.
    var outputValue: Double
    var inputs: Range<Int>
    var outputs: Range<Int>
    /// What the material-flow ledger reads of every step (`MaterialFlowLedger`).
    var processKind: ProcessKind
    var eventTime: Int64
}
