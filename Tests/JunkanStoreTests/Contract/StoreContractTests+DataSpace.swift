import JunkanCore
import JunkanStore
import JunkanTestSupport
import Testing

/// `DataSpaceStore`: dataset policies replace by ID; peer groups; negotiations and transfers move only by
/// compare-and-set on their state, so of two messages for one process only the first makes its transition.
extension StoreContractTests {
    @Test(arguments: StoreBackend.available) func datasetPoliciesAndPeerGroupsReadBackAsWritten(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let a = DatasetPolicyRecord(id: "urn:p:1", organisationID: "org-1", role: .contract, target: "events", policy: "{\"a\":1}", createdAt: 5)
            let b = DatasetPolicyRecord(id: "urn:p:0", organisationID: "org-2", role: .access, target: "*", policy: "{}", createdAt: 6)
            try await store.putDatasetPolicy(a)
            try await store.putDatasetPolicy(b)
            var replaced = a
            replaced.target = "passport"
            replaced.policy = "{\"a\":2}"
            try await store.putDatasetPolicy(replaced)
            #expect(try await store.datasetPolicies() == [b, replaced])
            #expect(try await store.removeDatasetPolicy(id: "urn:p:0"))
            #expect(try await store.removeDatasetPolicy(id: "urn:p:0") == false)
            #expect(try await store.datasetPolicies() == [replaced])

            try await store.setPeerGroup("partners", node: "https://b.example", member: true)
            try await store.setPeerGroup("partners", node: "https://b.example", member: true)
            try await store.setPeerGroup("partners", node: "https://c.example", member: true)
            try await store.setPeerGroup("auditors", node: "https://c.example", member: true)
            try await store.setPeerGroup("partners", node: "https://b.example", member: false)
            #expect(try await store.peerGroups() == ["partners": ["https://c.example"], "auditors": ["https://c.example"]])
        }
    }

    @Test(arguments: StoreBackend.available) func negotiationsAndTransfersMoveOnlyFromTheStateTheyAreIn(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let n = DSPNegotiationRecord(
                providerPid: "urn:uuid:p1", consumerPid: "urn:uuid:c1", state: .requested, consumer: "https://b.example",
                callbackAddress: "https://b.example/cb", datasetID: "urn:junkan:dataset:events:01:x:10:L1", offer: "{}", updatedAt: 1)
            try await store.insertNegotiation(n)
            #expect(try await store.negotiation(providerPid: "urn:uuid:p1") == n)
            var agreed = n
            agreed.state = .agreed
            agreed.agreement = "{\"@id\":\"urn:uuid:a1\"}"
            agreed.agreementID = "urn:uuid:a1"
            agreed.updatedAt = 2
            #expect(try await store.updateNegotiation(agreed, from: .requested))
            var terminated = n
            terminated.state = .terminated
            terminated.reason = "late"
            // A second message read while the first was made: its transition is from a state the negotiation left.
            #expect(try await store.updateNegotiation(terminated, from: .requested) == false)
            #expect(try await store.negotiation(providerPid: "urn:uuid:p1") == agreed)
            #expect(try await store.negotiation(agreementID: "urn:uuid:a1") == agreed)
            #expect(try await store.negotiation(agreementID: "urn:uuid:none") == nil)

            let t = DSPTransferRecord(
                providerPid: "urn:uuid:t1", consumerPid: "urn:uuid:ct1", state: .requested, agreementID: "urn:uuid:a1", consumer: "https://b.example",
                callbackAddress: "https://b.example/cb", format: "HttpData-PULL", updatedAt: 3)
            try await store.insertTransfer(t)
            var started = t
            started.state = .started
            started.tokenHash = "ab"
            started.tokenExpiresAt = 99
            #expect(try await store.updateTransfer(started, from: .requested))
            #expect(try await store.updateTransfer(started, from: .requested) == false)
            #expect(try await store.transfer(tokenHash: "ab") == started)
            var completed = started
            completed.state = .completed
            completed.tokenHash = nil
            completed.tokenExpiresAt = nil
            #expect(try await store.updateTransfer(completed, from: .started))
            #expect(try await store.transfer(tokenHash: "ab") == nil)
            #expect(try await store.transfer(providerPid: "urn:uuid:t1") == completed)
        }
    }
}
