public import JunkanCore

/// The consumer's callback endpoints (DSP 2025-1 HTTPS binding, consumer callback paths), as state: what the provider
/// posts to `<callback>/negotiations/{consumerPid}/{agreement|events|offers|termination}` and
/// `<callback>/transfers/{consumerPid}/{start|completion|suspension|termination}` is checked against the consumer's side
/// of each state machine, acknowledged (200) or refused (400 with the area's error object), and handed to whoever waits
/// for it (`DSPConsumer`).
public actor DSPConsumerInbox {
    public struct Received: Sendable {
        public var consumerPid: String
        /// `agreement`, `events`, `offers`, `termination`, `start`, `completion`, `suspension`.
        public var kind: String
        public var message: JSONValue
    }

    var negotiations: [String: (provider: String, state: DSPNegotiationState)] = [:]
    var transfers: [String: (provider: String, state: DSPTransferState)] = [:]
    var waiting: [String: [Received]] = [:]
    var waiters: [String: CheckedContinuation<Received?, Never>] = [:]
    /// Every message received, in order, for the record the tests check against the schemas.
    public private(set) var log: [Received] = []

    public init() {}

    /// Opens (or, once the provider answered, names the provider's ID of) a negotiation; a callback that came first
    /// keeps the state it moved it to.
    public func track(negotiation consumerPid: String, provider: String, state: DSPNegotiationState) {
        negotiations[consumerPid] = negotiations[consumerPid].map { (provider, $0.state) } ?? (provider, state)
    }

    public func track(transfer consumerPid: String, provider: String, state: DSPTransferState) {
        transfers[consumerPid] = transfers[consumerPid].map { (provider, $0.state) } ?? (provider, state)
    }

    /// The consumer's own transitions, made when the provider acknowledged its message.
    public func move(negotiation consumerPid: String, to state: DSPNegotiationState) { negotiations[consumerPid]?.state = state }
    public func move(transfer consumerPid: String, to state: DSPTransferState) { transfers[consumerPid]?.state = state }

    public func negotiationState(_ consumerPid: String) -> DSPNegotiationState? { negotiations[consumerPid]?.state }
    public func transferState(_ consumerPid: String) -> DSPTransferState? { transfers[consumerPid]?.state }

    /// A callback's message; the HTTP status and body to answer with.
    public func receive(transfer: Bool, consumerPid: String, kind: String, body: [UInt8]) -> (status: Int, body: JSONValue?) {
        let parsed = try? JSONParser.parse(body)
        let providerPid = parsed?.objectValue?["providerPid"]?.stringValue ?? "unknown"
        func refuse(_ status: Int, _ why: String) -> (Int, JSONValue?) {
            let error =
                transfer
                ? DSPWire.transferError(providerPid: providerPid, consumerPid: consumerPid, code: status == 404 ? "NotFound" : "BadRequest", reasons: [why])
                : DSPWire.negotiationError(providerPid: providerPid, consumerPid: consumerPid, code: status == 404 ? "NotFound" : "BadRequest", reasons: [why])
            return (status, error)
        }
        guard let parsed else { return refuse(400, "the body is not JSON") }
        if transfer {
            guard let current = transfers[consumerPid] else { return refuse(404, "no transfer \(consumerPid)") }
            let map: [String: DSPTransferState.Message] = ["start": .start, "completion": .completion, "suspension": .suspension, "termination": .termination]
            guard let m = map[kind] else { return refuse(404, "no callback \(kind)") }
            do { _ = try DSPMessage(parsing: parsed, type: m.rawValue) } catch { return refuse(400, "\(error)") }
            // The provider's ID is known from its answer to the request, which a quick callback may overtake.
            guard current.provider.isEmpty || providerPid == current.provider else { return refuse(400, "providerPid must be \(current.provider)") }
            guard let next = current.state.next(m, by: .provider) else {
                return refuse(400, "a \(m.rawValue) cannot move a transfer in state \(current.state.rawValue)")
            }
            transfers[consumerPid] = (providerPid, next)
        } else {
            guard let current = negotiations[consumerPid] else { return refuse(404, "no negotiation \(consumerPid)") }
            let type: String
            let m: DSPNegotiationState.Message
            switch kind {
            case "agreement": (type, m) = ("ContractAgreementMessage", .agreement)
            case "offers": (type, m) = ("ContractOfferMessage", .offer)
            case "termination": (type, m) = ("ContractNegotiationTerminationMessage", .termination)
            case "events":
                type = "ContractNegotiationEventMessage"
                let event = parsed.objectValue?["eventType"]?.stringValue ?? ""
                guard event == "FINALIZED" || event == "dspace:FINALIZED" else { return refuse(400, "a provider sends the event FINALIZED only") }
                m = .finalized
            default: return refuse(404, "no callback \(kind)")
            }
            do { _ = try DSPMessage(parsing: parsed, type: type) } catch { return refuse(400, "\(error)") }
            guard current.provider.isEmpty || providerPid == current.provider else { return refuse(400, "providerPid must be \(current.provider)") }
            guard let next = current.state.next(m, by: .provider) else {
                return refuse(400, "a \(type) cannot move a negotiation in state \(current.state.rawValue)")
            }
            negotiations[consumerPid] = (providerPid, next)
        }
        let r = Received(consumerPid: consumerPid, kind: kind, message: parsed)
        log.append(r)
        if let w = waiters.removeValue(forKey: consumerPid) { w.resume(returning: r) } else { waiting[consumerPid, default: []].append(r) }
        return (200, nil)
    }

    /// The next message for `consumerPid`, or nil after `seconds`.
    public func next(_ consumerPid: String, seconds: Double) async -> Received? {
        if var queue = waiting[consumerPid], !queue.isEmpty {
            let r = queue.removeFirst()
            waiting[consumerPid] = queue
            return r
        }
        let timeout = Task {
            try? await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
            self.expire(consumerPid)
        }
        defer { timeout.cancel() }
        return await withCheckedContinuation { waiters[consumerPid] = $0 }
    }

    func expire(_ consumerPid: String) { waiters.removeValue(forKey: consumerPid)?.resume(returning: nil) }
}
