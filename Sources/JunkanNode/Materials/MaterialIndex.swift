public import JunkanCore
public import JunkanStore

/// The grades and lots on offer in memory, as `LotProfile`s ready for matching and blending (a request over 100,000
/// lots must not parse 100,000 JSON documents). Loaded from the store on first use; the node's own writes are
/// applied in place; any other write (a `junkan import materials` on the same database) shows as a revision the index
/// has not seen and triggers a reload. Traced lots take their footprint and recycled content from the trace graph,
/// recomputed when the graph changes.
public actor MaterialIndex {
    package let store: any MaterialStore
    package let trace: TraceIndex
    private var revision: Int64 = -1
    private var grades: [String: Grade] = [:]
    /// Grades their owners withdrew: kept for the lots that name them, not offered.
    private var withdrawn: Set<String> = []
    private var profiles: [LotProfile] = []
    private var position: [String: Int] = [:]
    private var keys = PropertyKeys()
    private var traceVersion = -1
    /// Lots whose profile carries trace results (to restore when they leave the graph, which does not happen today).
    private var traced: Set<String> = []

    public init(store: any MaterialStore, trace: TraceIndex) { self.store = store; self.trace = trace }

    public struct Snapshot: Sendable {
        public var grades: [String: Grade]
        public var profiles: [LotProfile]
        public var keys: PropertyKeys
        /// Grades their owners withdrew (in `grades` for the lots that name them; not to be listed).
        public var withdrawn: Set<String>
        package var position: [String: Int]
        public func profile(_ id: String) -> LotProfile? { position[id].map { profiles[$0] } }
    }

    public func snapshot() async throws -> Snapshot {
        let current = try await store.materialsRevision()
        if current != revision { try await reload() }
        let graph = try await trace.snapshot()
        if graph.version != traceVersion { overlay(graph) }
        return Snapshot(grades: grades, profiles: profiles, keys: keys, withdrawn: withdrawn, position: position)
    }

    /// What a reload builds, lot by lot as the store reads them (no lot's JSON outlives its profile's making).
    private struct Loading: Sendable {
        var grades: [String: Grade] = [:]
        var withdrawn: Set<String> = []
        var keys = PropertyKeys()
        var profiles: [LotProfile] = []
        var position: [String: Int] = [:]

        init(_ gradeRecords: [MaterialRecord], lotCount: Int) {
            profiles.reserveCapacity(lotCount)
            position.reserveCapacity(lotCount)
            for r in gradeRecords {
                guard let json = try? JSONParser.parse(r.json), let grade = try? Grade.decode(json) else { continue }
                grades[grade.id] = grade
                if r.withdrawn { withdrawn.insert(grade.id) }
            }
        }

        mutating func add(_ r: MaterialRecord) {
            guard let gradeID = r.grade, let grade = grades[gradeID], let json = try? JSONParser.parse(r.json),
                let lot = try? MaterialLot.decode(json, kind: grade.kind)
            else { return }
            position[lot.id] = profiles.count
            profiles.append(LotProfile(lot: lot, grade: grade, keys: &keys))
        }
    }

    private func reload() async throws {
        let (rev, l) = try await store.materialSnapshot(start: { Loading($0, lotCount: $1) }, add: { $0.add($1) })
        grades = l.grades; withdrawn = l.withdrawn; profiles = l.profiles; position = l.position; keys = l.keys; revision = rev
        traceVersion = -1
        traced = []
    }

    private func overlay(_ graph: TraceGraph) {
        let calculator = FootprintCalculator(graph: graph)
        for (i, p) in profiles.enumerated() where graph.contains(p.id) || traced.contains(p.id) {
            guard let grade = grades[p.lot.grade] else { continue }
            let f = calculator.footprint(of: p.id)
            profiles[i] = LotProfile(rebuilding: p, grade: grade, keys: &keys, traced: f)
            if f != nil { traced.insert(p.id) } else { traced.remove(p.id) }
        }
        traceVersion = graph.version
    }

    /// The node's own withdrawal of a grade at `newRevision` (kept for its lots, no longer offered).
    public func applied(withdrawnGrade id: String, revision newRevision: Int64) {
        guard newRevision == revision + 1 else { revision = -1; return }
        withdrawn.insert(id)
        revision = newRevision
    }

    /// The node's own write at `newRevision`: applied in place when it is the next revision, else left to a reload.
    public func applied(
        grades changed: [Grade] = [], lots: [MaterialLot] = [], removedGrade: String? = nil, removedLot: String? = nil,
        revision newRevision: Int64
    ) {
        guard newRevision == revision + 1 else { revision = -1; return }
        for g in changed {
            grades[g.id] = g
            withdrawn.remove(g.id)
            for i in profiles.indices where profiles[i].lot.grade == g.id { profiles[i] = LotProfile(rebuilding: profiles[i], grade: g, keys: &keys) }
        }
        if let removedGrade { grades[removedGrade] = nil }
        // Grown by a quarter, not doubled: the profiles of a large import would otherwise leave up to half the array's
        // memory unused for as long as the node runs (issue 25, item 4).
        if profiles.capacity < profiles.count + lots.count {
            profiles.reserveCapacity(max(profiles.count + lots.count, profiles.capacity + profiles.capacity / 4))
        }
        for lot in lots {
            guard let grade = grades[lot.grade] else { revision = -1; return }
            let p = LotProfile(lot: lot, grade: grade, keys: &keys)
            if let i = position[lot.id] { profiles[i] = p } else { position[lot.id] = profiles.count; profiles.append(p) }
        }
        if let removedLot, let i = position[removedLot] {
            profiles.remove(at: i)
            position = Dictionary(uniqueKeysWithValues: profiles.enumerated().map { ($1.id, $0) })
        }
        revision = newRevision
        // Changed profiles lost their trace results: recompute them on the next snapshot.
        traceVersion = -1
    }
}
