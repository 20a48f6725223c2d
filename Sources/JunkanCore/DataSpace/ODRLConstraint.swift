/// A constraint of Junkan's closed ODRL vocabulary (docs/dataspace.md): who the requester is, which group of peers it
/// belongs to here, the purpose it declared, and when; combined with ODRL's `and`, `andSequence`, `or` and `xone`.
/// Anything else is refused when a policy is read.
public indirect enum ODRLConstraint: Sendable, Equatable, CustomStringConvertible {
    case atomic(Operand, Operator, [String])
    case and([ODRLConstraint])
    case andSequence([ODRLConstraint])
    case or([ODRLConstraint])
    case xone([ODRLConstraint])

    /// The left operands Junkan evaluates.
    public enum Operand: String, Sendable, CaseIterable {
        /// The requester's organisation DID or node DID (did:web).
        case requester = "junkan:requester"
        /// A named group of peers the requester's node belongs to on this node.
        case memberOf = "junkan:memberOf"
        /// The purpose the requester declared, from `ODRLConstraint.purposes`.
        case purpose
        /// The time of the request (xsd:dateTime).
        case dateTime
        /// Whether the requester's organisations received the lot asked about, or a lot made from it here (the
        /// federation's `receivers` release policy; only a trace release decides it, elsewhere it does not hold).
        case receiver = "junkan:receiver"

        /// The operators each operand takes.
        var operators: Set<Operator> {
            switch self {
            case .requester: [.eq, .neq, .isAnyOf, .isNoneOf]
            case .memberOf, .purpose: [.eq, .isAnyOf]
            case .dateTime: [.gt, .gteq, .lt, .lteq]
            case .receiver: [.eq]
            }
        }
    }

    public enum Operator: String, Sendable, CaseIterable {
        case eq, neq, gt, gteq, lt, lteq, isAnyOf, isNoneOf
    }

    /// The closed list of purposes a requester may declare (`junkan:` terms, docs/dataspace.md).
    public static let purposes: Set<String> = [
        "junkan:traceability", "junkan:productFootprint", "junkan:recycledContent", "junkan:regulatoryCompliance",
        "junkan:circularityReporting", "junkan:materialSourcing"
    ]

    public init(parsing value: JSONValue, at pointer: String) throws(ODRLError) {
        guard let o = value.objectValue else { throw .invalid(pointer, "a constraint must be a JSON object") }
        for (name, make) in [("and", Self.and), ("andSequence", Self.andSequence), ("or", Self.or), ("xone", Self.xone)]
            as [(String, ([ODRLConstraint]) -> ODRLConstraint)]
        {
            guard let v = o[name] else { continue }
            guard o.members.count == 1 else { throw .invalid(pointer, "a logical constraint has its operator (\(name)) alone") }
            guard let list = v.arrayValue, !list.isEmpty else { throw .invalid(pointer + "/" + name, "must be a non-empty array of constraints") }
            var parts: [ODRLConstraint] = []
            for (i, c) in list.enumerated() { parts.append(try ODRLConstraint(parsing: c, at: pointer + "/\(name)/\(i)")) }
            self = make(parts)
            return
        }
        if let other = o.members.first(where: { !["leftOperand", "operator", "rightOperand"].contains($0.key) })?.key {
            throw .invalid(pointer + JSONPointer([other]).description, "is not a constraint member Junkan reads (docs/dataspace.md)")
        }
        guard let left = o["leftOperand"]?.stringValue else { throw .invalid(pointer + "/leftOperand", "a constraint needs a leftOperand") }
        guard let operand = Operand(rawValue: ODRLPolicy.shortName(left)) else {
            throw .invalid(
                pointer + "/leftOperand",
                "\(left) is outside Junkan's constraint vocabulary (\(Operand.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        guard let op = o["operator"]?.stringValue.flatMap({ Operator(rawValue: ODRLPolicy.shortName($0)) }), operand.operators.contains(op) else {
            throw .invalid(
                pointer + "/operator", "\(operand.rawValue) takes \(operand.operators.map(\.rawValue).sorted().joined(separator: ", "))")
        }
        let values = try Self.rightOperand(o["rightOperand"], at: pointer + "/rightOperand", list: op == .isAnyOf || op == .isNoneOf)
        switch operand {
        case .purpose:
            if let bad = values.first(where: { !Self.purposes.contains($0) }) {
                throw .invalid(pointer + "/rightOperand", "\(bad) is not a purpose of the closed list (\(Self.purposes.sorted().joined(separator: ", ")))")
            }
        case .dateTime:
            guard ISO8601Timestamp.parse(values[0]) != nil else { throw .invalid(pointer + "/rightOperand", "must be an xsd:dateTime with its offset") }
        case .receiver:
            guard values == ["true"] else { throw .invalid(pointer + "/rightOperand", "junkan:receiver is compared with \"true\" only") }
        case .requester, .memberOf: break
        }
        self = .atomic(operand, op, values)
    }

    /// A string, a list of strings (for the list operators), or a typed value `{"@value": …}`.
    static func rightOperand(_ value: JSONValue?, at pointer: String, list: Bool) throws(ODRLError) -> [String] {
        guard let value else { throw .invalid(pointer, "a constraint needs a rightOperand") }
        if let s = value.stringValue ?? value.objectValue?["@value"]?.stringValue, !s.isEmpty {
            return [s]
        }
        if list, let a = value.arrayValue, !a.isEmpty {
            var out: [String] = []
            for (i, v) in a.enumerated() {
                guard let s = v.stringValue, !s.isEmpty else { throw .invalid(pointer + "/\(i)", "must be a non-empty string") }
                out.append(s)
            }
            return out
        }
        throw .invalid(pointer, list ? "must be a string or a non-empty array of strings" : "must be a non-empty string")
    }

    /// Whether it, or a constraint inside it, is about `operand`.
    public func mentions(_ operand: Operand) -> Bool {
        switch self {
        case .and(let parts), .andSequence(let parts), .or(let parts), .xone(let parts): parts.contains { $0.mentions(operand) }
        case .atomic(let o, _, _): o == operand
        }
    }

    /// Whether it holds for the requester `context` describes.
    public func holds(_ context: ODRLContext) -> Bool {
        switch self {
        case .and(let parts), .andSequence(let parts): return parts.allSatisfy { $0.holds(context) }
        case .or(let parts): return parts.contains { $0.holds(context) }
        case .xone(let parts): return parts.filter { $0.holds(context) }.count == 1
        case .atomic(let operand, let op, let values):
            switch operand {
            case .requester: return Self.member(context.requester, op, values)
            case .memberOf: return Self.member(context.groups, op, values)
            case .receiver: return context.receiver
            case .purpose:
                if context.purpose == nil && context.deferPurpose { return true }
                return Self.member(context.purpose.map { [$0] } ?? [], op, values)
            case .dateTime:
                guard let bound = ISO8601Timestamp.parse(values[0])?.epochMilliseconds else { return false }
                switch op {
                case .gt: return context.now > bound
                case .gteq: return context.now >= bound
                case .lt: return context.now < bound
                case .lteq: return context.now <= bound
                default: return false
                }
            }
        }
    }

    /// The set operators over what the requester has (its DIDs, its groups, its purpose).
    static func member(_ has: Set<String>, _ op: Operator, _ values: [String]) -> Bool {
        switch op {
        case .eq, .isAnyOf: return values.contains(where: has.contains)
        case .neq, .isNoneOf: return !values.contains(where: has.contains)
        default: return false
        }
    }

    public var json: JSONValue {
        switch self {
        case .and(let p): return ["and": .array(p.map(\.json))]
        case .andSequence(let p): return ["andSequence": .array(p.map(\.json))]
        case .or(let p): return ["or": .array(p.map(\.json))]
        case .xone(let p): return ["xone": .array(p.map(\.json))]
        case .atomic(let operand, let op, let values):
            let right: JSONValue = values.count == 1 && op != .isAnyOf && op != .isNoneOf ? .string(values[0]) : .array(values.map { .string($0) })
            return ["leftOperand": .string(operand.rawValue), "operator": .string(op.rawValue), "rightOperand": right]
        }
    }

    public var description: String {
        switch self {
        case .and(let p), .andSequence(let p): "(" + p.map(\.description).joined(separator: " and ") + ")"
        case .or(let p): "(" + p.map(\.description).joined(separator: " or ") + ")"
        case .xone(let p): "exactly one of (" + p.map(\.description).joined(separator: ", ") + ")"
        case .atomic(let operand, let op, let values): "\(operand.rawValue) \(op.rawValue) \(values.joined(separator: "|"))"
        }
    }
}
