public import JunkanCore
public import JunkanLedger

/// Checks a peer's `PeerGraphAnswer` before any of it is used (issue 27, item 3): its checkpoint is signed by the
/// peer's pinned log key and is consistent with the last checkpoint of that peer this node verified; each event is
/// hashed here (CBV 2.0), and that hash, with the event's ID, must be what the leaf in the peer's log says, and the
/// leaf must be included under the checkpoint's root. An event that fails any of this is rejected with the reason, the
/// rest of the answer stands.
public struct PeerAnswerVerifier: Sendable {
    public var peer: String
    public var logKey: NoteVerifierKey
    /// Keys whose cosignatures count (the witnesses the peer names and those this node trusts).
    public var witnessKeys: [NoteVerifierKey]

    public init(peer: String, logKey: NoteVerifierKey, witnessKeys: [NoteVerifierKey]) {
        self.peer = peer; self.logKey = logKey; self.witnessKeys = witnessKeys
    }

    /// A checkpoint of the peer this node verified, kept to check the next one against.
    public struct Verified: Sendable, Equatable {
        public var checkpoint: Checkpoint
        public var note: String
        public var cosigners: [String]
    }

    /// An event of the peer, checked.
    public struct RemoteEvent: Sendable {
        public var record: TraceRecord
        public var eventHash: String
        /// Nil for an event of a plain EPCIS peer, which has no log.
        public var proof: TlogProof?
    }

    public struct Outcome: Sendable {
        public var checkpoint: Verified
        public var events: [RemoteEvent]
        /// Event (by hash where it hashed, else by ID or position) and why it was not used.
        public var rejected: [(event: String, reason: String)]
    }

    public enum Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        /// The whole answer is unusable (its checkpoint does not verify, or goes back).
        case unusable(String)
        /// The checkpoint conflicts with one verified before: evidence of a split view.
        case splitView(previous: String, current: String, why: String)

        public var description: String {
            switch self {
            case .unusable(let s): s
            case .splitView(_, _, let why): "split view: \(why)"
            }
        }
    }

    public func verify(_ answer: PeerGraphAnswer, previous: Verified?) throws(Refusal) -> Outcome {
        let checkpoint: Checkpoint, note: SignedNote
        do { (checkpoint, note) = try Checkpoint.open(answer.checkpoint, logKey: logKey) } catch {
            throw .unusable("its checkpoint does not verify with its pinned log key \(logKey.name): \(error)")
        }
        let cosigners = ((try? note.verify(witnessKeys)) ?? []).map(\.name).sorted()
        let verified = Verified(checkpoint: checkpoint, note: answer.checkpoint, cosigners: cosigners)
        if let previous { try consistent(previous, verified, proof: answer.consistencyProof) }
        var events: [RemoteEvent] = []
        var rejected: [(String, String)] = []
        for (i, e) in answer.entries.enumerated() {
            switch check(e, checkpoint: checkpoint, note: answer.checkpoint) {
            case .success(let r): events.append(r)
            case .failure(let f): rejected.append((f.event ?? "events[\(i)]", f.reason))
            }
        }
        return Outcome(checkpoint: verified, events: events, rejected: rejected)
    }

    /// A later checkpoint must extend the earlier one; one of the same size must be the same tree.
    func consistent(_ old: Verified, _ new: Verified, proof: [TreeHash]?) throws(Refusal) {
        let (a, b) = (old.checkpoint, new.checkpoint)
        if b.size < a.size {
            throw .unusable("it answered with its checkpoint of size \(b.size), older than size \(a.size) verified before (a rollback, or a stale node)")
        }
        if b.size == a.size {
            guard a.root == b.root else {
                throw .splitView(previous: old.note, current: new.note, why: "two checkpoints of size \(a.size) with different roots")
            }
            return
        }
        guard let proof else { throw .unusable("it sent no consistency proof from size \(a.size) to \(b.size)") }
        do { try ProofVerification.verifyConsistency(size1: a.size, size2: b.size, root1: a.root, root2: b.root, proof: proof) } catch {
            throw .splitView(previous: old.note, current: new.note, why: "checkpoint \(b.size) is not consistent with checkpoint \(a.size): \(error)")
        }
    }

    struct Rejection: Error {
        var event: String?
        var reason: String
    }

    func check(_ e: PeerGraphAnswer.Entry, checkpoint: Checkpoint, note: String) -> Result<RemoteEvent, Rejection> {
        let context = e.event.objectValue?["@context"]
        let hash: String
        do { hash = try EventHash.Hasher(context: context).hash(event: CaptureService.withoutContext(e.event)) } catch {
            return .failure(Rejection(event: e.event.objectValue?["eventID"]?.stringValue, reason: "it does not hash (CBV 2.0): \(error)"))
        }
        let leaf: CaptureLeaf
        do { leaf = try CaptureLeaf(parsing: e.leaf) } catch { return .failure(Rejection(event: hash, reason: "its leaf does not read: \(error)")) }
        guard leaf.eventHashURI == hash else {
            return .failure(
                Rejection(
                    event: hash, reason: "the event hashes to \(hash), but its leaf \(e.index) in the log is for \(leaf.eventHashURI): changed after capture"))
        }
        if let logged = leaf.eventID, logged != e.event.objectValue?["eventID"]?.stringValue {
            return .failure(Rejection(event: hash, reason: "its eventID is not the one its leaf logged (\(logged))"))
        }
        do {
            try ProofVerification.verifyInclusion(
                index: e.index, size: checkpoint.size, leafHash: .leaf(e.leaf), proof: e.inclusionProof, root: checkpoint.root)
        } catch { return .failure(Rejection(event: hash, reason: "its inclusion proof fails at size \(checkpoint.size): \(error)")) }
        let record: TraceRecord
        do {
            let event = try EPCISEventDecoder(context: context).decode(e.event)
            record = try TraceRecord.from(event, eventHash: hash)
        } catch { return .failure(Rejection(event: hash, reason: "it is not a valid EPCIS 2.0 event: \(error)")) }
        return .success(
            RemoteEvent(record: record, eventHash: hash, proof: TlogProof(extra: e.leaf, index: e.index, proof: e.inclusionProof, checkpoint: note)))
    }
}
