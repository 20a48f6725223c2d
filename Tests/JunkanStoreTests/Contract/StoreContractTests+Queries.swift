import JunkanCore
import JunkanStore
import JunkanTestSupport
import Testing

/// Named queries, the distinct values of the discovery resources, and filtered pages, on every backend.
extension StoreContractTests {
    @Test(arguments: StoreBackend.available) func namedQueriesKeepTheirNameOnce(_ backend: StoreBackend) async throws {
        try await backend.withStore { (store: any ContractStore) async throws in
            let q = NamedQuery(name: "shipping", query: #"{"EQ_bizStep":["shipping"]}"#, organisationID: "org-1", createdAt: 7)
            #expect(try await store.addNamedQuery(q))
            var other = q
            other.organisationID = "org-2"
            other.query = "{}"
            #expect(try await store.addNamedQuery(other) == false)
            #expect(try await store.namedQuery(name: "shipping") == q)
            for name in ["b", "a", "Z", "c"] {
                #expect(try await store.addNamedQuery(NamedQuery(name: name, query: "{}", organisationID: "org-1", createdAt: 8)))
            }
            // Byte order: upper case before lower.
            #expect(try await store.namedQueries(after: nil, limit: 3).map(\.name) == ["Z", "a", "b"])
            #expect(try await store.namedQueries(after: "b", limit: 3).map(\.name) == ["c", "shipping"])
            #expect(try await store.removeNamedQuery(name: "shipping"))
            #expect(try await store.removeNamedQuery(name: "shipping") == false)
            #expect(try await store.namedQuery(name: "shipping") == nil)
        }
    }

    @Test(arguments: StoreBackend.available) func distinctValuesInOrderAndPaged(_ backend: StoreBackend) async throws {
        try await backend.withStore { (store: any ContractStore) async throws in
            _ = try await store.capture(try Self.records(0..<6) + Self.records(0..<2, transformation: true))
            let steps = try await store.distinctValues(of: .bizStep, after: nil, limit: 10)
            #expect(steps == steps.sorted() && Set(steps).count == steps.count && steps.contains("https://ref.gs1.org/cbv/BizStep-shipping"))
            #expect(try await store.distinctValues(of: .bizStep, after: steps[0], limit: 10) == Array(steps.dropFirst()))
            #expect(try await store.distinctValues(of: .bizStep, after: nil, limit: 1) == [steps[0]])
            let epcs = try await store.distinctValues(of: .epc, after: nil, limit: 100)
            // Six serialised items; the transformations' lots are classes, not EPCs.
            #expect(epcs.count == 6 && epcs == epcs.sorted())
            #expect(try await store.distinctValues(of: .epc, after: epcs[4], limit: 100) == [epcs[5]])
            #expect(try await store.distinctValues(of: .bizLocation, after: nil, limit: 10).count <= 1)
        }
    }

    /// A predicate the index cannot answer: pages hold only the events it keeps, and the cursor carries on after the
    /// last one returned.
    @Test(arguments: StoreBackend.available) func filteredPagesKeepOnlyWhatThePredicateHolds(_ backend: StoreBackend) async throws {
        try await backend.withStore { (store: any ContractStore) async throws in
            _ = try await store.capture(try Self.records(0..<30))
            var q = EventQuery()
            q.predicates = [.field(ExtensionField(place: .event, inner: false, name: "nothing:here", iri: nil), nil)]
            #expect(try await store.events(matching: q).events.isEmpty)
            // Every event is an ObjectEvent with one EPC: a predicate that holds for all pages like no predicate.
            q.predicates = [.location(readPoint: false, anyOf: [])]
            #expect(try await Self.all(store, q).isEmpty)
            q.predicates = [.quantity(uom: nil, .anyOf([QueryValue("1")]))]
            #expect(try await Self.all(store, q).isEmpty)
            var all = EventQuery()
            all.perPage = 7
            all.countLimit = 10
            #expect(try await Self.all(store, all).count == 10)
        }
    }
}
