import JunkanCore
import JunkanStore
import JunkanTestSupport
import Testing

/// `PactStore`: clients and tokens by hash, publication that replaces exactly the Active set it saw, events once.
extension StoreContractTests {
    static func footprint(_ id: String, org: String = "org-1", subject: String = "lot-1", status: String = "Active") -> PactFootprintRecord {
        PactFootprintRecord(
            id: id, organisationID: org, subject: subject, created: 1,
            facets: PactFootprintFacets(
                status: status, productIds: ["urn:gtin:1"], companyIds: ["urn:c:1"], classifications: ["c1"], geography: "JP",
                validFrom: 10, validTo: 20),
            json: "{\"id\":\"\(id)\"}")
    }

    @Test(arguments: StoreBackend.available) func pactClientsAndTokensAreFoundByHash(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let client = PactClient(id: "c1", name: "Buyer", secretHash: TokenHash.sha256Hex("secret"), createdAt: 3)
            try await store.addPactClient(client)
            #expect(try await store.pactClient(id: "c1") == client)
            #expect(try await store.pactClient(id: "c2") == nil)
            let day: Int64 = 86_400_000
            let old = PactToken(hash: "h-old", clientID: "c1", expiresAt: 10 * day)
            let recent = PactToken(hash: "h-recent", clientID: "c1", expiresAt: 11 * day + 5)
            try await store.savePactToken(old, now: 10 * day)
            try await store.savePactToken(recent, now: 10 * day)
            #expect(try await store.pactToken(hash: "h-old") == old)
            // Saving a token drops those that expired more than a day before now; a token expired less long ago stays.
            try await store.savePactToken(PactToken(hash: "h-new", clientID: "c1", expiresAt: 13 * day), now: 12 * day + 1)
            #expect(try await store.pactToken(hash: "h-old") == nil)
            #expect(try await store.pactToken(hash: "h-recent") == recent)
            #expect(try await store.pactToken(hash: "h-new")?.expiresAt == 13 * day)
        }
    }

    @Test(arguments: StoreBackend.available) func aFootprintReplacesOnlyTheActiveSetItWasPublishedAgainst(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            #expect(try await store.publishPactFootprint(Self.footprint("f1"), replacing: []))
            #expect(try await store.publishPactFootprint(Self.footprint("f-other", org: "org-2"), replacing: []))
            #expect(try await store.activePactFootprintIDs(organisationID: "org-1", subject: "lot-1") == ["f1"])
            // A publisher that saw no Active footprint lost the race: nothing written.
            #expect(try await store.publishPactFootprint(Self.footprint("f2"), replacing: []) == false)
            #expect(try await store.pactFootprint(id: "f2") == nil)
            #expect(try await store.publishPactFootprint(Self.footprint("f3"), replacing: ["f1"]))
            #expect(try await store.activePactFootprintIDs(organisationID: "org-1", subject: "lot-1") == ["f3"])
            #expect(try await store.activePactFootprintIDs(organisationID: "org-2", subject: "lot-1") == ["f-other"])
            #expect(try await store.pactFootprint(id: "f1")?.facets.status == "Deprecated")
            let f3 = try #require(try await store.pactFootprint(id: "f3"))
            #expect(f3.facets == Self.footprint("f3").facets && f3.json == Self.footprint("f3").json && f3.subject == "lot-1")
            // Listed in publication order, after a row.
            let all = try await store.pactFootprints(after: 0, limit: 10)
            #expect(all.map(\.id) == ["f1", "f-other", "f3"])
            #expect(zip(all.dropFirst(), all).allSatisfy { $0.row > $1.row })
            #expect(try await store.pactFootprints(after: all[0].row, limit: 1).map(\.id) == ["f-other"])
            var active = PactFilter()
            active.productIds = ["urn:gtin:1"]
            let page = try await store.pactFootprints(matching: active, after: 0, limit: 2)
            #expect(page.page.map(\.id) == ["f1", "f-other"] && page.more)
        }
    }

    @Test(arguments: StoreBackend.available) func aPartnersEventIsRecordedOnce(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let event = PactEventRecord(
                source: "https://a.example", id: "e1", type: "RequestCreated", clientID: "c1", receivedAt: 4, json: "{}", outcome: "accepted")
            #expect(try await store.recordPactEvent(event))
            var again = event
            again.json = "{\"x\":1}"
            #expect(try await store.recordPactEvent(again) == false)
            #expect(try await store.pactEvent(source: "https://a.example", id: "e1") == event)
            try await store.setPactEventOutcome(source: "https://a.example", id: "e1", outcome: "fulfilled")
            #expect(try await store.pactEvent(source: "https://a.example", id: "e1")?.outcome == "fulfilled")
            #expect(try await store.pactEvent(source: "https://b.example", id: "e1") == nil)
        }
    }
}
