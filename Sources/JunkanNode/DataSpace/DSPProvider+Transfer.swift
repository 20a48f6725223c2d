import Foundation
public import JunkanCore
public import JunkanStore

/// Transfer processes, provider side (DSP 2025-1, Transfer Process Protocol), for `HttpData-PULL` only: a consumer
/// with a finalized agreement requests a transfer (REQUESTED); the provider starts it (STARTED) by sending the data
/// address, an endpoint on this node and a bearer token bound to the transfer, and so to the agreement, that lives
/// `tokenLifetime`. Either side may then complete, suspend, restart or terminate it. The token works only while the
/// transfer is STARTED, before it expires, and while the agreement's policy holds for the request (`authorise`).
extension DSPProvider {
    public func openTransfer(_ message: DSPMessage, from r: Requester) async throws -> DSPTransferRecord {
        guard let peer = r.peer else { throw Refusal(401, "Unauthorized", ["transfers are open to registered peers that sign their requests"]) }
        let consumerPid = try message.string("consumerPid")
        let agreementID = try message.string("agreementId")
        let format = try message.string("format")
        guard format == Self.pullFormat else { throw Refusal.badRequest("format \(format) is not offered: this node offers \(Self.pullFormat)") }
        let callbackAddress = try message.string("callbackAddress")
        _ = try Self.callback(callbackAddress, "", peer: peer)
        guard let n = try await store.negotiation(agreementID: agreementID), n.consumer == peer.baseURL else {
            throw Refusal.notFound("no agreement \(agreementID) with this consumer")
        }
        guard n.state == .finalized else { throw Refusal.badRequest("agreement \(agreementID) is not finalized (its negotiation is \(n.state.rawValue))") }
        let t = DSPTransferRecord(
            providerPid: Self.newPid(), consumerPid: consumerPid, state: .requested, agreementID: agreementID, consumer: peer.baseURL,
            callbackAddress: callbackAddress, format: format, updatedAt: settings.now())
        try await store.insertTransfer(t)
        Task { await self.start(t, peer: peer) }
        return t
    }

    /// Starts a requested (or restarts a suspended) transfer: a new token, stored as its hash, then the start message.
    func start(_ t: DSPTransferRecord, peer: Peer) async {
        let token = "jkdsp_" + TokenHash.newToken()
        var next = t
        next.state = .started
        next.tokenHash = TokenHash.sha256Hex(token)
        next.tokenExpiresAt = settings.now() + settings.tokenLifetime
        next.updatedAt = settings.now()
        guard (try? await store.updateTransfer(next, from: t.state)) == true else { return }
        let address = DSPWire.dataAddress(
            endpoint: baseURL + "/dsp/data/" + t.providerPid, token: token,
            expiresAt: ISO8601Timestamp.utcString(epochMilliseconds: next.tokenExpiresAt!))
        guard let url = try? Self.callback(t.callbackAddress, "/transfers/\(t.consumerPid)/start", peer: peer),
            await deliver(DSPWire.transferStart(providerPid: t.providerPid, consumerPid: t.consumerPid, dataAddress: address), to: url)
        else {
            var failed = next
            failed.state = .terminated
            failed.tokenHash = nil
            failed.reason = "the consumer did not acknowledge the start"
            _ = try? await store.updateTransfer(failed, from: .started)
            return
        }
    }

    public func transfer(_ providerPid: String, for r: Requester) async throws -> DSPTransferRecord {
        guard let t = try await store.transfer(providerPid: providerPid), let peer = r.peer, t.consumer == peer.baseURL else {
            throw Refusal.notFound("no transfer \(providerPid)")
        }
        return t
    }

    /// A consumer's message on a transfer: restart a suspended one, complete, suspend or terminate.
    public func transferMessage(
        _ kind: DSPTransferState.Message, _ message: DSPMessage, providerPid: String, from r: Requester
    ) async throws -> DSPTransferRecord {
        let t = try await transfer(providerPid, for: r)
        try message.names(providerPid: providerPid, consumerPid: t.consumerPid)
        guard let state = t.state.next(kind, by: .consumer) else {
            throw Refusal.transition("a \(message.type) cannot move a transfer in state \(t.state.rawValue)")
        }
        if kind == .start, let peer = r.peer {
            // A restart is the provider's to make: a new token goes to the consumer, the old one is dead.
            guard let n = try await store.negotiation(agreementID: t.agreementID), n.state == .finalized else {
                throw Refusal.badRequest("the transfer's agreement is no longer finalized")
            }
            await start(t, peer: peer)
            return try await store.transfer(providerPid: providerPid) ?? t
        }
        var next = t
        next.state = state
        next.updatedAt = settings.now()
        next.tokenHash = nil
        next.tokenExpiresAt = nil
        if kind == .termination || kind == .suspension { next.reason = try message.reasons().joined(separator: "; ") }
        guard try await store.updateTransfer(next, from: t.state) else {
            throw Refusal.transition("the transfer moved on while this message was read; ask again")
        }
        return next
    }

    /// Checks a pull: the bearer token of a STARTED transfer of `providerPid`, not expired, under a finalized agreement
    /// whose policy holds now for its consumer and the purpose declared. Gives the dataset to serve.
    public func authorise(providerPid: String, token: String?, purpose: String?) async throws -> (DSPTransferRecord, DSPDataset) {
        guard let token, let t = try await store.transfer(tokenHash: TokenHash.sha256Hex(token)), t.providerPid == providerPid else {
            throw Refusal(401, "InvalidToken", ["a bearer token from this transfer's start message is required"])
        }
        guard t.state == .started else { throw Refusal(403, "TransferNotStarted", ["the transfer is \(t.state.rawValue)"]) }
        guard let expires = t.tokenExpiresAt, settings.now() < expires else { throw Refusal(401, "TokenExpired", ["the token has expired"]) }
        guard let n = try await store.negotiation(agreementID: t.agreementID), n.state == .finalized, let text = n.agreement,
            let agreement = try? ODRLPolicy(parsing: try JSONParser.parse(text))
        else { throw Refusal(403, "AgreementNotValid", ["the agreement \(t.agreementID) is no longer in force"]) }
        if let purpose, !ODRLConstraint.purposes.contains(purpose) {
            throw Refusal(400, "UnknownPurpose", ["purpose \(purpose) is not one of \(ODRLConstraint.purposes.sorted().joined(separator: ", "))"])
        }
        let r = try await requester(try await store.peer(baseURL: t.consumer))
        if case .refused(let reasons) = agreement.evaluate(context(r, purpose: purpose, deferPurpose: false)) {
            throw Refusal(403, "PolicyNotSatisfied", reasons)
        }
        guard let dataset = try await catalog.dataset(id: n.datasetID) else {
            throw Refusal(404, "NotFound", ["dataset \(n.datasetID) is no longer held here"])
        }
        return (t, dataset)
    }
}
