/// An ODRL 2.2 policy as the Dataspace Protocol 2025-1 carries it (compact JSON-LD under the DSP context: `Offer`,
/// `Agreement` or `Set`, with `permission`, `prohibition` and `obligation` rules), restricted to Junkan's closed constraint
/// vocabulary (`ODRLConstraint.Operand`, docs/dataspace.md): a policy that names anything outside it is refused when it
/// is read, with the JSON pointer of what is wrong, never accepted and then ignored (issue 28, item 2).
public struct ODRLPolicy: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case offer = "Offer"
        case agreement = "Agreement"
        case set = "Set"
    }

    /// A permission, prohibition or obligation: an action under constraints (all of which must hold).
    public struct Rule: Sendable, Equatable {
        public var action: String
        public var constraints: [ODRLConstraint]
        public init(action: String, constraints: [ODRLConstraint] = []) { self.action = action; self.constraints = constraints }
    }

    /// The actions a rule may name: ODRL's `use` (what DSP agreements grant), and `distribute` for a consumer that passes
    /// data on.
    public static let actions: Set<String> = ["use", "distribute"]

    public var id: String
    public var kind: Kind
    public var permissions: [Rule]
    public var prohibitions: [Rule]
    public var obligations: [Rule]
    /// Agreements name what they are about, who granted and who received them, and when; an offer in a negotiation
    /// names its target too.
    public var target: String?
    public var assigner: String?
    public var assignee: String?
    public var timestamp: String?

    public init(
        id: String, kind: Kind, permissions: [Rule] = [], prohibitions: [Rule] = [], obligations: [Rule] = [], target: String? = nil,
        assigner: String? = nil, assignee: String? = nil, timestamp: String? = nil
    ) {
        self.id = id; self.kind = kind; self.permissions = permissions; self.prohibitions = prohibitions; self.obligations = obligations
        self.target = target; self.assigner = assigner; self.assignee = assignee; self.timestamp = timestamp
    }

    /// Reads a policy, member by member; `pointer` says where it sits in the message, for errors.
    public init(parsing value: JSONValue, at pointer: String = "") throws(ODRLError) {
        guard let o = value.objectValue else { throw .invalid(pointer, "a policy must be a JSON object") }
        guard let id = o["@id"]?.stringValue, !id.isEmpty else { throw .invalid(pointer + "/@id", "a policy needs an @id") }
        guard let t = o["@type"]?.stringValue, let kind = Kind(rawValue: t) else {
            throw .invalid(pointer + "/@type", "must be one of \(Kind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let known: Set<String> = [
            "@id", "@type", "@context", "permission", "prohibition", "obligation", "target", "assigner", "assignee", "timestamp", "profile"
        ]
        if let other = o.members.first(where: { !known.contains($0.key) })?.key {
            throw .invalid(pointer + JSONPointer([other]).description, "is not a policy member Junkan reads (docs/dataspace.md)")
        }
        func rules(_ name: String) throws(ODRLError) -> [Rule] {
            guard let v = o[name] else { return [] }
            guard let list = v.arrayValue, !list.isEmpty else { throw .invalid(pointer + "/" + name, "must be a non-empty array of rules") }
            var out: [Rule] = []
            for (i, r) in list.enumerated() { out.append(try Self.rule(r, at: pointer + "/\(name)/\(i)")) }
            return out
        }
        func text(_ name: String) throws(ODRLError) -> String? {
            guard let v = o[name] else { return nil }
            guard let s = v.stringValue, !s.isEmpty else { throw .invalid(pointer + "/" + name, "must be a non-empty string") }
            return s
        }
        self.init(
            id: id, kind: kind, permissions: try rules("permission"), prohibitions: try rules("prohibition"), obligations: try rules("obligation"),
            target: try text("target"), assigner: try text("assigner"), assignee: try text("assignee"), timestamp: try text("timestamp"))
        guard !permissions.isEmpty || !prohibitions.isEmpty else {
            throw .invalid(pointer, "a policy needs a permission or a prohibition")
        }
        if kind == .agreement, target == nil || assigner == nil || assignee == nil {
            throw .invalid(pointer, "an Agreement names its target, assigner and assignee")
        }
    }

    static func rule(_ value: JSONValue, at pointer: String) throws(ODRLError) -> Rule {
        guard let o = value.objectValue else { throw .invalid(pointer, "a rule must be a JSON object") }
        if let other = o.members.first(where: { !["action", "constraint"].contains($0.key) })?.key {
            throw .invalid(pointer + JSONPointer([other]).description, "is not a rule member Junkan reads (docs/dataspace.md)")
        }
        guard let action = o["action"]?.stringValue.map(Self.shortName) else { throw .invalid(pointer + "/action", "a rule needs an action") }
        guard Self.actions.contains(action) else {
            throw .invalid(pointer + "/action", "\(action) is not an action Junkan offers (\(Self.actions.sorted().joined(separator: ", ")))")
        }
        var constraints: [ODRLConstraint] = []
        if let list = o["constraint"] {
            guard let a = list.arrayValue else { throw .invalid(pointer + "/constraint", "must be an array") }
            for (i, c) in a.enumerated() { constraints.append(try ODRLConstraint(parsing: c, at: pointer + "/constraint/\(i)")) }
        }
        return Rule(action: action, constraints: constraints)
    }

    /// `odrl:use` or its IRI → `use`.
    static func shortName(_ term: String) -> String {
        for prefix in ["odrl:", "http://www.w3.org/ns/odrl/2/"] where term.hasPrefix(prefix) { return String(term.dropFirst(prefix.count)) }
        return term
    }

    /// The policy in the compact form DSP messages carry (without `@context`: the message has it).
    public var json: JSONValue {
        var o = JSONObject([("@id", .string(id)), ("@type", .string(kind.rawValue))])
        for (name, list) in [("permission", permissions), ("prohibition", prohibitions), ("obligation", obligations)] where !list.isEmpty {
            o[name] = .array(
                list.map { r in
                    var ro = JSONObject([("action", .string(r.action))])
                    if !r.constraints.isEmpty { ro["constraint"] = .array(r.constraints.map(\.json)) }
                    return .object(ro)
                })
        }
        if let target { o["target"] = .string(target) }
        if let assigner { o["assigner"] = .string(assigner) }
        if let assignee { o["assignee"] = .string(assignee) }
        if let timestamp { o["timestamp"] = .string(timestamp) }
        return .object(o)
    }

    /// Whether a rule of it has a constraint about `operand`.
    public func mentions(_ operand: ODRLConstraint.Operand) -> Bool {
        (permissions + prohibitions + obligations).contains { $0.constraints.contains { $0.mentions(operand) } }
    }

    /// Whether `action` is permitted to the requester `context` describes: some permission of that action has every
    /// constraint hold, and no prohibition of it does. Each reason a permission failed is given back, for a refusal.
    public func evaluate(action: String = "use", _ context: ODRLContext) -> ODRLDecision {
        var reasons: [String] = []
        for p in prohibitions where p.action == action && p.constraints.allSatisfy({ $0.holds(context) }) {
            return .refused([
                "a prohibition of \(action) applies" + (p.constraints.isEmpty ? "" : ": " + p.constraints.map(\.description).joined(separator: " and "))
            ])
        }
        for p in permissions where p.action == action {
            let failing = p.constraints.filter { !$0.holds(context) }
            if failing.isEmpty { return .permitted }
            reasons += failing.map { "\($0) does not hold" }
        }
        return .refused(reasons.isEmpty ? ["no permission of \(action)"] : reasons)
    }
}

public enum ODRLDecision: Sendable, Equatable {
    case permitted
    /// Why not, each reason a constraint in words.
    case refused([String])
}

/// What a policy is evaluated against: who asks (the DIDs of its organisation and its node), the groups of peers it is
/// a member of here, the purpose it declared, and the time.
public struct ODRLContext: Sendable, Equatable {
    public var requester: Set<String>
    public var groups: Set<String>
    public var purpose: String?
    /// Milliseconds since the epoch.
    public var now: Int64
    /// Purpose constraints are terms of use, checked when data is used: while a contract is negotiated no purpose is
    /// declared yet, and they hold (`purpose` is nil then).
    public var deferPurpose: Bool
    /// Whether the requester received the lot asked about (`junkan:receiver`); only a trace release knows.
    public var receiver: Bool
    public init(
        requester: Set<String>, groups: Set<String> = [], purpose: String? = nil, now: Int64, deferPurpose: Bool = false, receiver: Bool = false
    ) {
        self.requester = requester; self.groups = groups; self.purpose = purpose; self.now = now; self.deferPurpose = deferPurpose
        self.receiver = receiver
    }
}

public enum ODRLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong (a JSON pointer) and why.
    case invalid(String, String)
    public var description: String {
        switch self {
        case .invalid(let pointer, let why): "\(pointer.isEmpty ? "the policy" : pointer): \(why)"
        }
    }
}
