import JunkanCore
public import JunkanLedger
public import JunkanStore

/// Split views seen through another peer (issue 27, item 7: "directly or through another peer's witness"): what a peer
/// lists at its `/federation/status` (its witness refused a fork, its walk or its mirror found one) is recorded here only
/// when the evidence holds with the keys pinned here. A claim is never taken on the peer's word.
extension PeerMirror {
    public enum Relayed: Sendable, Equatable, CustomStringConvertible {
        /// Recorded as this node's split view of `node`.
        case recorded(node: String, why: String)
        /// Listed by the source, not recorded here: why not.
        case unconfirmed(node: String, why: String)

        public var description: String {
            switch self {
            case .recorded(let node, let why): "SPLIT VIEW of \(node): \(why)"
            case .unconfirmed(let node, let why): "a split view of \(node) it lists is not confirmed here: \(why)"
            }
        }
    }

    /// The split views `source` lists of this node's other peers, each checked: two checkpoints of one size with
    /// different roots, both signed by the key pinned here for that peer, are proof enough; checkpoints of different
    /// sizes are checked against this node's mirror of the peer, which must reach the larger size (one of them is then
    /// not the mirrored tree at its size, or the claim is false).
    public func relay(from source: Peer) async throws -> [Relayed] {
        let got = try await get(source.baseURL + "/federation/status", [:], timeout, 4 << 20)
        guard got.status == 200, let status = try? JSONParser.parse(got.body), let views = status.objectValue?["splitViews"]?.arrayValue else {
            throw Failure(why: "its /federation/status answered HTTP \(got.status), not a status")
        }
        let peers = try await store.peers()
        var known = Set(try await store.splitViews().map(\.node))
        var out: [Relayed] = []
        for v in views {
            guard let o = v.objectValue, let previous = o["previousCheckpoint"]?.stringValue, let current = o["currentCheckpoint"]?.stringValue,
                let origin = (try? Checkpoint(parsing: SignedNote(parsing: current).text))?.origin,
                let peer = peers.first(where: { $0.logOrigin == origin && $0.baseURL != source.baseURL }), !known.contains(peer.baseURL)
            else { continue }
            let seen = "seen by \(source.baseURL)"
            guard let key = try? NoteVerifierKey(parsing: peer.logKey), let a = try? Checkpoint.open(previous, logKey: key).0,
                let b = try? Checkpoint.open(current, logKey: key).0
            else {
                out.append(.unconfirmed(node: peer.baseURL, why: "\(seen): its checkpoints do not both verify with the key pinned here"))
                continue
            }
            var evidence: (previous: String, current: String, why: String)?
            if a.size == b.size {
                if a.root != b.root { evidence = (previous, current, "\(seen): two checkpoints of size \(a.size) with different roots") }
            } else if let mirrored = try await store.mirroredCheckpoint(node: peer.baseURL), mirrored.size >= max(a.size, b.size) {
                for (c, note) in [(a, previous), (b, current)] where evidence == nil {
                    let root = try await mirroredRoot(peer.baseURL, treeSize: mirrored.size, at: c.size)
                    if root != c.root {
                        evidence = (
                            mirrored.note, note,
                            "\(seen): checkpoint \(c.size) has root \(c.root), the tree mirrored here to size \(mirrored.size) has \(root) at that size"
                        )
                    }
                }
            } else {
                out.append(
                    .unconfirmed(
                        node: peer.baseURL,
                        why: "\(seen): checkpoints of sizes \(a.size) and \(b.size), which this node's mirror of it does not reach yet (junkan mirror)"))
                continue
            }
            guard let evidence else {
                out.append(.unconfirmed(node: peer.baseURL, why: "\(seen): its checkpoints are of one tree (not a split view)"))
                continue
            }
            try await store.recordSplitView(
                SplitView(node: peer.baseURL, previous: evidence.previous, current: evidence.current, why: evidence.why, seenAt: now()))
            known.insert(peer.baseURL)
            out.append(.recorded(node: peer.baseURL, why: evidence.why))
        }
        return out
    }
}
