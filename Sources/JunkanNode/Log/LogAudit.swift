import Foundation
import JunkanCore
public import JunkanLedger
public import JunkanStore

/// `junkan verify`: recomputes everything the log claims from what is stored — each event's hash from its JSON, its
/// eventID and recordTime against its leaf, every index column and identifier row from its JSON, each leaf against its
/// event and its organisation's key, the tree from the leaves, every stored tile and entry bundle (none wider than the
/// latest checkpoint), every checkpoint's root and signature, the chain of checkpoint rows, the consistency of each
/// checkpoint with the next, and the log's size against what witnesses cosigned or a saved checkpoint says (rollback)
/// — and names every event, leaf, tile or checkpoint that does not match.
public struct LogAudit: Sendable {
    public struct Finding: Sendable, CustomStringConvertible {
        public var subject: String
        public var problem: String
        public var description: String { "\(subject): \(problem)" }
    }

    public struct Report: Sendable {
        public var events = 0
        public var leaves = 0
        /// Leaves that are release records (issue 27, item 6), among `leaves`.
        public var releases = 0
        public var checkpoints = 0
        public var tiles = 0
        public var findings: [Finding] = []
    }

    /// A size (and, from a saved checkpoint, a root) the log is known to have reached: the store must hold at least
    /// that much, and the same tree.
    public struct Floor: Sendable {
        public var source: String
        public var size: UInt64
        public var root: TreeHash?
        public init(source: String, size: UInt64, root: TreeHash?) { self.source = source; self.size = size; self.root = root }
    }

    package let store: any EventStore & LedgerStore & AuditStore & ReleaseRecordStore
    package let logKey: NoteVerifierKey?
    package let floors: [Floor]

    public init(store: any EventStore & LedgerStore & AuditStore & ReleaseRecordStore, logKey: NoteVerifierKey?, floors: [Floor] = []) {
        self.store = store
        self.logKey = logKey
        self.floors = floors
    }

    /// What the audit has read and found so far, handed from one step to the next.
    struct Progress {
        var report = Report()
        var eventsByHash: [String: AuditedEvent] = [:]
        /// The eventID and recordTime each event's stored JSON says (what the leaf must sign), by event hash.
        var jsonClaims: [String: (eventID: String?, recordTime: Int64?)] = [:]
        /// The leaves in sequence order, and by index (a missing row leaves a gap in the second).
        var entries: [[UInt8]] = []
        var leafAt: [UInt64: [UInt8]] = [:]
        var withLeaf = Set<String>()
        /// The stored release records, by leaf index.
        var releases: [UInt64: ReleaseRecord] = [:]

        mutating func flag(_ subject: String, _ problem: String) { report.findings.append(Finding(subject: subject, problem: problem)) }
    }

    public func run() async throws -> Report {
        var audit = Progress()
        try await auditEvents(&audit)
        try await auditOrphanIdentifiers(&audit)
        try await loadReleaseRecords(&audit)
        try await auditLeaves(&audit)
        let checkpoints = try await store.checkpoints()
        try await auditPublishedEntries(&audit, latestSize: checkpoints.last?.size ?? 0)
        let tree = LeafHashes(audit.entries.map { TreeHash.leaf($0) })
        try auditCheckpoints(&audit, checkpoints, tree: tree)
        try await auditCheckpointChain(&audit)
        try await auditTiles(&audit, latest: checkpoints.last, tree: tree)
        try await auditStoredTileWidths(&audit, latest: checkpoints.last)
        try auditFloors(&audit, latest: checkpoints.last, tree: tree)
        return audit.report
    }

    /// 2. Leaves: contiguous, each naming a stored event, its organisation and record time, with a valid signature; and
    /// every event has one.
    func auditLeaves(_ audit: inout Progress) async throws {
        // Public keys only: an audit needs no signing key, so it runs on a copy of the database alone.
        let keys = try await store.auditPublicKeys()
        var seq: Int64 = 0
        while true {
            let batch = try await store.auditLeaves(afterSeq: seq, limit: 5000)
            guard !batch.isEmpty else { break }
            for l in batch {
                if l.seq != seq + 1 {
                    audit.flag("leaf \(seq)", l.seq == seq + 2 ? "is missing (a deleted row)" : "leaves \(seq)…\(l.seq - 2) are missing (deleted rows)")
                }
                seq = l.seq
                audit.report.leaves += 1
                audit.entries.append(l.leaf)
                audit.leafAt[UInt64(l.seq - 1)] = l.leaf
                if ReleaseLeaf.isRelease(l.leaf) {
                    Self.checkRelease(l, index: UInt64(l.seq - 1), &audit)
                    continue
                }
                audit.withLeaf.insert(l.eventHash)
                Self.check(l, index: l.seq - 1, keys: keys, &audit)
            }
        }
        for (index, r) in audit.releases where audit.leafAt[index].map(ReleaseLeaf.isRelease) != true {
            audit.flag("release record \(index)", "to \(r.requester) has no release leaf at its index")
        }
        for (hash, e) in audit.eventsByHash where !audit.withLeaf.contains(hash) { audit.flag("event \(e.eventID)", "has no log leaf") }
        // The leaf a proof is served from is found through events.leaf_seq: it must be this event's.
        for (hash, e) in audit.eventsByHash where audit.withLeaf.contains(hash) {
            let named = e.leafSeq.flatMap { audit.leafAt[UInt64($0 - 1)] }.flatMap { try? CaptureLeaf(parsing: $0) }?.eventHashURI
            if named != hash {
                audit.flag(
                    "event \(e.eventID)",
                    "points at leaf \(e.leafSeq.map { String($0 - 1) } ?? "none") (leaf_seq), which "
                        + (named.map { "names event \($0)" } ?? "is not stored") + ", not this event")
            }
        }
    }

    /// One leaf row against the event it names and its organisation's key.
    static func check(_ l: AuditedLeaf, index: Int64, keys: [String: [UInt8]], _ audit: inout Progress) {
        guard let leaf = try? CaptureLeaf(parsing: l.leaf) else { audit.flag("leaf \(index)", "not a well-formed capture leaf"); return }
        if leaf.eventHashURI != l.eventHash { audit.flag("leaf \(index)", "names event \(leaf.eventHashURI), indexed as \(l.eventHash)") }
        guard let event = audit.eventsByHash[leaf.eventHashURI] else {
            audit.flag("leaf \(index)", "event \(leaf.eventHashURI) is not stored")
            return
        }
        if event.organisationID != leaf.organisationID {
            audit.flag("leaf \(index)", "says \(leaf.organisationID) captured event \(event.eventID), the store says \(event.organisationID)")
        }
        if event.recordTime != leaf.recordTime {
            audit.flag("leaf \(index)", "record time \(leaf.recordTime) differs from event \(event.eventID)'s \(event.recordTime)")
        }
        if let claims = audit.jsonClaims[leaf.eventHashURI] {
            if let t = claims.recordTime, t != leaf.recordTime {
                audit.flag(
                    "event \(event.eventID)",
                    "stored JSON's recordTime is \(ISO8601Timestamp.utcString(epochMilliseconds: t)), its leaf \(index) signs \(ISO8601Timestamp.utcString(epochMilliseconds: leaf.recordTime))"
                )
            }
            // A version-1 leaf (before event IDs were logged) does not carry it; the index and the JSON are still compared.
            if let signed = leaf.eventID, claims.eventID != signed {
                audit.flag("event \(event.eventID)", "stored JSON's eventID is \(claims.eventID ?? "missing"), its leaf \(index) signs \(signed)")
            }
        }
        guard let key = keys[leaf.organisationID], let pub = try? Ed25519Seed.publicKey(key) else {
            audit.flag("leaf \(index)", "organisation \(leaf.organisationID) has no key on this node")
            return
        }
        if !leaf.verifySignature(publicKey: pub) { audit.flag("leaf \(index)", "signature by \(leaf.organisationID) does not verify") }
    }

    /// Each leaf row against the entry published at its index (names an edited, swapped or deleted leaf).
    func auditPublishedEntries(_ audit: inout Progress, latestSize: UInt64) async throws {
        var bundle: UInt64 = 0
        while bundle * 256 < latestSize {
            let width = Int(min(256, latestSize - bundle * 256))
            let published = try await store.tile(level: nil, index: bundle).flatMap { try? EntryBundle.decode(EntryBundle.prefix($0, entries: width)) }
            if let published {
                for (k, entry) in published.enumerated() where audit.leafAt[bundle * 256 + UInt64(k)] != entry {
                    audit.flag(
                        "leaf \(bundle * 256 + UInt64(k))", "differs from the entry published at that index in tile/entries/\(TilePath.encode(index: bundle))")
                }
            } else {
                audit.flag(TilePath(level: nil, index: bundle, width: width).description, "is not stored or not readable")
            }
            bundle += 1
        }
    }

    /// 3. Tree: rebuilt from the leaves; every checkpoint's root, signature and consistency with the next.
    func auditCheckpoints(_ audit: inout Progress, _ checkpoints: [StoredCheckpoint], tree: LeafHashes) throws {
        audit.report.checkpoints = checkpoints.count
        var previous: (size: UInt64, root: TreeHash)?
        for cp in checkpoints {
            let subject = "checkpoint \(cp.size)"
            guard cp.size <= tree.count else {
                audit.flag(subject, "covers \(cp.size) leaves, only \(tree.count) are stored")
                continue
            }
            let root = try tree.rootHash(size: cp.size)
            if root.bytes != cp.root { audit.flag(subject, "root \(Base64.encode(cp.root)) but the stored leaves give \(root)") }
            do {
                let parsed = try Checkpoint(parsing: try SignedNote(parsing: cp.note).text)
                if parsed.size != cp.size || parsed.root != root { audit.flag(subject, "the signed note says size \(parsed.size), root \(parsed.root)") }
                if let logKey { _ = try Checkpoint.open(cp.note, logKey: logKey) }
            } catch {
                audit.flag(subject, "signature or note: \(error)")
            }
            // Between the roots as signed (not as recomputed, which would agree by construction): no later
            // checkpoint may contradict an earlier one.
            let signedRoot = try? TreeHash(cp.root)
            if let p = previous, let signedRoot {
                do {
                    let proof = try tree.consistencyProof(from: p.size, to: cp.size)
                    try ProofVerification.verifyConsistency(size1: p.size, size2: cp.size, root1: p.root, root2: signedRoot, proof: proof)
                } catch { audit.flag(subject, "not consistent with checkpoint \(p.size): \(error)") }
            }
            previous = signedRoot.map { (cp.size, $0) }
        }
    }

    /// 4. Tiles and entry bundles as served: equal to those rebuilt from the leaves up to the latest checkpoint.
    func auditTiles(_ audit: inout Progress, latest: StoredCheckpoint?, tree: LeafHashes) async throws {
        guard let latest, latest.size <= tree.count else { return }
        var expected: [String: [UInt8]] = [:]
        for path in TilePath.tiles(forTreeSize: latest.size) {
            expected[path.description] = try Self.tileBytes(path, tree: tree)
        }
        for n in 0..<((latest.size + 255) / 256) {
            let w = Int(min(256, latest.size - n * 256))
            expected[TilePath(level: nil, index: n, width: w).description] = try EntryBundle.encode(audit.entries[Int(n * 256)..<(Int(n * 256) + w)])
        }
        for (name, want) in expected {
            let path = try TilePath(parsing: String(name.dropFirst(5)))
            audit.report.tiles += 1
            guard let stored = try await store.tile(level: path.level, index: path.index) else {
                audit.flag(name, "is not stored")
                continue
            }
            let got = path.level == nil ? (try? EntryBundle.prefix(stored, entries: path.width)) : Array(stored.prefix(path.width * 32))
            if got != want { audit.flag(name, "differs from the tile rebuilt from the stored leaves") }
        }
    }

    /// The hashes of one tile: subtree roots at level 8·L, for the tile's index range.
    package static func tileBytes(_ path: TilePath, tree: LeafHashes) throws -> [UInt8] {
        let level = 8 * (path.level ?? 0)
        var out: [UInt8] = []
        for i in 0..<UInt64(path.width) { out += try tree.hash(level: level, index: path.index * 256 + i).bytes }
        return out
    }
}
