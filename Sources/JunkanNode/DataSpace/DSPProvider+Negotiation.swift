public import JunkanCore
public import JunkanStore

/// Contract negotiation, provider side (DSP 2025-1, Contract Negotiation Protocol and its HTTPS binding): a consumer's
/// request for an offer of the catalog opens a negotiation in REQUESTED; the provider then agrees (AGREED, the agreement
/// sent to the consumer's callback) when the contract policy holds for the consumer, and terminates it with the reasons
/// when it does not; the consumer's verification (VERIFIED) is answered with FINALIZED. A message the state machine has
/// no transition for is refused.
extension DSPProvider {
    /// `POST /negotiations/request`: opens a negotiation for `message`'s offer; the agreement or termination follows
    /// at the consumer's callback.
    public func openNegotiation(_ message: DSPMessage, from r: Requester) async throws -> DSPNegotiationRecord {
        guard let peer = r.peer else { throw Refusal(401, "Unauthorized", ["negotiations are open to registered peers that sign their requests"]) }
        let consumerPid = try message.string("consumerPid")
        if message.object["providerPid"] != nil {
            throw Refusal.badRequest("an initial request has no providerPid: post to /negotiations/{providerPid}/request")
        }
        let callbackAddress = try message.string("callbackAddress")
        _ = try Self.callback(callbackAddress, "", peer: peer)
        let (dataset, offer) = try await requestedOffer(message, for: r)
        let n = DSPNegotiationRecord(
            providerPid: Self.newPid(), consumerPid: consumerPid, state: .requested, consumer: peer.baseURL, callbackAddress: callbackAddress,
            datasetID: dataset.id, offer: JSONWriter.string(offer.json), updatedAt: settings.now())
        try await store.insertNegotiation(n)
        Task { await self.decide(n, dataset: dataset, offer: offer, requester: r) }
        return n
    }

    /// The offer a request names (by `offer.@id`, with the dataset as `offer.target`), as this node offers it to `r`.
    func requestedOffer(_ message: DSPMessage, for r: Requester) async throws -> (DSPDataset, ODRLPolicy) {
        guard let offer = message.object["offer"]?.objectValue else { throw DSPMessageError.invalid("/offer", "is required: the offer asked for") }
        guard let offerID = offer["@id"]?.stringValue else { throw DSPMessageError.invalid("/offer/@id", "is required") }
        guard let target = offer["target"]?.stringValue else { throw DSPMessageError.invalid("/offer/target", "is required: the dataset's ID") }
        guard let (dataset, contract) = try await visible(target, to: r),
            DSPPolicyBook.offerID(dataset: dataset.id, policy: contract.id) == offerID
        else { throw Refusal.notFound("no offer \(offerID) of dataset \(target) in this node's catalog") }
        return (dataset, DSPPolicyBook.offer(contract, for: dataset))
    }

    /// Agrees or terminates a requested negotiation, as the contract policy decides for the consumer.
    func decide(_ n: DSPNegotiationRecord, dataset: DSPDataset, offer: ODRLPolicy, requester r: Requester) async {
        guard let peer = r.peer, let assignee = r.did else { return }
        var next = n
        next.updatedAt = settings.now()
        if case .refused(let reasons) = offer.evaluate(context(r, deferPurpose: true)) {
            next.state = .terminated
            next.reason = reasons.joined(separator: "; ")
            guard (try? await store.updateNegotiation(next, from: .requested)) == true else { return }
            if let url = try? Self.callback(n.callbackAddress, "/negotiations/\(n.consumerPid)/termination", peer: peer) {
                _ = await deliver(
                    DSPWire.negotiationTermination(providerPid: n.providerPid, consumerPid: n.consumerPid, code: "PolicyNotSatisfied", reasons: reasons),
                    to: url)
            }
            return
        }
        let agreement = ODRLPolicy(
            id: Self.newPid(), kind: .agreement, permissions: offer.permissions, prohibitions: offer.prohibitions, obligations: offer.obligations,
            target: dataset.id, assigner: DIDWeb.organisation(baseURL: baseURL, id: dataset.organisationID), assignee: assignee,
            timestamp: ISO8601Timestamp.utcString(epochMilliseconds: settings.now()))
        next.state = .agreed
        next.agreement = JSONWriter.string(agreement.json)
        next.agreementID = agreement.id
        // AGREED is stored before the message leaves: the consumer may verify as soon as it has it.
        guard (try? await store.updateNegotiation(next, from: .requested)) == true else { return }
        let url = try? Self.callback(n.callbackAddress, "/negotiations/\(n.consumerPid)/agreement", peer: peer)
        let acknowledged = await url.asyncMap {
            await deliver(DSPWire.agreement(providerPid: n.providerPid, consumerPid: n.consumerPid, agreement: agreement), to: $0)
        }
        if acknowledged != true { await note(next, "the consumer did not acknowledge the agreement") }
    }

    /// Records why a negotiation is stuck where it is: the state machine lets only the consumer terminate an agreed
    /// negotiation, and a finalized one is final, so an unanswered callback leaves the state and says so.
    func note(_ n: DSPNegotiationRecord, _ reason: String) async {
        var t = n
        t.reason = reason
        t.updatedAt = settings.now()
        _ = try? await store.updateNegotiation(t, from: n.state)
    }

    /// The negotiation `providerPid` as its consumer may see it; not found for anyone else (DSP: unauthorized is 404).
    public func negotiation(_ providerPid: String, for r: Requester) async throws -> DSPNegotiationRecord {
        guard let n = try await store.negotiation(providerPid: providerPid), let peer = r.peer, n.consumer == peer.baseURL else {
            throw Refusal.notFound("no negotiation \(providerPid)")
        }
        return n
    }

    /// A consumer's message on an open negotiation: a new request (only after an offer of the provider's), an event
    /// (`ACCEPTED`), a verification, or a termination.
    public func negotiationMessage(
        _ kind: DSPNegotiationState.Message, _ message: DSPMessage, providerPid: String, from r: Requester
    ) async throws -> DSPNegotiationRecord {
        let n = try await negotiation(providerPid, for: r)
        try message.names(providerPid: providerPid, consumerPid: n.consumerPid)
        if kind == .accepted || kind == .finalized {
            let event = try message.string("eventType")
            let short = event.hasPrefix("dspace:") ? String(event.dropFirst("dspace:".count)) : event
            guard short == "ACCEPTED" else {
                throw Refusal.transition("a consumer sends the event ACCEPTED only; \(event) is not a consumer's event")
            }
        }
        let effective: DSPNegotiationState.Message = kind == .finalized ? .accepted : kind
        guard let state = n.state.next(effective, by: .consumer) else {
            throw Refusal.transition("a \(message.type) cannot move a negotiation in state \(n.state.rawValue)")
        }
        var next = n
        next.state = state
        next.updatedAt = settings.now()
        if kind == .termination { next.reason = try message.reasons().joined(separator: "; ") }
        guard try await store.updateNegotiation(next, from: n.state) else {
            throw Refusal.transition("the negotiation moved on while this message was read; ask again")
        }
        if state == .verified { Task { await self.finalize(next) } }
        return next
    }

    /// Answers a verification: FINALIZED, stored first (the consumer may ask for a transfer as soon as it has it), then
    /// sent.
    func finalize(_ n: DSPNegotiationRecord) async {
        var next = n
        next.state = .finalized
        next.updatedAt = settings.now()
        guard (try? await store.updateNegotiation(next, from: .verified)) == true, let peer = try? await store.peer(baseURL: n.consumer) else { return }
        let url = try? Self.callback(n.callbackAddress, "/negotiations/\(n.consumerPid)/events", peer: peer)
        let acknowledged = await url.asyncMap {
            await deliver(DSPWire.negotiationEvent(providerPid: n.providerPid, consumerPid: n.consumerPid, eventType: "FINALIZED"), to: $0)
        }
        if acknowledged != true { await note(next, "the consumer did not acknowledge FINALIZED") }
    }
}

extension Optional {
    func asyncMap<U>(_ body: (Wrapped) async -> U) async -> U? {
        guard let self else { return nil }
        return await body(self)
    }
}
