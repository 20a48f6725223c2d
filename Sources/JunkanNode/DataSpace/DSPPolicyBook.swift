public import JunkanCore
public import JunkanStore

/// The dataset policies organisations attached (docs/dataspace.md), read once per request and looked up per dataset
/// without another store read: for each role, the policy whose target is the dataset's ID, else its kind, else `*`.
/// A dataset with no contract policy is not offered; one with no access policy is visible to every requester (its
/// contract policy still decides the negotiation).
public struct DSPPolicyBook: Sendable {
    struct Key: Hashable {
        var organisationID: String
        var role: DatasetPolicyRecord.Role
        var target: String
    }

    private var byKey: [Key: ODRLPolicy] = [:]

    /// Records that no longer read (they were checked when written) are skipped, so one cannot hide every other.
    public init(records: [DatasetPolicyRecord]) {
        for r in records {
            guard let json = try? JSONParser.parse(r.policy), let policy = try? ODRLPolicy(parsing: json) else { continue }
            byKey[Key(organisationID: r.organisationID, role: r.role, target: r.target)] = policy
        }
    }

    public func policy(_ role: DatasetPolicyRecord.Role, for dataset: DSPDataset) -> ODRLPolicy? {
        for target in [dataset.id, dataset.kind.rawValue, "*"] {
            if let p = byKey[Key(organisationID: dataset.organisationID, role: role, target: target)] { return p }
        }
        return nil
    }

    /// The offer of `dataset` under its contract policy: the policy's rules, with an ID of its own per dataset (the
    /// dataset's ID and the policy's), and no target (a catalog's offers have none; DSP 2025-1, Dataset).
    public func offer(for dataset: DSPDataset) -> ODRLPolicy? {
        guard let contract = policy(.contract, for: dataset) else { return nil }
        return Self.offer(contract, for: dataset)
    }

    public static func offer(_ contract: ODRLPolicy, for dataset: DSPDataset) -> ODRLPolicy {
        ODRLPolicy(
            id: offerID(dataset: dataset.id, policy: contract.id), kind: .offer, permissions: contract.permissions,
            prohibitions: contract.prohibitions, obligations: contract.obligations)
    }

    public static func offerID(dataset: String, policy: String) -> String { dataset + "#offer=" + policy }

    /// Whether the target is one a policy may name: a dataset kind, `*`, or a dataset ID.
    public static func validTarget(_ target: String) -> Bool {
        target == "*" || DSPDataset.Kind(rawValue: target) != nil || (target.hasPrefix(DSPDataset.prefix) && !target.contains("/"))
    }
}

extension DSPPolicyBook {
    /// Reads a policy an organisation writes (`junkan org policy set`): ODRL in the closed vocabulary, refused with the
    /// JSON pointer of what is outside it; an `Offer` or a `Set` (an agreement is made here, not written); for a
    /// dataset kind, `*` or a dataset ID of this node's form.
    public static func written(_ json: JSONValue, target: String) throws(ODRLError) -> ODRLPolicy {
        let policy = try ODRLPolicy(parsing: json)
        guard policy.kind != .agreement else { throw .invalid("/@type", "write an Offer or a Set: agreements are made by negotiation") }
        guard policy.target == nil, policy.assigner == nil, policy.assignee == nil else {
            throw .invalid("", "a dataset policy names no target, assigner or assignee: the dataset and the parties are filled in per offer")
        }
        guard validTarget(target) else {
            throw .invalid("", "the target must be a dataset kind (\(DSPDataset.Kind.allCases.map(\.rawValue).joined(separator: ", "))), * or a dataset ID")
        }
        return policy
    }
}
