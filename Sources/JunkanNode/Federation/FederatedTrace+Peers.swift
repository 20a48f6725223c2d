import JunkanCore
import JunkanLedger
import JunkanStore

/// Asking one peer for its part of a walk: a Junkan node at its federation endpoint (signed, every answer verified), a
/// plain EPCIS 2.0 interface with standard queries (nothing to verify).
extension FederatedTrace {
    func part(of peer: PeerDirectory.Entry, ids: [String], direction: Provenance.Direction, depth: Int) async -> Part {
        let proven: Bool
        if case .junkan = peer.kind { proven = true } else { proven = false }
        var part = Part(node: peer.baseURL, logOrigin: peer.logOrigin, verified: proven, events: [], tombstones: [], requested: false)
        if let cached = fresh(peer.baseURL, ids: ids, direction: direction, depth: depth) {
            part.events = cached
            part.verified = proven && !split.contains(peer.baseURL)
            part.whole = peer.kind == .dsp
            return part
        }
        part.requested = true
        guard case .junkan(let logKey) = peer.kind else {
            if case .epcis(let events) = peer.kind { return await plainPart(part, events: events, ids: ids, direction: direction, depth: depth) }
            if case .dsp = peer.kind { return await dspPart(part, ids: ids, direction: direction, depth: depth) }
            return part
        }
        var previous = state[peer.baseURL]?.verified
        var answer: PeerGraphAnswer
        switch await ask(peer, ids: ids, direction: direction, depth: depth, since: previous?.checkpoint.size) {
        case .success(let a): answer = a
        case .failure(let why): return tombstoned(part, ids: ids, why: why.reason)
        }
        // Another walk verified a checkpoint of this peer while this one waited (the actor runs walks at once): ask again
        // from that one, so the answer's consistency proof starts where the latest verified checkpoint ends. Once.
        if let moved = state[peer.baseURL]?.verified, moved.checkpoint.size != previous?.checkpoint.size {
            previous = moved
            switch await ask(peer, ids: ids, direction: direction, depth: depth, since: moved.checkpoint.size) {
            case .success(let a): answer = a
            case .failure(let why): return tombstoned(part, ids: ids, why: why.reason)
            }
        }
        guard answer.node == peer.baseURL else { return tombstoned(part, ids: ids, why: "it answered as \(answer.node)") }
        let verifier = PeerAnswerVerifier(peer: peer.baseURL, logKey: logKey, witnessKeys: peer.witnessKeys + witnessKeys)
        let outcome: PeerAnswerVerifier.Outcome
        // Against the checkpoint the question's `since` named, whatever was verified meanwhile: its proof starts there.
        do { outcome = try verifier.verify(answer, previous: previous) } catch {
            if case .splitView(let previous, let current, let why) = error {
                split.insert(peer.baseURL)
                // Not recorded (the store failing) is still refused here; it is found again on the next walk.
                try? await peers.recordSplitView(SplitView(node: peer.baseURL, previous: previous, current: current, why: why, seenAt: now()))
            }
            return tombstoned(part, ids: ids, why: "\(error)")
        }
        // A checkpoint its witnesses have not cosigned yet is verified, but its answer is not reused: asked again next time.
        part.awaitingCosignature = !peer.witnessKeys.isEmpty && outcome.checkpoint.cosigners.isEmpty
        record(
            outcome, of: peer.baseURL, ids: ids, unknown: Set(answer.unknown), direction: direction, depth: depth, reusable: !part.awaitingCosignature)
        part.events = outcome.events
        part.verified = !split.contains(peer.baseURL)
        part.tombstones += outcome.rejected.map { Tombstone(node: peer.baseURL, ids: [], eventHash: $0.event, reason: $0.reason) }
        part.tombstones += answer.withheld.map {
            Tombstone(node: peer.baseURL, ids: [], eventHash: $0, reason: "withheld by its organisation's release policy")
        }
        part.tombstones += answer.pending.map {
            Tombstone(node: peer.baseURL, ids: [], eventHash: $0, reason: "not yet in a checkpoint of its log: no proof can be checked")
        }
        return part
    }

    struct Unanswered: Error {
        var reason: String
    }

    /// One graph question to a Junkan peer, signed; its answer read, or why there is none.
    func ask(
        _ peer: PeerDirectory.Entry, ids: [String], direction: Provenance.Direction, depth: Int, since: UInt64?
    ) async -> Swift.Result<PeerGraphAnswer, Unanswered> {
        var body = JSONObject([("direction", .string(direction.rawValue)), ("ids", .array(ids.map { .string($0) })), ("depth", .number(JSONNumber(depth)))])
        if let since { body["since"] = .number(JSONNumber(Int(since))) }
        do {
            let bytes = JSONWriter.bytes(.object(body))
            var headers: [String: String] = [:]
            if let signer {
                headers = try HTTPMessageSignature.sign(
                    method: "POST", targetURI: peer.traceEndpoint, body: bytes, contentType: "application/json", keyID: signer.keyID, key: signer.key,
                    created: now() / 1000)
            }
            let got = try await post(peer.traceEndpoint, bytes, headers, settings.timeout, settings.maxAnswerBytes)
            guard got.status == 200 else {
                let why = got.status == 401 || got.status == 403 ? "refused (HTTP \(got.status))" : "answered HTTP \(got.status)"
                return .failure(Unanswered(reason: why + Self.detail(got.body)))
            }
            return .success(try PeerGraphAnswer(parsing: try JSONParser.parse(got.body)))
        } catch let f as PeerHTTP.Failure {
            return .failure(Unanswered(reason: "\(f)"))
        } catch {
            return .failure(Unanswered(reason: "malformed answer: \(error)"))
        }
    }

    /// A plain EPCIS peer's part from `ids`: its standard queries' events, hashed here, unproven.
    func plainPart(_ part: Part, events: String, ids: [String], direction: Provenance.Direction, depth: Int) async -> Part {
        var part = part
        var found: [String: PeerAnswerVerifier.RemoteEvent] = [:]
        for query in PlainEPCISPeer.queries(events: events, ids: ids, direction: direction) {
            var url: String? = query
            var pages = 0
            while let u = url, pages < PlainEPCISPeer.maxPages {
                pages += 1
                do {
                    let got = try await get(u, [:], settings.timeout, settings.maxAnswerBytes)
                    guard got.status == 200 else {
                        let why = got.status == 401 || got.status == 403 ? "refused (HTTP \(got.status))" : "answered HTTP \(got.status)"
                        return tombstoned(part, ids: ids, why: why + Self.detail(got.body))
                    }
                    for (record, hash) in try PlainEPCISPeer.records(of: try JSONParser.parse(got.body)) {
                        found[hash] = PeerAnswerVerifier.RemoteEvent(record: record, eventHash: hash, proof: nil)
                    }
                    url = PlainEPCISPeer.next(link: got.headers["link"], from: u)
                } catch let f as PeerHTTP.Failure {
                    return tombstoned(part, ids: ids, why: "\(f)")
                } catch {
                    return tombstoned(part, ids: ids, why: "malformed answer: \(error)")
                }
            }
        }
        part.events = found.values.sorted { $0.eventHash < $1.eventHash }
        remember(part.events, of: part.node, ids: ids, unknown: [], direction: direction, depth: depth)
        return part
    }

    /// A DSP provider's part: each lot's events dataset (the lot and its upstream, whole) negotiated and pulled as a
    /// consumer (`dspFetch`), its events hashed here, unproven. Downstream it offers nothing.
    func dspPart(_ part: Part, ids: [String], direction: Provenance.Direction, depth: Int) async -> Part {
        var part = part
        guard direction == .upstream else { return tombstoned(part, ids: ids, why: "it offers lots' upstream only, through the Dataspace Protocol") }
        guard let dspFetch else { return tombstoned(part, ids: ids, why: "this node has no Dataspace Protocol consumer") }
        part.whole = true
        var found: [String: PeerAnswerVerifier.RemoteEvent] = [:]
        for id in ids {
            do {
                for (record, hash) in try PlainEPCISPeer.records(of: try JSONParser.parse(try await dspFetch(part.node, id))) {
                    found[hash] = PeerAnswerVerifier.RemoteEvent(record: record, eventHash: hash, proof: nil)
                }
            } catch {
                part.tombstones.append(Tombstone(node: part.node, ids: [id], eventHash: nil, reason: "through the Dataspace Protocol: \(error)"))
            }
        }
        part.events = found.values.sorted { $0.eventHash < $1.eventHash }
        if part.tombstones.isEmpty { remember(part.events, of: part.node, ids: ids, unknown: [], direction: direction, depth: depth) }
        return part
    }

    func tombstoned(_ part: Part, ids: [String], why: String) -> Part {
        var p = part
        p.tombstones.append(Tombstone(node: part.node, ids: ids, eventHash: nil, reason: why))
        return p
    }

    /// A short quote of an error body (a problem+json's detail when there is one).
    static func detail(_ body: [UInt8]) -> String {
        if let json = try? JSONParser.parse(body), let d = json.objectValue?["detail"]?.stringValue { return ": " + String(d.prefix(200)) }
        return ""
    }
}

/// Discovery (issue 27, item 2): which node holds each upstream end, as the owning peer's resolver links it.
extension FederatedTrace {
    /// Asks the resolver of each end's owner where the end's graph is (a Junkan peer's `junkan:trace` link, a plain EPCIS
    /// peer's `gs1:epcis` link), once per owner and GTIN while the answer is fresh, all at once.
    func discover(_ ends: [String], directory: PeerDirectory, into found: inout [String: PeerResolver.Found], _ result: inout Result) async {
        var groups: [String: (owner: PeerDirectory.Entry, url: String, ends: [String])] = [:]
        let fresh = now() - Int64(settings.freshness * 1000)
        for end in ends {
            // A Junkan peer's junkan:trace link; a plain EPCIS peer's gs1:epcis link (its query interface).
            // A DSP provider is asked through its connector, not its resolver.
            guard let owner = directory.owner(of: end), owner.kind != .dsp, let gtin = PeerResolver.gtin(of: end),
                let url = PeerResolver.lookupURL(peer: owner.baseURL, identifier: end, linkType: owner.logOrigin == nil ? "gs1:epcis" : "junkan:trace")
            else { continue }
            let key = owner.baseURL + "\n" + gtin
            if let hit = resolved[key], hit.at >= fresh {
                found[end] = hit.found
                continue
            }
            groups[key, default: (owner, url, [])].ends.append(end)
        }
        guard !groups.isEmpty else { return }
        let registered = directory.entries.map(\.baseURL)
        let answers = await withTaskGroup(of: (String, PeerResolver.Found).self) { group in
            for (key, g) in groups {
                group.addTask {
                    do {
                        let got = try await self.get(g.url, [:], self.settings.timeout, PeerResolver.maxAnswerBytes)
                        guard case .epcis(let registeredEvents) = g.owner.kind else {
                            return (key, PeerResolver.read(got, from: g.owner.baseURL, peers: registered))
                        }
                        // A partner without a resolver (or a link elsewhere): its registered endpoint.
                        let endpoint = PeerResolver.epcisEndpoint(got, from: g.owner.baseURL, allowed: [g.owner.baseURL, registeredEvents])
                        return (key, endpoint.map(PeerResolver.Found.epcis) ?? .failed("no gs1:epcis link on its origin"))
                    } catch {
                        return (key, .failed("\(error)"))
                    }
                }
            }
            var out: [String: PeerResolver.Found] = [:]
            for await (key, f) in group { out[key] = f }
            return out
        }
        for (key, g) in groups {
            let f = answers[key] ?? .failed("not asked")
            result.requests[g.owner.baseURL, default: 0] += 1
            switch f {
            case .peer, .unregistered, .epcis, .failed:
                // What the GTIN's link says holds for its other lots while fresh; a resolver that could not say (down, or
                // none: a plain EPCIS partner without one) is not asked again meanwhile, the owner is.
                resolved[key] = (f, now())
                for end in g.ends { found[end] = f }
            case .unknown:
                // Only the identifier asked about is unknown there; the GTIN's other lots are asked of the owner.
                found[g.ends[0]] = .unknown
                for end in g.ends.dropFirst() { found[end] = .failed("not resolved") }
            }
        }
    }
}
