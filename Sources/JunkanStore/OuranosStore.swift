/// What the Ouranos data-transaction API needs kept (issue 28, item 5; docs/ouranos.md): each organisation's Ouranos
/// account (its login ID and operator settings), the API keys of client systems, the access and refresh tokens issued
/// (as SHA-256 hashes only), and plants' names and addresses. Parts, structures and CFPs are derived from the events.
public protocol OuranosStore: Sendable {
    /// Adds or replaces an organisation's account; refuses an account ID another organisation has
    /// (`OuranosStoreError.accountTaken`).
    func putOuranosAccount(_ account: OuranosAccount) async throws
    func ouranosAccount(organisationID: String) async throws -> OuranosAccount?
    func ouranosAccount(login: String) async throws -> OuranosAccount?
    func ouranosAccounts() async throws -> [OuranosAccount]

    func addOuranosAPIKey(hash: String, name: String, createdAt: Int64) async throws
    func ouranosAPIKeyExists(hash: String) async throws -> Bool

    func saveOuranosToken(_ token: OuranosToken) async throws
    /// The token with this hash, unless it has expired by `now` (ms).
    func ouranosToken(hash: String, now: Int64) async throws -> OuranosToken?

    /// Adds or replaces a plant's name and address (by GLN).
    func putOuranosPlant(_ plant: OuranosPlant) async throws
    func ouranosPlants(organisationID: String) async throws -> [OuranosPlant]

    /// Parts an operator wrote (`PUT parts`, `PUT partsStructure`): not lots of this node's events but what another
    /// platform's client declared, each kept as its `PartsModel` (JSON) by trace ID.
    func putOuranosPart(_ part: OuranosStoredPart) async throws
    func ouranosStoredParts(organisationID: String) async throws -> [OuranosStoredPart]
    func ouranosStoredPart(traceID: String) async throws -> OuranosStoredPart?
    /// Removes a written part with its structure and CFPs; false when the operator has no such part.
    func deleteOuranosPart(traceID: String, organisationID: String) async throws -> Bool
    /// Replaces the children of a written parent part.
    func setOuranosStructure(parent: String, children: [String]) async throws
    func ouranosStructure(parent: String) async throws -> [String]
    /// Replaces the CFPs written for a part (its `CfpModel`s, JSON).
    func putOuranosCFPs(traceID: String, models: String) async throws
    func ouranosCFPs(traceID: String) async throws -> String?

    /// Trades between operators of this node: a downstream operator's request for the CFP of an upstream operator's part,
    /// and its status; newest first.
    func insertOuranosTrade(_ trade: OuranosTrade) async throws
    func updateOuranosTrade(_ trade: OuranosTrade) async throws
    func ouranosTrade(id: String) async throws -> OuranosTrade?
    func ouranosTrades(organisationID: String, downstream: Bool) async throws -> [OuranosTrade]
}

/// A trade (`TradeModel`) with its status (`StatusModel`): the downstream operator's part and the upstream operator it
/// asks, the upstream's part once it answers.
public struct OuranosTrade: Sendable, Equatable {
    public var tradeID: String
    public var statusID: String
    public var downstreamOrganisationID: String
    public var downstreamTraceID: String
    public var upstreamOrganisationID: String
    public var upstreamTraceID: String?
    /// `NOT_COMPLETED`, `COMPLETED`, `REJECT`, `CANCEL`.
    public var cfpResponseStatus: String
    /// `TERMINATED`, `UNTERMINATED`.
    public var tradeTreeStatus: String
    public var message: String?
    public var replyMessage: String?
    public var responseDueDate: String?
    /// Ms since the epoch.
    public var createdAt: Int64
    public var modifiedAt: Int64

    public init(
        tradeID: String, statusID: String, downstreamOrganisationID: String, downstreamTraceID: String, upstreamOrganisationID: String,
        upstreamTraceID: String? = nil, cfpResponseStatus: String = "NOT_COMPLETED", tradeTreeStatus: String = "UNTERMINATED",
        message: String? = nil, replyMessage: String? = nil, responseDueDate: String? = nil, createdAt: Int64, modifiedAt: Int64
    ) {
        self.tradeID = tradeID; self.statusID = statusID; self.downstreamOrganisationID = downstreamOrganisationID
        self.downstreamTraceID = downstreamTraceID; self.upstreamOrganisationID = upstreamOrganisationID; self.upstreamTraceID = upstreamTraceID
        self.cfpResponseStatus = cfpResponseStatus; self.tradeTreeStatus = tradeTreeStatus; self.message = message
        self.replyMessage = replyMessage; self.responseDueDate = responseDueDate; self.createdAt = createdAt; self.modifiedAt = modifiedAt
    }
}

/// A part an operator wrote through the Ouranos API.
public struct OuranosStoredPart: Sendable, Equatable {
    public var traceID: String
    public var organisationID: String
    /// The `PartsModel` as stored (JSON).
    public var model: String
    public init(traceID: String, organisationID: String, model: String) {
        self.traceID = traceID; self.organisationID = organisationID; self.model = model
    }
}

/// An organisation as an Ouranos operator: its login (an e-mail address, as the API's `operatorAccountId`), its local
/// operator ID (`openOperatorId`, in Japan the corporate number) and its address.
public struct OuranosAccount: Sendable, Equatable {
    public var organisationID: String
    public var login: String
    public var openOperatorID: String
    public var address: String
    public var globalOperatorID: String?
    public init(organisationID: String, login: String, openOperatorID: String, address: String, globalOperatorID: String? = nil) {
        self.organisationID = organisationID; self.login = login; self.openOperatorID = openOperatorID; self.address = address
        self.globalOperatorID = globalOperatorID
    }
}

public struct OuranosToken: Sendable, Equatable {
    public enum Kind: String, Sendable { case access, refresh }
    public var hash: String
    public var organisationID: String
    public var kind: Kind
    /// Ms since the epoch.
    public var expiresAt: Int64
    public init(hash: String, organisationID: String, kind: Kind, expiresAt: Int64) {
        self.hash = hash; self.organisationID = organisationID; self.kind = kind; self.expiresAt = expiresAt
    }
}

/// A plant (a site, by its GLN) as an organisation names it to Ouranos.
public struct OuranosPlant: Sendable, Equatable {
    public var gln: String
    public var organisationID: String
    public var name: String
    public var address: String
    public init(gln: String, organisationID: String, name: String, address: String) {
        self.gln = gln; self.organisationID = organisationID; self.name = name; self.address = address
    }
}

public enum OuranosStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    case accountTaken(String)
    public var description: String {
        switch self {
        case .accountTaken(let login): "the Ouranos account \(login) is another organisation's"
        }
    }
}
