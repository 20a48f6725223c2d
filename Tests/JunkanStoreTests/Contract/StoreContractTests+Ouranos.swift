import JunkanStore
import JunkanTestSupport
import Testing

/// `OuranosStore`: accounts by organisation and by login (a login is one organisation's), API keys and tokens by hash
/// (an expired token is not found), plants by GLN.
extension StoreContractTests {
    @Test(arguments: StoreBackend.available) func ouranosAccountsKeysTokensAndPlantsReadBackAsWritten(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let a = OuranosAccount(organisationID: "org-1", login: "a@example.com", openOperatorID: "1234567890123", address: "Tokyo")
            try await store.putOuranosAccount(a)
            var moved = a
            moved.address = "Osaka"
            moved.globalOperatorID = "did:web:a"
            try await store.putOuranosAccount(moved)
            #expect(try await store.ouranosAccount(organisationID: "org-1") == moved)
            #expect(try await store.ouranosAccount(login: "a@example.com") == moved)
            await #expect(throws: OuranosStoreError.accountTaken("a@example.com")) {
                try await store.putOuranosAccount(OuranosAccount(organisationID: "org-2", login: "a@example.com", openOperatorID: "9", address: "x"))
            }
            #expect(try await store.ouranosAccounts() == [moved])

            try await store.addOuranosAPIKey(hash: "k1", name: "client", createdAt: 1)
            #expect(try await store.ouranosAPIKeyExists(hash: "k1"))
            #expect(try await store.ouranosAPIKeyExists(hash: "k2") == false)

            let t = OuranosToken(hash: "t1", organisationID: "org-1", kind: .refresh, expiresAt: 1_000)
            try await store.saveOuranosToken(t)
            #expect(try await store.ouranosToken(hash: "t1", now: 999) == t)
            #expect(try await store.ouranosToken(hash: "t1", now: 1_000) == nil)

            let p = OuranosPlant(gln: "4512345000016", organisationID: "org-1", name: "Works", address: "Shizuoka")
            try await store.putOuranosPlant(p)
            var renamed = p
            renamed.name = "Works 1"
            try await store.putOuranosPlant(renamed)
            #expect(try await store.ouranosPlants(organisationID: "org-1") == [renamed])
            #expect(try await store.ouranosPlants(organisationID: "org-2").isEmpty)
        }
    }

    @Test(arguments: StoreBackend.available) func writtenOuranosPartsStructuresAndCFPs(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let parent = OuranosStoredPart(traceID: "t-parent", organisationID: "org-1", model: "{\"a\":1}")
            try await store.putOuranosPart(parent)
            try await store.putOuranosPart(OuranosStoredPart(traceID: "t-c1", organisationID: "org-1", model: "{}"))
            try await store.putOuranosPart(OuranosStoredPart(traceID: "t-c2", organisationID: "org-1", model: "{}"))
            // Another organisation cannot write over a part.
            try await store.putOuranosPart(OuranosStoredPart(traceID: "t-parent", organisationID: "org-2", model: "{\"b\":2}"))
            #expect(try await store.ouranosStoredPart(traceID: "t-parent") == parent)
            #expect(try await store.ouranosStoredParts(organisationID: "org-1").map(\.traceID) == ["t-c1", "t-c2", "t-parent"])
            try await store.setOuranosStructure(parent: "t-parent", children: ["t-c2", "t-c1"])
            #expect(try await store.ouranosStructure(parent: "t-parent") == ["t-c2", "t-c1"])
            try await store.setOuranosStructure(parent: "t-parent", children: ["t-c1"])
            #expect(try await store.ouranosStructure(parent: "t-parent") == ["t-c1"])
            try await store.putOuranosCFPs(traceID: "t-parent", models: "[1]")
            try await store.putOuranosCFPs(traceID: "t-parent", models: "[2]")
            #expect(try await store.ouranosCFPs(traceID: "t-parent") == "[2]")
            #expect(try await store.deleteOuranosPart(traceID: "t-parent", organisationID: "org-2") == false)
            #expect(try await store.deleteOuranosPart(traceID: "t-parent", organisationID: "org-1"))
            #expect(try await store.ouranosStoredPart(traceID: "t-parent") == nil)
            let structure = try await store.ouranosStructure(parent: "t-parent")
            let cfps = try await store.ouranosCFPs(traceID: "t-parent")
            #expect(structure.isEmpty && cfps == nil)
        }
    }
}

extension StoreContractTests {
    @Test(arguments: StoreBackend.available) func ouranosTradesReadBackNewestFirstByEitherSide(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let first = OuranosTrade(
                tradeID: "trade-1", statusID: "status-1", downstreamOrganisationID: "maker", downstreamTraceID: "t-1", upstreamOrganisationID: "recycler",
                message: "please", responseDueDate: "2026-12-31", createdAt: 1, modifiedAt: 1)
            var second = first
            second.tradeID = "trade-2"
            second.statusID = "status-2"
            second.createdAt = 2
            try await store.insertOuranosTrade(first)
            try await store.insertOuranosTrade(second)
            #expect(try await store.ouranosTrades(organisationID: "maker", downstream: true).map(\.tradeID) == ["trade-2", "trade-1"])
            #expect(try await store.ouranosTrades(organisationID: "recycler", downstream: false).map(\.tradeID) == ["trade-2", "trade-1"])
            #expect(try await store.ouranosTrades(organisationID: "maker", downstream: false).isEmpty)
            var answered = first
            answered.upstreamTraceID = "t-9"
            answered.cfpResponseStatus = "COMPLETED"
            answered.tradeTreeStatus = "TERMINATED"
            answered.replyMessage = "here"
            answered.modifiedAt = 5
            try await store.updateOuranosTrade(answered)
            #expect(try await store.ouranosTrade(id: "trade-1") == answered)
            #expect(try await store.ouranosTrade(id: "trade-3") == nil)
        }
    }
}
