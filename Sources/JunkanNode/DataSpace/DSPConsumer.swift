import Foundation
public import JunkanCore

/// The consumer side of the Dataspace Protocol 2025-1 (issue 28, item 3; docs/dataspace.md): finds a provider's
/// connector through `/.well-known/dspace-version`, reads its catalog, negotiates a contract for one offer, requests an
/// `HttpData-PULL` transfer under the agreement and pulls the data with the token the start message carries. Its
/// requests are signed with the node's did:web key (RFC 9421), the provider's callbacks arrive through a
/// `DSPConsumerInbox`, and every state change is reported as it happens.
public struct DSPConsumer: Sendable {
    public var signer: FederatedTrace.Signer?
    /// Where the provider posts its callbacks (the inbox's HTTP endpoint).
    public var callbackAddress: String
    public var inbox: DSPConsumerInbox
    /// Each state change, as a JSON object (`process`, `state`, IDs, and what came with it).
    public var report: @Sendable (JSONValue) -> Void
    /// Each message sent or received on the wire: direction (`sent`, `answer`), URL, HTTP status, body.
    public var record: @Sendable (_ direction: String, _ url: String, _ status: Int?, _ body: JSONValue) -> Void
    /// How long to wait for each callback, seconds.
    public var timeout: Double

    public init(
        signer: FederatedTrace.Signer?, callbackAddress: String, inbox: DSPConsumerInbox, timeout: Double = 30,
        report: @escaping @Sendable (JSONValue) -> Void, record: @escaping @Sendable (String, String, Int?, JSONValue) -> Void = { _, _, _, _ in }
    ) {
        self.signer = signer; self.callbackAddress = callbackAddress; self.inbox = inbox; self.timeout = timeout; self.report = report
        self.record = record
    }

    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
        public init(_ d: String) { description = d }
    }

    /// What a fetch got: the agreement, the data address (endpoint and token), and the data.
    public struct Fetched: Sendable {
        public var agreementID: String
        public var transferPid: String
        public var endpoint: String
        public var token: String
        public var data: [UInt8]
    }

    /// The connector's root for DSP 2025-1, from `url` (a node's base URL, or the root itself).
    public func connector(_ url: String) async throws -> String {
        var base = url
        while base.hasSuffix("/") { base.removeLast() }
        let got = try await PeerHTTP.send(base + "/.well-known/dspace-version", timeout: timeout, maxBytes: 1 << 16)
        guard got.status == 200, let json = try? JSONParser.parse(got.body) else { throw Failure("\(base) serves no /.well-known/dspace-version") }
        record("answer", base + "/.well-known/dspace-version", got.status, json)
        guard
            let v = json.objectValue?["protocolVersions"]?.arrayValue?.compactMap(\.objectValue).first(where: {
                $0["version"]?.stringValue == DSPMessage.version && ($0["binding"]?.stringValue ?? "HTTPS") == "HTTPS"
            }), let path = v["path"]?.stringValue
        else { throw Failure("\(base) does not speak DSP \(DSPMessage.version) over HTTPS") }
        guard
            let origin = URLComponents(string: base).map({ c -> String in
                var o = c
                o.path = ""
                return o.string ?? base
            })
        else { throw Failure("\(base) is not a URL") }
        return origin + (path.hasPrefix("/") ? path : "/" + path)
    }

    /// A signed request to the provider; the status and the JSON answer (if any), both recorded.
    func call(_ method: String, _ url: String, _ body: JSONValue?) async throws -> (Int, JSONValue?) {
        let bytes = body.map { JSONWriter.bytes($0) }
        var headers: [String: String] = [:]
        if let signer {
            headers = try HTTPMessageSignature.sign(
                method: method, targetURI: url, body: bytes ?? [], contentType: bytes == nil ? "" : "application/json", keyID: signer.keyID,
                key: signer.key, created: Int64(Date().timeIntervalSince1970))
        }
        if let body { record("sent", url, nil, body) }
        let got = try await PeerHTTP.send(url, method: method, json: bytes, headers: headers, timeout: timeout, maxBytes: 64 << 20)
        let answer = got.body.isEmpty ? nil : try? JSONParser.parse(got.body)
        if let answer { record("answer", url, got.status, answer) }
        return (got.status, answer)
    }

    public func catalog(_ root: String) async throws -> JSONValue {
        let (status, answer) = try await call("POST", root + "/catalog/request", DSPWire.catalogRequest())
        guard status == 200, let answer else { throw Failure("the catalog request was refused (HTTP \(status)): \(Self.reasons(answer))") }
        return answer
    }

    public func dataset(_ root: String, id: String) async throws -> JSONValue {
        let (status, answer) = try await call("GET", root + "/catalog/datasets/" + PercentEncoding.encode(id), nil)
        guard status == 200, let answer else { throw Failure("no dataset \(id) (HTTP \(status)): \(Self.reasons(answer))") }
        return answer
    }

    static func reasons(_ answer: JSONValue?) -> String {
        answer?.objectValue?["reason"]?.arrayValue?.compactMap(\.stringValue).joined(separator: "; ") ?? ""
    }

    func say(_ process: String, _ state: String, _ extra: [(String, JSONValue)] = []) {
        report(.object(JSONObject([("process", .string(process)), ("state", .string(state))] + extra)))
    }

    /// Negotiates for `offerID` of `datasetID` (the dataset's first offer when nil); the agreement's ID once FINALIZED.
    /// `decline`: terminate the negotiation when the agreement arrives, instead of verifying it.
    public func negotiate(_ root: String, datasetID: String, offerID: String?, decline: Bool = false) async throws -> String {
        let dataset = try await self.dataset(root, id: datasetID)
        let offers = dataset.objectValue?["hasPolicy"]?.arrayValue?.compactMap(\.objectValue) ?? []
        guard var offer = offerID.map({ id in offers.first { $0["@id"]?.stringValue == id } }) ?? offers.first else {
            throw Failure("dataset \(datasetID) has no offer \(offerID ?? "")")
        }
        offer["target"] = .string(datasetID)
        let consumerPid = "urn:uuid:" + UUID().uuidString.lowercased()
        await inbox.track(negotiation: consumerPid, provider: "", state: .requested)
        let (status, answer) = try await call(
            "POST", root + "/negotiations/request",
            DSPWire.contractRequest(consumerPid: consumerPid, providerPid: nil, offer: .object(offer), callbackAddress: callbackAddress))
        guard status == 201, let providerPid = answer?.objectValue?["providerPid"]?.stringValue else {
            throw Failure("the contract request was refused (HTTP \(status)): \(Self.reasons(answer))")
        }
        await inbox.track(negotiation: consumerPid, provider: providerPid, state: .requested)
        let ids: [(String, JSONValue)] = [("providerPid", .string(providerPid)), ("consumerPid", .string(consumerPid))]
        say("negotiation", "REQUESTED", ids + [("offer", .string(offer["@id"]?.stringValue ?? ""))])
        var agreementID: String?
        while true {
            guard let got = await inbox.next(consumerPid, seconds: timeout) else {
                throw Failure("the provider sent nothing for \(timeout) s (negotiation \(providerPid))")
            }
            switch got.kind {
            case "agreement":
                let agreement = got.message.objectValue?["agreement"]
                agreementID = agreement?.objectValue?["@id"]?.stringValue
                say("negotiation", "AGREED", ids + [("agreement", agreement ?? .null)])
                if decline {
                    let (s, a) = try await call(
                        "POST", root + "/negotiations/\(providerPid)/termination",
                        DSPWire.negotiationTermination(
                            providerPid: providerPid, consumerPid: consumerPid, code: "Declined", reasons: ["the consumer declined the agreement"]))
                    guard s == 200 else { throw Failure("the termination was refused (HTTP \(s)): \(Self.reasons(a))") }
                    await inbox.move(negotiation: consumerPid, to: .terminated)
                    say("negotiation", "TERMINATED", ids + [("reason", .string("declined by this consumer"))])
                    throw Failure("the agreement was declined")
                }
                let (s, a) = try await call(
                    "POST", root + "/negotiations/\(providerPid)/agreement/verification",
                    DSPWire.verification(providerPid: providerPid, consumerPid: consumerPid))
                guard s == 200 else { throw Failure("the verification was refused (HTTP \(s)): \(Self.reasons(a))") }
                await inbox.move(negotiation: consumerPid, to: .verified)
                say("negotiation", "VERIFIED", ids)
            case "events":
                say("negotiation", "FINALIZED", ids)
                guard let agreementID else { throw Failure("FINALIZED without an agreement") }
                return agreementID
            case "termination":
                let reasons = Self.reasons(got.message)
                say("negotiation", "TERMINATED", ids + [("reason", .string(reasons))])
                throw Failure("the provider terminated the negotiation: \(reasons)")
            default:
                throw Failure("the provider sent \(got.kind), which this consumer does not answer (it accepts offers it asked for only)")
            }
        }
    }

    /// Requests a pull transfer under `agreementID` and waits for its start: the data address.
    public func startTransfer(
        _ root: String, agreementID: String
    ) async throws -> (providerPid: String, consumerPid: String, endpoint: String, token: String) {
        let consumerPid = "urn:uuid:" + UUID().uuidString.lowercased()
        await inbox.track(transfer: consumerPid, provider: "", state: .requested)
        let (status, answer) = try await call(
            "POST", root + "/transfers/request",
            DSPWire.transferRequest(consumerPid: consumerPid, agreementID: agreementID, format: "HttpData-PULL", callbackAddress: callbackAddress))
        guard status == 201, let providerPid = answer?.objectValue?["providerPid"]?.stringValue else {
            throw Failure("the transfer request was refused (HTTP \(status)): \(Self.reasons(answer))")
        }
        await inbox.track(transfer: consumerPid, provider: providerPid, state: .requested)
        let ids: [(String, JSONValue)] = [("providerPid", .string(providerPid)), ("consumerPid", .string(consumerPid))]
        say("transfer", "REQUESTED", ids + [("agreementId", .string(agreementID))])
        guard let got = await inbox.next(consumerPid, seconds: timeout) else { throw Failure("the provider did not start the transfer in \(timeout) s") }
        guard got.kind == "start", let address = got.message.objectValue?["dataAddress"]?.objectValue,
            let endpoint = address["endpoint"]?.stringValue,
            let token = address["endpointProperties"]?.arrayValue?.compactMap(\.objectValue).first(where: { $0["name"]?.stringValue == "authorization" })?[
                "value"]?.stringValue
        else {
            say("transfer", got.kind == "termination" ? "TERMINATED" : got.kind.uppercased(), ids + [("reason", .string(Self.reasons(got.message)))])
            throw Failure("the transfer did not start: \(Self.reasons(got.message))")
        }
        say("transfer", "STARTED", ids + [("dataAddress", .object(address))])
        return (providerPid, consumerPid, endpoint, token)
    }

    /// Pulls from a data address; the HTTP status and body.
    public func pull(endpoint: String, token: String, purpose: String?) async throws -> (Int, [UInt8]) {
        let url = endpoint + (purpose.map { "?purpose=" + PercentEncoding.encode($0) } ?? "")
        let got = try await PeerHTTP.send(url, headers: ["Authorization": "Bearer " + token], timeout: timeout, maxBytes: 256 << 20)
        return (got.status, got.body)
    }

    /// Tells the provider the transfer is complete.
    public func complete(_ root: String, providerPid: String, consumerPid: String) async throws {
        let (s, a) = try await call(
            "POST", root + "/transfers/\(providerPid)/completion",
            DSPWire.transferMessage(.completion, providerPid: providerPid, consumerPid: consumerPid))
        guard s == 200 else { throw Failure("the completion was refused (HTTP \(s)): \(Self.reasons(a))") }
        await inbox.move(transfer: consumerPid, to: .completed)
        say("transfer", "COMPLETED", [("providerPid", .string(providerPid)), ("consumerPid", .string(consumerPid))])
    }
}
