import JunkanCore
import JunkanLedger
import JunkanStore

/// What a walk keeps: each peer's verified answers by identifier (reused within `Settings.freshness`), and whole walks.
extension FederatedTrace {
    /// The events verified earlier for every one of `ids`, when all were asked to at least `depth` within `freshness`.
    func fresh(_ peer: String, ids: [String], direction: Provenance.Direction, depth: Int) -> [PeerAnswerVerifier.RemoteEvent]? {
        guard let s = state[peer] else { return nil }
        let oldest = now() - Int64(settings.freshness * 1000)
        var answers = Set<Int>()
        for id in ids {
            guard let a = s.answers[Key(direction: direction, id: id)], a.at >= oldest, a.depth >= depth else { return nil }
            if let n = a.answer { answers.insert(n) }
        }
        var seen = Set<String>()
        return answers.sorted().flatMap { s.answerEvents[$0] }.filter { seen.insert($0).inserted }.compactMap { s.events[$0] }
    }

    /// A Junkan peer's verified answer, and the checkpoint it verified against (kept for the next answer's consistency
    /// check whatever `reusable` says; the answer itself only when `reusable`).
    func record(
        _ outcome: PeerAnswerVerifier.Outcome, of peer: String, ids: [String], unknown: Set<String>, direction: Provenance.Direction, depth: Int,
        reusable: Bool = true
    ) {
        if (state[peer]?.verified?.checkpoint.size ?? 0) <= outcome.checkpoint.checkpoint.size {
            state[peer, default: PeerState()].verified = outcome.checkpoint
        }
        if reusable { remember(outcome.events, of: peer, ids: ids, unknown: unknown, direction: direction, depth: depth) }
    }

    /// A peer's answer about `ids` (a Junkan node's, or a plain EPCIS peer's), for `fresh` to reuse.
    func remember(
        _ events: [PeerAnswerVerifier.RemoteEvent], of peer: String, ids: [String], unknown: Set<String>, direction: Provenance.Direction,
        depth: Int
    ) {
        var s = state[peer] ?? PeerState()
        for e in events { s.events[e.eventHash] = e }
        // The answer is about all the identifiers together; each refers to all its events (a superset: harmless).
        let n = s.answerEvents.count
        s.answerEvents.append(events.map(\.eventHash))
        let at = now()
        for id in ids { s.answers[Key(direction: direction, id: id)] = Answered(answer: unknown.contains(id) ? nil : n, depth: depth, at: at) }
        state[peer] = s
    }

    /// Keeps a walk that reached every peer it asked, each with its checkpoint cosigned as the peer asks (one with
    /// tombstones, or awaiting cosignatures, is asked again next time).
    func keep(_ key: WalkKey, _ walked: Walked) {
        guard walked.result.tombstones.isEmpty, !walked.result.origins.values.contains(where: \.awaitingCosignature), settings.freshness > 0
        else { return }
        if walks.updateValue(walked, forKey: key) == nil { walkOrder.append(key) }
        if walkOrder.count > Self.walksKept { walks[walkOrder.removeFirst()] = nil }
    }
}
