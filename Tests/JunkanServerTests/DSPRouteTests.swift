import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JunkanCore
import JunkanLedger
import JunkanNode
import JunkanServer
import JunkanStore
import JunkanTestSupport
import Testing

/// Issue 28: the Dataspace Protocol provider in process. Node A holds the compounder's lots (prefix 4012345); node B
/// is a registered peer that signs its requests with its did:web key, and its callbacks are answered here (`Callbacks`)
/// as a consumer would. The two-process version, every message checked against the fixture schemas, is
/// scripts/check-dataspace.py.
@Suite struct DSPRouteTests {
    typealias T = TraceSamples
    static let a = "http://node-a.test"
    static let b = "http://node-b.test"
    let signerB = try! NoteSigner(name: "node-b.test/tlog", privateKey: .init())
    static var didB: String { DIDWeb.did(baseURL: b) }
    static var eventsOfC: String { "urn:junkan:dataset:events:01:04012345123456:10:C" }

    /// What the provider posted to the consumer's callbacks, acknowledged with `status`.
    actor Callbacks {
        var received: [(url: String, body: JSONValue)] = []
        var status = 200
        func take(_ url: String, _ body: [UInt8]) -> Int {
            received.append((url, (try? JSONParser.parse(body)) ?? .null))
            return status
        }
        /// The first message posted to a URL ending in `suffix`, waited for up to 5 s.
        func wait(_ suffix: String) async throws -> JSONValue {
            for _ in 0..<500 {
                if let m = received.first(where: { $0.url.hasSuffix(suffix) }) { return m.body }
                try await Task.sleep(for: .milliseconds(10))
            }
            throw Timeout(what: suffix)
        }
        struct Timeout: Error { var what: String }
    }

    func app(_ tmp: TemporaryStore, _ callbacks: Callbacks, tokenLifetime: Int64 = 60_000) -> some ApplicationProtocol {
        Application(
            router: buildRouter(
                store: tmp.store, passport: .init(baseURL: Self.a),
                dataSpace: .init(tokenLifetime: tokenLifetime, send: { url, body, _ in await callbacks.take(url, body) }, retryDelays: [])))
    }

    /// A's organisation, B registered as a peer (the lots are captured by `capture`).
    func provider(_ tmp: TemporaryStore) async throws -> Organisation {
        let org = try await tmp.organisation()
        try await tmp.store.addPrefix("4012345", organisationID: org.id)
        try await tmp.store.addPeer(
            Peer(baseURL: Self.b, logOrigin: signerB.name, logKey: signerB.verifierKey.description, didDocument: "{}", description: "{}", addedAt: 0))
        return org
    }

    func policy(_ tmp: TemporaryStore, _ org: Organisation, _ role: DatasetPolicyRecord.Role, _ target: String, _ json: JSONValue) async throws {
        let p = try DSPPolicyBook.written(json, target: target)
        try await tmp.store.putDatasetPolicy(
            DatasetPolicyRecord(id: p.id, organisationID: org.id, role: role, target: target, policy: JSONWriter.string(p.json), createdAt: 0))
    }

    /// A request signed as node B (RFC 9421), or unsigned.
    func send(
        _ client: some TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, _ body: JSONValue? = nil, signed: Bool = true
    ) async throws -> (HTTPResponse.Status, JSONValue) {
        let bytes = body.map { JSONWriter.bytes($0) } ?? []
        var headers: HTTPFields = [:]
        if body != nil { headers[.contentType] = "application/json" }
        if signed {
            let signature = try HTTPMessageSignature.sign(
                method: method.rawValue, targetURI: Self.a + uri, body: bytes, contentType: body == nil ? "" : "application/json",
                keyID: DIDWeb.keyID(Self.didB), key: signerB.privateKey, created: Int64(Date().timeIntervalSince1970))
            for (k, v) in signature { headers[HTTPField.Name(k)!] = v }
        }
        return try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(bytes: JSONWriter.bytes($0)) }) { r in
            (r.status, (try? JSONParser.parse(Array(r.body.readableBytesView))) ?? .null)
        }
    }

    func capture(_ client: some TestClientProtocol) async throws {
        try await client.execute(
            uri: "/capture", method: .post, headers: TraceRouteTests.auth,
            body: ByteBuffer(string: JSONWriter.string(SampleEvents.document(TraceRouteTests.events)))
        ) { #expect($0.status == .accepted) }
    }

    static let catalogRequest = DSPWire.catalogRequest()
    static let purposeAndB: JSONValue = [
        "@id": "urn:junkan:policy:c", "@type": "Offer",
        "permission": [
            [
                "action": "use",
                "constraint": [
                    ["leftOperand": "junkan:requester", "operator": "eq", "rightOperand": .string(didB)],
                    ["leftOperand": "purpose", "operator": "eq", "rightOperand": "junkan:traceability"]
                ]
            ]
        ]
    ]

    @Test(.temporaryStore) func theCatalogShowsWhatTheAccessPoliciesLetTheRequesterSee() async throws {
        let tmp = try TemporaryStore.forTest()
        let org = try await provider(tmp)
        try await app(tmp, Callbacks()).test(.router) { client in
            try await capture(client)
            // No contract policy: nothing is offered, and the catalog leaves `dataset` out.
            var (status, catalog) = try await send(client, .post, "/dsp/catalog/request", Self.catalogRequest, signed: false)
            #expect(status == .ok && catalog.objectValue?["dataset"] == nil && catalog.objectValue?["participantId"] == .string(DIDWeb.did(baseURL: Self.a)))
            try await policy(tmp, org, .contract, "events", Self.purposeAndB)
            try await policy(
                tmp, org, .access, "*",
                [
                    "@id": "urn:junkan:policy:a", "@type": "Set",
                    "permission": [["action": "use", "constraint": [["leftOperand": "junkan:memberOf", "operator": "eq", "rightOperand": "partners"]]]]
                ])
            (status, catalog) = try await send(client, .post, "/dsp/catalog/request", Self.catalogRequest)
            #expect(status == .ok && catalog.objectValue?["dataset"] == nil, "B is not yet a member of partners")
            try await tmp.store.setPeerGroup("partners", node: Self.b, member: true)
            (status, catalog) = try await send(client, .post, "/dsp/catalog/request", Self.catalogRequest)
            // The catalog is written as text, piece by piece; it is the document the JSON tree makes.
            let provider = DSPProvider(store: tmp.store, catalog: DSPCatalog(store: tmp.store, trace: TraceIndex(store: tmp.store)), baseURL: Self.a)
            let requester = try await provider.requester(try await tmp.store.peer(baseURL: Self.b))
            #expect(try await provider.catalogJSON(for: requester) == catalog)
            let ids = catalog.objectValue?["dataset"]?.arrayValue?.compactMap { $0.objectValue?["@id"]?.stringValue } ?? []
            // The events of every lot of A's prefix: C, R, V, W; no passport (no contract policy names them).
            #expect(status == .ok && Set(ids) == Set(["C", "R", "V", "W"].map { "urn:junkan:dataset:events:01:04012345123456:10:\($0)" }))
            let offer = catalog.objectValue?["dataset"]?.arrayValue?.first?.objectValue?["hasPolicy"]?.arrayValue?.first?.objectValue
            #expect(offer?["@id"]?.stringValue?.hasSuffix("#offer=urn:junkan:policy:c") == true && offer?["target"] == nil)
            // Anonymous: the access policy hides them.
            (status, catalog) = try await send(client, .post, "/dsp/catalog/request", Self.catalogRequest, signed: false)
            #expect(catalog.objectValue?["dataset"] == nil)
            (status, _) = try await send(client, .get, "/dsp/catalog/datasets/" + PercentEncoding.encode(Self.eventsOfC), signed: false)
            #expect(status == .notFound)
            let dataset: JSONValue
            (status, dataset) = try await send(client, .get, "/dsp/catalog/datasets/" + PercentEncoding.encode(Self.eventsOfC))
            #expect(status == .ok && dataset.objectValue?["@context"] != nil && dataset.objectValue?["@id"] == .string(Self.eventsOfC))
        }
    }

    /// The whole provider side: REQUESTED, AGREED (sent), VERIFIED, FINALIZED (sent); a transfer REQUESTED, STARTED with a
    /// token, the data pulled under the agreement's purpose, suspended (token dead), restarted (a new one), completed.
    @Test(.temporaryStore) func aNegotiationAndATransferRunAlongTheStateMachines() async throws {
        let tmp = try TemporaryStore.forTest()
        let org = try await provider(tmp)
        try await policy(tmp, org, .contract, "events", Self.purposeAndB)
        let callbacks = Callbacks()
        try await app(tmp, callbacks).test(.router) { client in
            try await capture(client)
            let (_, dataset) = try await send(client, .get, "/dsp/catalog/datasets/" + PercentEncoding.encode(Self.eventsOfC))
            guard var offer = dataset.objectValue?["hasPolicy"]?.arrayValue?.first?.objectValue else { Issue.record("no offer"); return }
            offer["target"] = .string(Self.eventsOfC)
            let request = DSPWire.contractRequest(consumerPid: "urn:uuid:c1", providerPid: nil, offer: .object(offer), callbackAddress: Self.b + "/cb/")
            var (status, answer) = try await send(client, .post, "/dsp/negotiations/request", request)
            #expect(status == .created && answer.objectValue?["state"] == "REQUESTED")
            let pid = answer.objectValue?["providerPid"]?.stringValue ?? ""
            let agreementMessage = try await callbacks.wait("/cb/negotiations/urn:uuid:c1/agreement")
            let agreement = try ODRLPolicy(parsing: agreementMessage.objectValue?["agreement"] ?? .null)
            #expect(agreement.kind == .agreement && agreement.assignee == Self.didB && agreement.target == Self.eventsOfC)
            #expect(agreement.assigner == DIDWeb.organisation(baseURL: Self.a, id: org.id))
            (status, answer) = try await send(client, .get, "/dsp/negotiations/" + pid)
            #expect(status == .ok && answer.objectValue?["state"] == "AGREED")
            // Another peer (or no one) does not see it: DSP's 404 for the unauthorised.
            (status, _) = try await send(client, .get, "/dsp/negotiations/" + pid, signed: false)
            #expect(status == .notFound)
            // ACCEPTED is for an offer of the provider's; there was none.
            (status, answer) = try await send(
                client, .post, "/dsp/negotiations/\(pid)/events", DSPWire.negotiationEvent(providerPid: pid, consumerPid: "urn:uuid:c1", eventType: "ACCEPTED"))
            #expect(status == .badRequest && answer.objectValue?["@type"] == "ContractNegotiationError")
            (status, answer) = try await send(
                client, .post, "/dsp/negotiations/\(pid)/agreement/verification", DSPWire.verification(providerPid: pid, consumerPid: "urn:uuid:c1"))
            #expect(status == .ok && answer.objectValue?["state"] == "VERIFIED")
            let finalized = try await callbacks.wait("/cb/negotiations/urn:uuid:c1/events")
            #expect(finalized.objectValue?["eventType"] == "FINALIZED")
            (status, answer) = try await send(
                client, .post, "/dsp/negotiations/\(pid)/agreement/verification", DSPWire.verification(providerPid: pid, consumerPid: "urn:uuid:c1"))
            #expect(status == .badRequest && answer.objectValue?["code"] == "InvalidStateTransition", "FINALIZED is final")

            (status, answer) = try await send(
                client, .post, "/dsp/transfers/request",
                DSPWire.transferRequest(consumerPid: "urn:uuid:t1", agreementID: agreement.id, format: "HttpData-PULL", callbackAddress: Self.b + "/cb"))
            #expect(status == .created && answer.objectValue?["state"] == "REQUESTED")
            let tpid = answer.objectValue?["providerPid"]?.stringValue ?? ""
            func token(_ start: JSONValue) -> (String, String) {
                let address = start.objectValue?["dataAddress"]?.objectValue
                let token = address?["endpointProperties"]?.arrayValue?.first { $0.objectValue?["name"] == "authorization" }?.objectValue?["value"]?.stringValue
                return (address?["endpoint"]?.stringValue ?? "", token ?? "")
            }
            let (endpoint, first) = token(try await callbacks.wait("/cb/transfers/urn:uuid:t1/start"))
            #expect(endpoint == Self.a + "/dsp/data/" + tpid)
            func pull(_ token: String, _ purpose: String?) async throws -> (HTTPResponse.Status, JSONValue) {
                try await client.execute(
                    uri: "/dsp/data/\(tpid)" + (purpose.map { "?purpose=" + $0 } ?? ""), method: .get, headers: [.authorization: "Bearer " + token]
                ) { r in (r.status, (try? JSONParser.parse(Array(r.body.readableBytesView))) ?? .null) }
            }
            let (pulled, document) = try await pull(first, "junkan:traceability")
            let events = document.objectValue?["epcisBody"]?.objectValue?["queryResults"]?.objectValue?["resultsBody"]?.objectValue?["eventList"]?.arrayValue
            // C and its upstream: V and W created, R made from W, C made from V and R.
            #expect(pulled == .ok && events?.count == 4)
            #expect(try await pull(first, "junkan:materialSourcing").0 == .forbidden)
            #expect(try await pull(first, nil).0 == .forbidden)
            #expect(try await pull(first + "x", "junkan:traceability").0 == .unauthorized)
            (status, answer) = try await send(
                client, .post, "/dsp/transfers/\(tpid)/suspension",
                DSPWire.transferMessage(.suspension, providerPid: tpid, consumerPid: "urn:uuid:t1", code: "Pause", reasons: ["later"]))
            #expect(status == .ok && answer.objectValue?["state"] == "SUSPENDED")
            #expect(try await pull(first, "junkan:traceability").0 == .unauthorized)
            (status, answer) = try await send(
                client, .post, "/dsp/transfers/\(tpid)/completion", DSPWire.transferMessage(.completion, providerPid: tpid, consumerPid: "urn:uuid:t1"))
            #expect(status == .badRequest && answer.objectValue?["@type"] == "TransferError", "a suspended transfer is not completed")
            (status, answer) = try await send(
                client, .post, "/dsp/transfers/\(tpid)/start", DSPWire.transferStart(providerPid: tpid, consumerPid: "urn:uuid:t1", dataAddress: nil))
            #expect(status == .ok && answer.objectValue?["state"] == "STARTED")
            let starts = await callbacks.received.filter { $0.url.hasSuffix("/transfers/urn:uuid:t1/start") }
            let (_, second) = token(starts.last?.body ?? .null)
            #expect(starts.count == 2 && second != first)
            #expect(try await pull(second, "junkan:traceability").0 == .ok)
            (status, _) = try await send(
                client, .post, "/dsp/transfers/\(tpid)/completion", DSPWire.transferMessage(.completion, providerPid: tpid, consumerPid: "urn:uuid:t1"))
            #expect(status == .ok)
            #expect(try await pull(second, "junkan:traceability").0 == .unauthorized)
        }
    }

    @Test(.temporaryStore) func aContractConstraintThatDoesNotHoldTerminatesTheNegotiationWithWhy() async throws {
        let tmp = try TemporaryStore.forTest()
        let org = try await provider(tmp)
        try await policy(
            tmp, org, .contract, "*",
            [
                "@id": "urn:junkan:policy:x", "@type": "Offer",
                "permission": [["action": "use", "constraint": [["leftOperand": "junkan:requester", "operator": "neq", "rightOperand": .string(Self.didB)]]]]
            ])
        let callbacks = Callbacks()
        try await app(tmp, callbacks).test(.router) { client in
            try await capture(client)
            let offer: JSONValue = [
                "@id": .string(DSPPolicyBook.offerID(dataset: Self.eventsOfC, policy: "urn:junkan:policy:x")), "@type": "Offer",
                "target": .string(Self.eventsOfC)
            ]
            var (status, answer) = try await send(
                client, .post, "/dsp/negotiations/request",
                DSPWire.contractRequest(consumerPid: "urn:uuid:c2", providerPid: nil, offer: offer, callbackAddress: Self.b))
            #expect(status == .created)
            let pid = answer.objectValue?["providerPid"]?.stringValue ?? ""
            let termination = try await callbacks.wait("/negotiations/urn:uuid:c2/termination")
            #expect(termination.objectValue?["reason"]?.arrayValue?.first?.stringValue?.contains("junkan:requester neq") == true)
            (status, answer) = try await send(client, .get, "/dsp/negotiations/" + pid)
            #expect(answer.objectValue?["state"] == "TERMINATED")
            // A callback on another host than the peer's is refused: this node posts only to the peer.
            (status, answer) = try await send(
                client, .post, "/dsp/negotiations/request",
                DSPWire.contractRequest(consumerPid: "urn:uuid:c3", providerPid: nil, offer: offer, callbackAddress: "http://169.254.169.254/cb"))
            #expect(status == .badRequest && answer.objectValue?["@type"] == "ContractNegotiationError")
            // Unsigned: 401, with the protocol's error object naming the consumer's process.
            (status, answer) = try await send(
                client, .post, "/dsp/negotiations/request",
                DSPWire.contractRequest(consumerPid: "urn:uuid:c4", providerPid: nil, offer: offer, callbackAddress: Self.b), signed: false)
            #expect(status == .unauthorized && answer.objectValue?["consumerPid"] == "urn:uuid:c4")
        }
    }

    /// The fixture's example messages are read where they are input a provider takes; the policies among them that
    /// constrain outside Junkan's vocabulary (`spatial`, `partner`) are refused with where.
    @Test func theFixtureExamplesAreReadAsInput() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("../shared/fixtures/dsp/DataspaceProtocol/artifacts/src/main/resources")
        let inputs = [
            ("catalog/example/catalog-request-message.json", "CatalogRequestMessage"),
            ("negotiation/example/contract-request-message_initial.json", "ContractRequestMessage"),
            ("negotiation/example/contract-request-message.json", "ContractRequestMessage"),
            ("negotiation/example/contract-agreement-verification-message.json", "ContractAgreementVerificationMessage"),
            ("negotiation/example/contract-negotiation-event-message.json", "ContractNegotiationEventMessage"),
            ("negotiation/example/contract-negotiation-termination-message.json", "ContractNegotiationTerminationMessage"),
            ("transfer/example/transfer-request-message.json", "TransferRequestMessage"),
            ("transfer/example/transfer-start-message.json", "TransferStartMessage"),
            ("transfer/example/transfer-completion-message.json", "TransferCompletionMessage"),
            ("transfer/example/transfer-suspension-message.json", "TransferSuspensionMessage"),
            ("transfer/example/transfer-termination-message.json", "TransferTerminationMessage")
        ]
        for (file, type) in inputs {
            let json = try JSONParser.parse(Array(try Data(contentsOf: root.appendingPathComponent(file))))
            let message = try DSPMessage(parsing: json, type: type)
            if let offer = message.object["offer"] { _ = try ODRLPolicy(parsing: offer, at: "/offer") }
        }
        let initial = try JSONParser.parse(
            Array(try Data(contentsOf: root.appendingPathComponent("negotiation/example/contract-request-message_initial.json"))))
        #expect(try DSPMessage(parsing: initial, type: "ContractRequestMessage").string("callbackAddress") == "https://example.com/callback")
        let full = try JSONParser.parse(Array(try Data(contentsOf: root.appendingPathComponent("negotiation/example/contract-agreement-message-full.json"))))
        #expect(
            throws: ODRLError.invalid(
                "/agreement/permission/1/constraint/0/and/0/leftOperand",
                "partner is outside Junkan's constraint vocabulary (junkan:requester, junkan:memberOf, purpose, dateTime, junkan:receiver)")
        ) {
            _ = try ODRLPolicy(parsing: full.objectValue?["agreement"] ?? .null, at: "/agreement")
        }
        // A message of another type, or without the DSP context, is refused with where.
        #expect(throws: DSPMessageError.invalid("/@type", "must be TransferStartMessage, found TransferCompletionMessage")) {
            _ = try DSPMessage(
                parsing: try JSONParser.parse(Array(try Data(contentsOf: root.appendingPathComponent("transfer/example/transfer-completion-message.json")))),
                type: "TransferStartMessage")
        }
        #expect(throws: DSPMessageError.invalid("/@context", "must name https://w3id.org/dspace/2025/1/context.jsonld")) {
            _ = try DSPMessage(parsing: ["@type": "CatalogRequestMessage"], type: "CatalogRequestMessage")
        }
    }
}
