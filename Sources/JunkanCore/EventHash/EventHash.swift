import Crypto

/// The CBV 2.0 event hash (§8.9): a canonical pre-hash string of an event's content, and its
/// SHA-256 as a named-information URI `ni:///sha-256;<hex>?ver=CBV2.0`. Equal events (the same
/// content in any JSON-LD spelling: EPC URNs or Digital Links, bare or full vocabulary, any key
/// order or time zone) have equal hashes.
public enum EventHash {
    /// The pre-hash strings of the events of an EPCISDocument or EPCISQueryDocument, in document order.
    public static func preHashes(document: JSONValue) throws(EventHashError) -> [String] {
        try eachEvent(of: document) { hasher, event throws(EventHashError) in try hasher.preHash(event: event) }
    }

    /// The hashes of a document's events, in document order.
    public static func hashes(document: JSONValue) throws(EventHashError) -> [String] {
        try eachEvent(of: document) { hasher, event throws(EventHashError) in try hasher.hash(event: event) }
    }

    /// `transform` of each event, with the document's hasher. Events hash independently, so they are spread over the
    /// cores; the first failure in document order is the one reported.
    static func eachEvent<T>(of document: JSONValue, _ transform: (Hasher, JSONValue) throws(EventHashError) -> T) throws(EventHashError) -> [T] {
        let (events, context, ignored) = try eventsOf(document: document)
        let hasher = Hasher(context: context, ignoredFields: ignored)
        let results = ParallelMap.map(events.count) { i in
            Result { () throws(EventHashError) in try transform(hasher, events[i]) }
        }
        var out: [T] = []
        out.reserveCapacity(events.count)
        for r in results { out.append(try r.get()) }
        return out
    }

    /// Hashes the events of one document: what the document's `@context` declares (prefixes and
    /// namespaces) is read once, not once per event.
    public struct Hasher: Sendable {
        let expansion: BareValueExpansion
        let builder: EventHashTreeBuilder
        let ignoredFields: Set<String>

        public init(context: JSONValue?, ignoredFields: Set<String> = []) {
            expansion = BareValueExpansion(documentContext: context)
            builder = EventHashTreeBuilder(context: context)
            self.ignoredFields = ignoredFields
        }

        /// The pre-hash string of one event of the document. An event of the common shape is written
        /// directly (`DirectPreHash`); any other goes through the reference-shaped tree.
        public func preHash(event: JSONValue) throws(EventHashError) -> String {
            let (event, bare) = prepared(event)
            if let direct = direct(event, bare) { return direct.string }
            return try tree(event, bare)
        }

        /// The reference-shaped path alone (the tests hold the direct path to it).
        package func treePreHash(event: JSONValue) throws(EventHashError) -> String {
            let (event, bare) = prepared(event)
            return try tree(event, bare)
        }

        /// The direct path alone: nil when the event needs the tree.
        package func directPreHash(event: JSONValue) -> String? {
            let (event, bare) = prepared(event)
            return direct(event, bare)?.string
        }

        private func direct(_ event: JSONValue, _ bare: BareValueReplacement) -> PreHashBytes? {
            guard case .object(let o) = event else { return nil }
            return DirectPreHash(builder: builder, bare: bare).preHashBytes(event: o)
        }

        private func tree(_ event: JSONValue, _ bare: BareValueReplacement) throws(EventHashError) -> String {
            try PreHashBuilder().preHash(event: EventHashTreeBuilder.correct(builder.node(event, bare)))
        }

        /// The event without the document's ignored fields, and its bare-value table.
        private func prepared(_ event: JSONValue) -> (JSONValue, BareValueReplacement) {
            var event = event
            if !ignoredFields.isEmpty, case .object(var o) = event {
                for k in o.keys where ignoredFields.contains(k) { o[k] = nil }
                event = .object(o)
            }
            return (event, BareValueReplacement(expansion.expandedValues(of: event)))
        }

        /// The event's hash. The direct path's bytes are hashed as they are, without a `String` of them.
        public func hash(event: JSONValue) throws(EventHashError) -> String {
            let (event, bare) = prepared(event)
            if let direct = direct(event, bare) { return direct.bytes.withUnsafeBytes { EventHash.uri(digest: SHA256.hash(data: $0)) } }
            return EventHash.hash(preHash: try tree(event, bare))
        }
    }

    /// The pre-hash string of one event, read with the document's `@context` (for its prefixes).
    public static func preHash(event: JSONValue, context: JSONValue?, ignoredFields: Set<String> = []) throws(EventHashError) -> String {
        try Hasher(context: context, ignoredFields: ignoredFields).preHash(event: event)
    }

    public static func hash(event: JSONValue, context: JSONValue?) throws(EventHashError) -> String {
        try Hasher(context: context).hash(event: event)
    }

    /// RFC 6920 named information: `ni:///sha-256;` + lowercase hex of SHA-256(UTF-8 pre-hash) + `?ver=CBV2.0`.
    public static func hash(preHash: String) -> String {
        var text = preHash
        return text.withUTF8 { uri(digest: SHA256.hash(data: UnsafeRawBufferPointer($0))) }
    }

    /// The event list of a capture or query document, its `@context`, and the extension fields it
    /// declares as not part of the hash (`…:ignoreFields`, in the header or the query results).
    package static func eventsOf(document: JSONValue) throws(EventHashError) -> ([JSONValue], JSONValue?, Set<String>) {
        guard case .object(let doc) = document else { throw .notAnEPCISDocument("the document is not a JSON object") }
        guard case .object(let body)? = doc["epcisBody"] else { throw .notAnEPCISDocument("the document has no epcisBody object") }
        var ignored = ignoreFields(in: doc)
        if case .array(let list)? = body["eventList"] { return (list, doc["@context"], ignored) }
        if case .object(let results)? = body["queryResults"] {
            ignored.formUnion(ignoreFields(in: results))
            if case .object(let rb)? = results["resultsBody"], case .array(let list)? = rb["eventList"] {
                return (list, doc["@context"], ignored)
            }
            throw .notAnEPCISDocument("queryResults has no resultsBody.eventList array")
        }
        if let single = body["event"] { return ([single], doc["@context"], ignored) }
        throw .notAnEPCISDocument("epcisBody has neither eventList, queryResults nor event")
    }

    static func ignoreFields(in object: JSONObject) -> Set<String> {
        var out = Set<String>()
        for (k, v) in object where declaresIgnoredFields(k) { out.formUnion(ignoredFields(v)) }
        return out
    }

    /// A member listing fields the hash leaves out: `ignoreFields`, in any namespace.
    static func declaresIgnoredFields(_ key: String) -> Bool { key == "ignoreFields" || key.hasSuffix(":ignoreFields") }

    /// The field names such a member lists (one name, or an array of them).
    static func ignoredFields(_ value: JSONValue) -> [String] {
        (value.arrayValue ?? [value]).compactMap(\.stringValue)
    }
}
