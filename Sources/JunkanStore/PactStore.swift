public import JunkanCore

/// PACT v3 state: the clients that may read footprints, their access tokens, the published ProductFootprints and the
/// events partners sent. Tokens and client secrets are stored only as SHA-256 hashes.
public protocol PactStore: Sendable {
    func addPactClient(_ client: PactClient) async throws
    func pactClient(id: String) async throws -> PactClient?
    /// Stores a new token and drops tokens that expired more than a day before `now`.
    func savePactToken(_ token: PactToken, now: Int64) async throws
    func pactToken(hash: String) async throws -> PactToken?

    /// Ids of the organisation's Active footprints of `subject` (the lot or item).
    func activePactFootprintIDs(organisationID: String, subject: String) async throws -> [String]
    /// Stores `footprint` and marks `replacing` Deprecated in one transaction — only if `replacing` is still exactly the
    /// organisation's Active set for the subject (else nothing is written and the result is false: publish again).
    func publishPactFootprint(_ footprint: PactFootprintRecord, replacing: [String]) async throws -> Bool
    func pactFootprint(id: String) async throws -> PactFootprintRecord?
    /// Footprints stored after row `after`, in row order (publication order), at most `limit`.
    func pactFootprints(after: Int64, limit: Int) async throws -> [PactFootprintRecord]

    /// Records an event a partner sent; false when (source, id) was already recorded (CloudEvents identity).
    func recordPactEvent(_ event: PactEventRecord) async throws -> Bool
    func setPactEventOutcome(source: String, id: String, outcome: String) async throws
    func pactEvent(source: String, id: String) async throws -> PactEventRecord?
}

extension PactStore {
    /// The footprints after row `after` that `filter` matches, in publication order, at most `limit`, and whether more
    /// match beyond them. Filters run over the stored facets, 500 rows at a time.
    public func pactFootprints(matching filter: PactFilter, after: Int64, limit: Int) async throws -> (page: [PactFootprintRecord], more: Bool) {
        var page: [PactFootprintRecord] = []
        var cursor = after
        while true {
            let chunk = try await pactFootprints(after: cursor, limit: 500)
            for r in chunk where filter.matches(r.facets) {
                if page.count == limit { return (page, true) }
                page.append(r)
            }
            guard let last = chunk.last, chunk.count == 500 else { return (page, false) }
            cursor = last.row
        }
    }
}

public struct PactClient: Sendable, Equatable {
    public var id: String
    public var name: String
    public var secretHash: String
    public var createdAt: Int64
    public init(id: String, name: String, secretHash: String, createdAt: Int64) {
        self.id = id; self.name = name; self.secretHash = secretHash; self.createdAt = createdAt
    }
}

public struct PactToken: Sendable, Equatable {
    public var hash: String
    public var clientID: String
    public var expiresAt: Int64
    public init(hash: String, clientID: String, expiresAt: Int64) { self.hash = hash; self.clientID = clientID; self.expiresAt = expiresAt }
}

public struct PactFootprintRecord: Sendable, Equatable {
    public var row: Int64
    public var id: String
    public var organisationID: String
    public var subject: String
    public var created: Int64
    /// The stored JSON says "Active"; a later publication for the same subject sets this to "Deprecated".
    public var facets: PactFootprintFacets
    public var json: String
    public init(row: Int64 = 0, id: String, organisationID: String, subject: String, created: Int64, facets: PactFootprintFacets, json: String) {
        self.row = row; self.id = id; self.organisationID = organisationID; self.subject = subject; self.created = created
        self.facets = facets; self.json = json
    }
}

public struct PactEventRecord: Sendable, Equatable {
    public var source: String
    public var id: String
    public var type: String
    public var clientID: String
    public var receivedAt: Int64
    public var json: String
    /// What became of it: "accepted", "fulfilled", "rejected: …", "delivery failed: …".
    public var outcome: String
    public init(source: String, id: String, type: String, clientID: String, receivedAt: Int64, json: String, outcome: String) {
        self.source = source; self.id = id; self.type = type; self.clientID = clientID; self.receivedAt = receivedAt; self.json = json
        self.outcome = outcome
    }
}
