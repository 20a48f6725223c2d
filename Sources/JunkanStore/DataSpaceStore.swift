public import JunkanCore

/// What the Dataspace Protocol connector keeps (issue 28; docs/dataspace.md): the ODRL policies organisations attach to
/// their datasets, the groups of peers those policies may name, and the contract negotiations and transfer processes
/// this node runs as a provider. A negotiation or transfer moves only by compare-and-set on its state, so two messages
/// for one process cannot both make a transition (processes of one node share the store).
public protocol DataSpaceStore: Sendable {
    /// Adds a policy, or replaces the one with its ID.
    func putDatasetPolicy(_ policy: DatasetPolicyRecord) async throws
    /// Removes a policy; false when there was none with that ID.
    func removeDatasetPolicy(id: String) async throws -> Bool
    func datasetPolicies() async throws -> [DatasetPolicyRecord]

    /// Adds a peer (its base URL) to a named group, or takes it out.
    func setPeerGroup(_ group: String, node: String, member: Bool) async throws
    /// Each group's members (peers' base URLs), by group name.
    func peerGroups() async throws -> [String: Set<String>]

    func insertNegotiation(_ negotiation: DSPNegotiationRecord) async throws
    func negotiation(providerPid: String) async throws -> DSPNegotiationRecord?
    /// The negotiation whose agreement has this ID.
    func negotiation(agreementID: String) async throws -> DSPNegotiationRecord?
    /// Writes `negotiation` if the stored one is still in state `from`; false when another message moved it first.
    func updateNegotiation(_ negotiation: DSPNegotiationRecord, from: DSPNegotiationState) async throws -> Bool

    func insertTransfer(_ transfer: DSPTransferRecord) async throws
    func transfer(providerPid: String) async throws -> DSPTransferRecord?
    /// The transfer a pull token (its SHA-256, hex) was issued for.
    func transfer(tokenHash: String) async throws -> DSPTransferRecord?
    /// Writes `transfer` if the stored one is still in state `from`; false when another message moved it first.
    func updateTransfer(_ transfer: DSPTransferRecord, from: DSPTransferState) async throws -> Bool
}

/// An ODRL policy an organisation attached to its datasets: an access policy decides who sees the offer in the
/// catalog, a contract policy is the usage terms the offer proposes and the agreement carries (as Catena-X splits
/// them). `target` is a dataset kind (`passport`, `footprint`, `events`, `circularity`), `*` for all of the
/// organisation's datasets, or one dataset's ID; the most specific policy of each role applies.
public struct DatasetPolicyRecord: Sendable, Equatable {
    /// `release`: which other nodes may pull the organisation's trace events through the federation (docs/federation.md),
    /// in place of its named release policy; its target is `events`.
    public enum Role: String, Sendable, CaseIterable { case access, contract, release }

    /// The policy's `@id`.
    public var id: String
    public var organisationID: String
    public var role: Role
    public var target: String
    /// The policy as written (JSON), read back with `ODRLPolicy(parsing:)`.
    public var policy: String
    /// Ms since the epoch.
    public var createdAt: Int64

    public init(id: String, organisationID: String, role: Role, target: String, policy: String, createdAt: Int64) {
        self.id = id; self.organisationID = organisationID; self.role = role; self.target = target; self.policy = policy; self.createdAt = createdAt
    }
}

/// A contract negotiation this node runs as provider.
public struct DSPNegotiationRecord: Sendable, Equatable {
    public var providerPid: String
    public var consumerPid: String
    public var state: DSPNegotiationState
    /// The consumer: the registered peer (its base URL) that signed the request.
    public var consumer: String
    public var callbackAddress: String
    public var datasetID: String
    /// The offer the consumer asked for, as this node offered it (JSON).
    public var offer: String
    /// The agreement sent (JSON) and its ID, once agreed.
    public var agreement: String?
    public var agreementID: String?
    /// Why it was terminated, when it was.
    public var reason: String?
    /// Ms since the epoch.
    public var updatedAt: Int64

    public init(
        providerPid: String, consumerPid: String, state: DSPNegotiationState, consumer: String, callbackAddress: String, datasetID: String,
        offer: String, agreement: String? = nil, agreementID: String? = nil, reason: String? = nil, updatedAt: Int64
    ) {
        self.providerPid = providerPid; self.consumerPid = consumerPid; self.state = state; self.consumer = consumer
        self.callbackAddress = callbackAddress; self.datasetID = datasetID; self.offer = offer; self.agreement = agreement
        self.agreementID = agreementID; self.reason = reason; self.updatedAt = updatedAt
    }
}

/// A transfer process this node runs as provider, under a finalized agreement; its pull token is kept only as a hash.
public struct DSPTransferRecord: Sendable, Equatable {
    public var providerPid: String
    public var consumerPid: String
    public var state: DSPTransferState
    public var agreementID: String
    public var consumer: String
    public var callbackAddress: String
    public var format: String
    /// SHA-256 (hex) of the bearer token the start message carried, and when it stops working (ms since the epoch).
    public var tokenHash: String?
    public var tokenExpiresAt: Int64?
    public var reason: String?
    public var updatedAt: Int64

    public init(
        providerPid: String, consumerPid: String, state: DSPTransferState, agreementID: String, consumer: String, callbackAddress: String,
        format: String, tokenHash: String? = nil, tokenExpiresAt: Int64? = nil, reason: String? = nil, updatedAt: Int64
    ) {
        self.providerPid = providerPid; self.consumerPid = consumerPid; self.state = state; self.agreementID = agreementID
        self.consumer = consumer; self.callbackAddress = callbackAddress; self.format = format; self.tokenHash = tokenHash
        self.tokenExpiresAt = tokenExpiresAt; self.reason = reason; self.updatedAt = updatedAt
    }
}
