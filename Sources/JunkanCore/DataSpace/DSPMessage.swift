/// A Dataspace Protocol 2025-1 message as received (docs/dataspace.md): a JSON object whose `@context` names the DSP
/// context and whose `@type` is the one the endpoint takes. Members are read one by one, each refusal naming its JSON
/// pointer, so the protocol's error object can say what is wrong and where.
public struct DSPMessage: Sendable {
    /// The DSP 2025-1 JSON-LD context every message carries.
    public static let context = "https://w3id.org/dspace/2025/1/context.jsonld"
    /// The version this node speaks, as `/.well-known/dspace-version` lists it.
    public static let version = "2025-1"

    public let type: String
    public let object: JSONObject

    /// Reads `value` as a message of type `type` (`ContractRequestMessage`, …).
    public init(parsing value: JSONValue, type: String) throws(DSPMessageError) {
        guard let o = value.objectValue else { throw .invalid("", "a DSP message is a JSON object") }
        let contexts: [String]
        switch o["@context"] {
        case .string(let s): contexts = [s]
        case .array(let list): contexts = list.compactMap(\.stringValue)
        default: throw .invalid("/@context", "must name \(Self.context)")
        }
        guard contexts.contains(Self.context) else { throw .invalid("/@context", "must name \(Self.context)") }
        guard let t = o["@type"]?.stringValue else { throw .invalid("/@type", "must be \(type)") }
        guard t == type || t == "dspace:" + type || t == "https://w3id.org/dspace/2025/1/" + type else {
            throw .invalid("/@type", "must be \(type), found \(t)")
        }
        self.type = type
        self.object = o
    }

    /// A required non-empty string member.
    public func string(_ name: String) throws(DSPMessageError) -> String {
        guard let v = object[name] else { throw .invalid("/" + name, "is required") }
        guard let s = v.stringValue, !s.isEmpty, s.utf8.count <= 2048 else { throw .invalid("/" + name, "must be a string of 1 to 2048 bytes") }
        return s
    }

    /// An optional non-empty string member.
    public func optionalString(_ name: String) throws(DSPMessageError) -> String? {
        guard object[name] != nil else { return nil }
        return try string(name)
    }

    /// Refuses a message about another process than the one its path names: both its IDs must be the process's.
    public func names(providerPid: String, consumerPid: String) throws(DSPMessageError) {
        guard try string("providerPid") == providerPid else { throw .invalid("/providerPid", "must be \(providerPid)") }
        guard try string("consumerPid") == consumerPid else { throw .invalid("/consumerPid", "must be \(consumerPid)") }
    }

    /// `code` and `reason` of an error or termination message: reasons are strings or objects, kept as text.
    public func reasons() throws(DSPMessageError) -> [String] {
        guard let v = object["reason"] else { return [] }
        guard let list = v.arrayValue else { throw .invalid("/reason", "must be an array") }
        return list.map { $0.stringValue ?? JSONWriter.string($0) }
    }
}

public enum DSPMessageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong (a JSON pointer into the message) and why.
    case invalid(String, String)
    public var description: String {
        switch self {
        case .invalid(let pointer, let why): "\(pointer.isEmpty ? "the message" : pointer): \(why)"
        }
    }
}
