import JunkanCore
public import JunkanStore

/// A named query's body (`{"name": …, "query": {…}}`, the REST binding's QueryDefinition), checked: the name fits a
/// path segment, and the query is parsed exactly as `GET /events` parses its parameters, so a query that would be
/// refused there is refused when it is named, not each time it runs.
struct NamedQueryDefinition {
    var name: String
    var query: JSONObject
    var parsed: EventQuery

    static let maxNameLength = 128

    init(_ body: JSONValue) throws(Problem) {
        guard case .object(let o) = body else { throw .validation("the body must be a JSON object with name and query", pointer: "") }
        for key in o.keys where key != "name" && key != "query" {
            throw .validation("unknown member '\(key)'; a query definition has name and query", pointer: "/" + key)
        }
        guard let name = o["name"]?.stringValue else { throw .validation("missing 'name' (a string)", pointer: "/name") }
        guard case .object(let query)? = o["query"] else { throw .validation("missing 'query' (an object of query parameters)", pointer: "/query") }
        try Self.check(name: name)
        for key in ["perPage", "nextPageToken"] where query[key] != nil {
            throw .validation("'\(key)' pages the results of a request, not a query: give it to GET /queries/{name}/events", pointer: "/query/" + key)
        }
        self.name = name
        self.query = query
        self.parsed = try Self.parse(query)
    }

    /// A name is one path segment of unreserved characters (RFC 3986 §2.3), so `/queries/{name}` needs no escaping.
    static func check(name: String) throws(Problem) {
        guard !name.isEmpty, name.count <= maxNameLength,
            name.unicodeScalars.allSatisfy(Self.isUnreserved)
        else {
            throw .validation(
                "a query name is 1 to \(maxNameLength) letters, digits, '-', '.', '_' or '~'; found \"\(name)\"", pointer: "/name")
        }
    }

    static func isUnreserved(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case "a"..."z", "A"..."Z", "0"..."9", "-", ".", "_", "~": true
        default: false
        }
    }

    /// The query's parameters as lists of text: JSON arrays give their elements, numbers their literal, `null` (an
    /// `EXISTS_` parameter) nothing; `@context` declares the prefixes of extension field names.
    static func parse(_ query: JSONObject) throws(Problem) -> EventQuery {
        var params: [(String, [String])] = []
        for (key, value) in query where key != "@context" {
            var values: [String] = []
            func text(_ v: JSONValue) throws(Problem) -> String {
                switch v {
                case .string(let s): return s
                case .number(let n): return n.literal
                case .bool(let b): return b ? "true" : "false"
                default: throw .queryParameter("\(key) holds \(v.typeName); a query parameter is a string, a number or a list of them")
                }
            }
            switch value {
            case .array(let a):
                for v in a { values.append(try text(v)) }
                if a.isEmpty { throw .queryParameter("\(key) is an empty list") }
            case .null: break
            default: if !key.hasPrefix("EXISTS_") { values.append(try text(value)) }
            }
            params.append((key, values))
        }
        return try EventQueryParameters.parse(params, prefixes: JSONLDPrefixes(query["@context"]))
    }
}

/// A stored named query as the query it runs: what the subscriptions' dispatcher (JunkanNode, which has no parser of
/// request parameters) is given to evaluate each event.
public enum NamedQueryParser {
    public static func eventQuery(_ named: NamedQuery) throws -> EventQuery {
        guard case .object(let o) = try JSONParser.parse(named.query) else { throw Problem.queryParameter("query \(named.name) is not an object") }
        return try NamedQueryDefinition.parse(o)
    }
}
