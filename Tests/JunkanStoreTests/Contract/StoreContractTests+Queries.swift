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

/// Subscriptions: kept with their query, moved only from the position a delivery started at, leased to one process.
extension StoreContractTests {
    static func subscription(_ id: String, query: String = "all", position: Int64 = 0) -> QuerySubscription {
        QuerySubscription(
            id: id, queryName: query, organisationID: "org-1", dest: "https://example.com/hook", signatureToken: "t", stream: true,
            schedule: nil, reportIfEmpty: false, initialRecordTime: nil, position: position, createdAt: 5)
    }

    @Test(arguments: StoreBackend.available) func subscriptionsMoveOnlyFromWhereTheirDeliveryStarted(_ backend: StoreBackend) async throws {
        try await backend.withStore { (store: any ContractStore) async throws in
            #expect(try await store.addSubscription(Self.subscription("s1")) == false)  // no such query yet
            #expect(try await store.addNamedQuery(NamedQuery(name: "all", query: "{}", organisationID: "org-1", createdAt: 1)))
            #expect(try await store.addSubscription(Self.subscription("s1")))
            #expect(try await store.addSubscription(Self.subscription("s2", position: 7)))
            #expect(try await store.subscription(id: "s1") == Self.subscription("s1"))
            #expect(try await store.subscriptions(queryName: "all", after: nil, limit: 10).map(\.id) == ["s1", "s2"])
            #expect(try await store.subscriptions(queryName: "all", after: "s1", limit: 10).map(\.id) == ["s2"])
            // A failure counts and keeps the position; a delivery from a stale position changes nothing.
            #expect(try await store.recordDelivery(id: "s1", from: 0, .failed(error: "HTTP 503", at: 10, retryAt: 20)))
            #expect(try await store.recordDelivery(id: "s1", from: 0, .failed(error: "HTTP 500", at: 21, retryAt: 40)))
            var s = try #require(try await store.subscription(id: "s1"))
            #expect(s.failures == 2 && s.lastError == "HTTP 500" && s.retryAt == 40 && s.position == 0)
            #expect(try await store.recordDelivery(id: "s1", from: 3, .delivered(position: 9, at: 50, nextRun: nil)) == false)
            #expect(try await store.recordDelivery(id: "s1", from: 0, .delivered(position: 9, at: 50, nextRun: nil)))
            s = try #require(try await store.subscription(id: "s1"))
            #expect(s.position == 9 && s.failures == 0 && s.lastError == nil && s.retryAt == nil && s.lastNotifiedAt == 50)
            #expect(try await store.recordDelivery(id: "s1", from: 9, .passed(position: 12, nextRun: 99)))
            s = try #require(try await store.subscription(id: "s1"))
            #expect(s.position == 12 && s.nextRun == 99 && s.lastNotifiedAt == 50)
            // One owner at a time until the lease lapses; the owner renews its own.
            #expect(try await store.leaseSubscription(id: "s1", owner: "a", now: 100, until: 200))
            #expect(try await store.leaseSubscription(id: "s1", owner: "b", now: 150, until: 250) == false)
            #expect(try await store.leaseSubscription(id: "s1", owner: "a", now: 150, until: 300))
            #expect(try await store.leaseSubscription(id: "s1", owner: "b", now: 299, until: 400) == false)
            #expect(try await store.leaseSubscription(id: "s1", owner: "b", now: 301, until: 400))
            #expect(try await store.removeSubscription(id: "s2"))
            #expect(try await store.removeSubscription(id: "s2") == false)
            // Deleting the query ends its subscriptions.
            #expect(try await store.removeNamedQuery(name: "all"))
            #expect(try await store.allSubscriptions().isEmpty)
        }
    }

    @Test(arguments: StoreBackend.available) func commitSequenceBeforeARecordTime(_ backend: StoreBackend) async throws {
        try await backend.withStore { (store: any ContractStore) async throws in
            #expect(try await store.commitSequence(recordedBefore: 10_000) == 0)
            _ = try await store.capture(try Self.records(0..<5, recordTime: 1_000))
            let committed = try await store.events(committedAfter: 0, limit: 10)
            #expect(try await store.commitSequence(recordedBefore: 1_000) == 0)
            #expect(try await store.commitSequence(recordedBefore: 1_002) == committed[1].sequence)
            #expect(try await store.commitSequence(recordedBefore: 99_999) == committed[4].sequence)
            #expect(try await store.lastCommitSequence() == committed[4].sequence)
        }
    }

    /// What a subscription asks of each event (`EventQuery.matches`) agrees with what the store's query returns.
    @Test(arguments: StoreBackend.available) func matchingOneEventAgreesWithTheQuery(_ backend: StoreBackend) async throws {
        try await backend.withStore { (store: any ContractStore) async throws in
            _ = try await store.capture(try Self.records(0..<12) + Self.records(20..<24, recordTime: 3_000, transformation: true))
            let all = try await Self.all(store, EventQuery())
            var queries: [EventQuery] = []
            var q = EventQuery()
            q.bizSteps = ["https://ref.gs1.org/cbv/BizStep-shipping"]
            queries.append(q)
            q = EventQuery()
            q.eventTypes = ["TransformationEvent"]
            q.recordTimeFrom = 3_021
            queries.append(q)
            q = EventQuery()
            q.identifierMatches = [([.epc, .child], [EventQuery.IdentifierMatch(value: "https://id.gs1.org/01/04012345111118", isPrefix: true)])]
            q.eventTimeTo = all[5].eventTime
            queries.append(q)
            q = EventQuery()
            q.predicates = [.quantity(uom: nil, .greater(QueryValue("0")))]
            queries.append(q)
            for query in queries {
                let stored = try await Self.all(store, query).map(\.eventID)
                #expect(!stored.isEmpty && stored.count < all.count)
                #expect(all.filter(query.matches).map(\.eventID) == stored)
            }
        }
    }
}
