/// Mass through the loop by stage (`GET /flows`, docs/vocabulary.md, "Material flows"), summed per UTC day so that any
/// time window is a sum over days, not a walk over the events.
///
/// Each process step moves the mass of each input with a known mass from the stage where that lot was made to the
/// step's own stage (`TraceStep.processKind`); a transformation whose inputs and outputs all have masses loses the
/// difference to `losses`; an assembly sends what it makes into `use`, unless a further step (not end-of-life) builds
/// it into something else. ObjectEvents move mass too (`MaterialMovement`): a collecting `ADD` takes it from use into
/// collection, a treatment sends it on (reuse back into use, energy recovery, disposal). Where a lot was made:
/// - by a traced step: that step's stage (an assembled product that reaches an end-of-life stage comes from `use`);
/// - else by an ObjectEvent that created it at a stage (`MaterialMovement.Role.creates`);
/// - else, going into collection, from `use`; otherwise `sourced` (it entered the record from outside it).
/// The recycled mass of a band is the mass re-entering the loop as recycled material: everything out of recycling (unless
/// the recycling event declares otherwise), and the declared `recycledContent` of a lot not made by a traced step.
///
/// The ledger follows the graph as it grows: `update` reads only what was added since it last read. Where something
/// added later changes a band already counted (a lot's maker captured after its user, a late declaration, a product
/// built into a further assembly after it was counted into use), it counts everything again.
public struct MaterialFlowLedger: Sendable {
    public struct Link: Sendable, Hashable, Comparable {
        public var from: ProcessKind
        public var to: ProcessKind
        public init(from: ProcessKind, to: ProcessKind) { self.from = from; self.to = to }
        public static func < (a: Link, b: Link) -> Bool { (a.from, a.to) < (b.from, b.to) }
    }

    /// One band of the diagram: mass over a window, and the part of it that is recycled material.
    public struct Flow: Sendable, Equatable {
        public var link: Link
        public var massKg: Double
        public var recycledKg: Double
    }

    /// The bands per day: `amounts` holds, for each day's slot, the mass and recycled mass of every possible link.
    private var daySlots: [Int32: Int] = [:]
    private var amounts: [Double] = []
    private var lastDay: Int32 = .min, lastSlot = -1
    private static let kinds = ProcessKind.allCases.count
    private static let slotSize = kinds * kinds * 2
    private var stepsRead = 0, movementsRead = 0, declarationsRead = 0
    private var version = -1
    /// By node number: `readWithoutProducer` (its bands were counted without a producing step: a producer, a creating
    /// movement or a declaration that comes later changes them) and `sentToUse` (an assembly output counted into use: a
    /// later step that is not end-of-life and uses it changes that).
    private var marks: [UInt8] = []
    private static let readWithoutProducer: UInt8 = 1, sentToUse: UInt8 = 2
    /// By node number: the stage an ObjectEvent created it at (the first one read), as `ProcessKind.ordinal`, or -1.
    private var createdAt: [Int8] = []
    /// Which steps and movements count (all, or those of one product's loop).
    private let includesStep: (@Sendable (Int) -> Bool)?
    private let includesMovement: (@Sendable (Int) -> Bool)?
    /// How often everything was counted again (tests and the benchmark read it).
    public private(set) var recounts = 0

    public init() { includesStep = nil; includesMovement = nil }

    /// A ledger of some steps and movements only (indexes into `graph.steps` and `graph.movements`), counted at once.
    public init(graph: TraceGraph, steps: @escaping @Sendable (Int) -> Bool, movements: @escaping @Sendable (Int) -> Bool) {
        includesStep = steps
        includesMovement = movements
        update(with: graph)
    }

    /// Reads what the graph gained since the last call.
    public mutating func update(with graph: TraceGraph) {
        // An older snapshot than the one read (a concurrent reader's) has nothing new.
        guard graph.version > version else { return }
        if !read(graph) {
            daySlots = [:]; amounts = []; lastDay = .min; lastSlot = -1
            stepsRead = 0; movementsRead = 0; declarationsRead = 0
            marks = []; createdAt = []
            recounts += 1
            _ = read(graph)
        }
        version = graph.version
    }

    /// The bands over the UTC days `from...to` (days since 1970-01-01), in the loop's order of their stages.
    public func flows(fromDay: Int32, toDay: Int32) -> [Flow] {
        var sum = [Double](repeating: 0, count: Self.slotSize)
        for (day, slot) in daySlots where day >= fromDay && day <= toDay {
            let base = slot * Self.slotSize
            for k in 0..<Self.slotSize { sum[k] += amounts[base + k] }
        }
        var flows: [Flow] = []
        for from in ProcessKind.allCases {
            for to in ProcessKind.allCases {
                let k = Self.index(Link(from: from, to: to))
                if sum[k] > 0 { flows.append(Flow(link: Link(from: from, to: to), massKg: sum[k], recycledKg: sum[k + 1])) }
            }
        }
        return flows
    }

    /// The first and last day with a band, if any.
    public var dayRange: ClosedRange<Int32>? {
        guard let lo = daySlots.keys.min(), let hi = daySlots.keys.max() else { return nil }
        return lo...hi
    }

    public static func day(ofEpochMilliseconds ms: Int64) -> Int32 {
        Int32(clamping: ms >= 0 ? ms / 86_400_000 : (ms - 86_399_999) / 86_400_000)
    }

    /// Counts what is new; false when something new changes a band counted before (the caller counts all again).
    private mutating func read(_ graph: TraceGraph) -> Bool {
        if marks.count < graph.nodeCount {
            marks += repeatElement(0, count: graph.nodeCount - marks.count)
            createdAt += repeatElement(-1, count: graph.nodeCount - createdAt.count)
        }
        let newMovements = movementsRead..<graph.movements.count
        for i in newMovements where includesMovement?(i) ?? true {
            guard case .creates(let kind) = graph.movements[i].role else { continue }
            for n in graph.movementNodes[i] where createdAt[n] < 0 {
                if marks[n] & Self.readWithoutProducer != 0 { return false }
                createdAt[n] = Int8(kind.ordinal)
            }
        }
        for t in stepsRead..<graph.steps.count where includesStep?(t) ?? true {
            for o in graph.facts[t].outputs where marks[graph.outputNode[o]] & Self.readWithoutProducer != 0 { return false }
            if !graph.facts[t].processKind.isEndOfLife {
                for i in graph.facts[t].inputs where marks[graph.inputNode[i]] & Self.sentToUse != 0 { return false }
            }
        }
        for k in declarationsRead..<graph.declarationOrder.count where marks[graph.declarationOrder[k]] & Self.readWithoutProducer != 0 {
            return false
        }
        for i in newMovements where includesMovement?(i) ?? true { count(movement: i, graph) }
        for t in stepsRead..<graph.steps.count where includesStep?(t) ?? true { count(step: t, graph) }
        stepsRead = graph.steps.count
        movementsRead = graph.movements.count
        declarationsRead = graph.declarationOrder.count
        return true
    }

    private mutating func count(step t: Int, _ graph: TraceGraph) {
        let facts = graph.facts[t]
        let kind = facts.processKind
        let day = Self.day(ofEpochMilliseconds: facts.eventTime)
        var allInputs = true
        for i in facts.inputs {
            let kg = graph.inputKg[i]
            guard kg.isFinite else {
                allInputs = false
                continue
            }
            let (from, share) = source(of: graph.inputNode[i], into: kind, graph)
            add(day, Link(from: from, to: kind), kg, kg * share)
        }
        let outputs = facts.outputs
        let allOutputs = !outputs.isEmpty && outputs.allSatisfy { graph.outputKg[$0].isFinite }
        if kind == .assembly {
            // What an assembly makes goes into use, unless a further step that is not end-of-life builds it in.
            let made = allOutputs ? facts.outputMassKg : facts.inputMassKg
            var toUse = 0.0
            for o in outputs {
                let n = graph.outputNode[o]
                guard !graph.used[n].contains(where: { !graph.facts[$0].processKind.isEndOfLife }) else { continue }
                marks[n] |= Self.sentToUse
                toUse += allOutputs ? graph.outputKg[o] : made / Double(outputs.count)
            }
            add(day, Link(from: .assembly, to: .use), toUse, 0)
        } else if !kind.isExit, allInputs, allOutputs, facts.inputMassKg > facts.outputMassKg {
            add(day, Link(from: kind, to: .losses), facts.inputMassKg - facts.outputMassKg, 0)
        }
    }

    private mutating func count(movement i: Int, _ graph: TraceGraph) {
        let m = graph.movements[i]
        let day = Self.day(ofEpochMilliseconds: m.eventTime)
        for (f, n) in zip(m.flows, graph.movementNodes[i]) {
            guard let kg = f.massKg else { continue }
            switch m.role {
            case .creates(.collection): add(day, Link(from: .use, to: .collection), kg, 0)
            case .creates: break
            case .treats(let kind):
                let (from, share) = source(of: n, into: kind, graph)
                if from != kind { add(day, Link(from: from, to: kind), kg, kg * share) }
            }
        }
    }

    /// The stage a lot comes from when a step of `kind` uses it, and its recycled share.
    private mutating func source(of n: Int, into kind: ProcessKind, _ graph: TraceGraph) -> (ProcessKind, Double) {
        if let p = graph.made[n].first {
            let from = graph.facts[p].processKind
            if from == .assembly && kind.isEndOfLife { return (.use, 0) }
            // A recycling step's output is recycled unless its event declares otherwise (as the footprint reads it).
            guard from == .recycling else { return (from, 0) }
            return (from, graph.declared[n]?.recycledContent.map { $0.preConsumer + $0.postConsumer } ?? 1)
        }
        marks[n] |= Self.readWithoutProducer
        let declared = graph.declared[n]?.recycledContent.map { $0.preConsumer + $0.postConsumer }
        if createdAt[n] >= 0 {
            let from = ProcessKind.allCases[Int(createdAt[n])]
            return (from, declared ?? (from == .recycling ? 1 : 0))
        }
        return (kind == .collection ? .use : .sourced, declared ?? 0)
    }

    private mutating func add(_ day: Int32, _ link: Link, _ kg: Double, _ recycledKg: Double) {
        guard kg > 0 else { return }
        // Steps come mostly in time order: the last day's slot is the likely one.
        if day != lastDay {
            if let slot = daySlots[day] {
                lastSlot = slot
            } else {
                lastSlot = daySlots.count
                daySlots[day] = lastSlot
                amounts += repeatElement(0, count: Self.slotSize)
            }
            lastDay = day
        }
        let k = lastSlot * Self.slotSize + Self.index(link)
        amounts[k] += kg
        amounts[k + 1] += recycledKg
    }

    private static func index(_ link: Link) -> Int { (link.from.ordinal * kinds + link.to.ordinal) * 2 }
}

extension ProcessKind {
    /// The stages after a product's making: using one of its products there means the product left use.
    public var isEndOfLife: Bool {
        switch self {
        case .use, .collection, .dismantling, .recycling, .losses, .energyRecovery, .disposal: true
        default: false
        }
    }
}
