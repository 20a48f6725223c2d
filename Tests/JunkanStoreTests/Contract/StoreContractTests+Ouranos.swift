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
}
