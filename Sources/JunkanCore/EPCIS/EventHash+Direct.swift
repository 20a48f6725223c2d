/// The pre-hash string of an event of the common shape, written straight from its JSON: no tree of
/// nodes, no sorting of nodes, no consuming of child lists. It gives what the reference-shaped path
/// (tree → correction → `PreHashBuilder`) gives, and gives up (nil) on anything whose outcome there
/// depends on the tree's quirks: XML-style keys (`#text`, `@…`), lists and renamed members outside
/// the places the standard puts them, members the ordered parts do not list, empty objects where an
/// entry is expected, nested arrays, a value that does not canonise. Those events take the full path.
/// `EventHashDirectTests` holds the two paths equal on the fixtures and on mutations of them.
///
/// How the parts map onto the reference (CBV 2.0 §8.9.2 order, `PropertyOrder.event`):
/// - a leaf field is `name=value` (timestamps to UTC), several values of one field sorted;
/// - a list (`epcList`, `quantityList`, `sensorElementList`, …) is its name and its elements' parts, sorted;
/// - `bizTransactionList`, `sourceList` and `destinationList` never match their order entry in the
///   reference, so they join `ilmd`, extensions and unknown members in the sorted generic tail.
struct DirectPreHash {
    let builder: EventHashTreeBuilder
    let bare: BareValueReplacement

    /// The event has something only the full path reproduces.
    struct Unsupported: Error {}

    // The orders are read from `PropertyOrder.event`, the one statement of CBV 2.0 §8.9.2's order.
    static let quantityElementOrder = PropertyOrder.names(under: ["quantityList", "quantityElement"])
    static let persistentDispositionOrder = PropertyOrder.names(under: ["persistentDisposition"])
    static let sensorElementOrder = PropertyOrder.names(under: ["sensorElementList", "sensorElement"])
    static let sensorMetadataOrder = PropertyOrder.names(under: ["sensorElementList", "sensorElement", "sensorMetadata"])
    static let sensorReportOrder = PropertyOrder.names(under: ["sensorElementList", "sensorElement", "sensorReport"])

    /// The pre-hash, or nil when the event needs the full path.
    func preHash(event: JSONObject) -> String? {
        do throws(Unsupported) { return try eventPreHash(event) } catch { return nil }
    }

    private func eventPreHash(_ event: JSONObject) throws(Unsupported) -> String {
        // One pass sorts the members into the ordered fields' slots and the tail.
        var slots = [JSONValue?](repeating: nil, count: Self.topLevelOrder.count)
        var type: String?
        var tail: [String] = []
        for (key, value) in event.members {
            if let i = Self.topLevelIndex[key] { slots[i] = value; continue }
            switch key {
            case "type": type = value.stringValue
            case "recordTime", "eventID", "errorDeclaration": continue  // not hashed (CBV 2.0 §8.9.3)
            case "bizTransactionList", "sourceList", "destinationList": if let s = try pairList(key, value) { tail.append(s) }
            default: try genericMember(key, value, into: &tail)
            }
        }
        // Without eventTime the reference gathers top-level extensions differently; leave that to it.
        guard let type, slots[0] != nil else { throw Unsupported() }
        // The correction renames a node by its name, the event's own (its type) included.
        let eventType = bare(type)
        if EventHashTreeBuilder.correctedNames[eventType] != nil { throw Unsupported() }
        // One buffer for the whole pre-hash, grown once rather than at every field.
        var ordered = "eventType=" + eventType
        ordered.reserveCapacity(1024)
        for (field, value) in zip(Self.topLevelOrder, slots) {
            guard let value else { continue }
            switch field {
            case "epcList", "inputEPCList", "outputEPCList", "childEPCs": ordered += try epcList(field, value)
            case "quantityList", "childQuantityList", "inputQuantityList", "outputQuantityList": ordered += try quantityList(field, value)
            case "persistentDisposition": ordered += try objects(field, value) { o throws(Unsupported) in try orderedMembers(o, Self.persistentDispositionOrder) }
            case "readPoint", "bizLocation": ordered += try objects(field, value) { o throws(Unsupported) in try orderedMembers(o, ["id"]) }
            case "sensorElementList": ordered += try sensorElementList(value)
            default: ordered += try leafField(field, value)
            }
        }
        ordered += Self.sortedJoined(tail)
        return ordered
    }

    /// The standard fields of the ordered part, in CBV 2.0 order (eventTime first); the pair lists, which never match
    /// their entry in the reference, are written with the tail.
    static let topLevelOrder = PropertyOrder.names(under: []).filter { !["bizTransactionList", "sourceList", "destinationList"].contains($0) }
    static let topLevelIndex = Dictionary(uniqueKeysWithValues: topLevelOrder.enumerated().map { ($1, $0) })

    // MARK: Ordered parts

    /// The text a scalar has in the tree: bare vocabulary expanded, then a declared prefix.
    private func text(_ value: JSONValue) throws(Unsupported) -> String {
        switch value {
        case .string(let s): return builder.expandValue(bare(s))
        case .number, .bool, .null: return builder.scalarText(value)
        case .array, .object: throw Unsupported()
        }
    }

    /// `name=value` with the value stripped and canonised (a timestamp to UTC); empty when there is no value.
    private func leaf(_ name: String, _ text: String) throws(Unsupported) -> String {
        let stripped = PythonString.strip(text)
        guard !stripped.isEmpty else { return "" }
        do throws(EventHashError) {
            let value = PreHashBuilder.isTimeField(name) ? try EventHashValues.fixTimestamp(stripped) : try EventHashValues.canonize(stripped)
            return value.isEmpty ? "" : name + "=" + value
        } catch {
            throw Unsupported()  // the full path reports which value, in its order
        }
    }

    /// One field of scalars: an array is one node per element, each a `name=value` part, sorted.
    private func leafField(_ name: String, _ value: JSONValue) throws(Unsupported) -> String {
        guard case .array(let elements) = value else { return try leaf(name, try text(value)) }
        var parts: [String] = []
        for e in elements {
            let p = try leaf(name, try text(e))
            if !p.isEmpty { parts.append(p) }
        }
        return Self.sortedJoined(parts)
    }

    /// An object whose members are all in `order`: their parts in that order.
    private func orderedMembers(_ object: JSONObject, _ order: [String]) throws(Unsupported) -> String {
        for (key, _) in object.members where !order.contains(key) { throw Unsupported() }
        var out = ""
        for name in order { if let v = object[name] { out += try leafField(name, v) } }
        return out
    }

    /// A field holding an object (or an array of them): the name and each object's inner part, sorted.
    private func objects(_ name: String, _ value: JSONValue, _ inner: (JSONObject) throws(Unsupported) -> String) throws(Unsupported) -> String {
        var parts: [String] = []
        func one(_ element: JSONValue) throws(Unsupported) {
            // An object without members (or with only empty arrays) is a node without children, which the
            // reference names and orders differently.
            guard case .object(let o) = element, o.members.contains(where: { $0.value.arrayValue?.isEmpty != true }) else { throw Unsupported() }
            let s = try inner(o)
            if !s.isEmpty { parts.append(name + s) }
        }
        if case .array(let elements) = value { for e in elements { try one(e) } } else { try one(value) }
        return Self.sortedJoined(parts)
    }

    /// `epcList`, `inputEPCList`, `outputEPCList`, `childEPCs`: the list's name and its `epc=` parts, sorted.
    private func epcList(_ name: String, _ value: JSONValue) throws(Unsupported) -> String {
        guard case .array(let elements) = value else { throw Unsupported() }
        var parts: [String] = []
        for e in elements {
            let p = try leaf("epc", try text(e))
            if !p.isEmpty { parts.append(p) }
        }
        return parts.isEmpty ? "" : name + Self.sortedJoined(parts)
    }

    /// A quantity list: its name and one `quantityElement` part per entry, sorted.
    private func quantityList(_ name: String, _ value: JSONValue) throws(Unsupported) -> String {
        guard case .array = value else { throw Unsupported() }
        let inner = try objects("quantityElement", value) { o throws(Unsupported) in try orderedMembers(o, Self.quantityElementOrder) }
        return inner.isEmpty ? "" : name + inner
    }

    private func sensorElementList(_ value: JSONValue) throws(Unsupported) -> String {
        guard case .array = value else { throw Unsupported() }
        let inner = try objects("sensorElement", value) { o throws(Unsupported) in
            for (key, _) in o.members where !Self.sensorElementOrder.contains(key) { throw Unsupported() }
            var s = ""
            if let m = o["sensorMetadata"] { s += try objects("sensorMetadata", m) { m throws(Unsupported) in try orderedMembers(m, Self.sensorMetadataOrder) } }
            if let r = o["sensorReport"] { s += try objects("sensorReport", r) { r throws(Unsupported) in try orderedMembers(r, Self.sensorReportOrder) } }
            return s
        }
        return inner.isEmpty ? "" : "sensorElementList" + inner
    }

    // MARK: The generic tail

    /// `bizTransactionList`, `sourceList`, `destinationList`: each entry is the pair of its first two members in
    /// document order (type first when written first), the entries sorted. Nil for an empty list (no node).
    private func pairList(_ name: String, _ value: JSONValue) throws(Unsupported) -> String? {
        guard case .array(let entries) = value else { throw Unsupported() }
        if entries.isEmpty { return nil }
        var pairs: [String] = []
        for entry in entries {
            // With a member named bizTransaction/source/destination the entry keeps document order; without
            // one, or with more than two members, the reference's pairing is left to the full path.
            guard case .object(let o) = entry, (1...2).contains(o.count),
                  o.members.contains(where: { EventHashTreeBuilder.isPairListMember($0.key) }) else { throw Unsupported() }
            var s = ""
            for (key, v) in o.members {
                if Self.isSpecialKey(key) { throw Unsupported() }
                s += try genericLeaf(builder.expandKey(key), try text(v))
            }
            pairs.append(s)
        }
        return name + Self.sortedJoined(pairs)
    }

    /// A member outside the ordered part: one node per value (an array gives one per element).
    private func genericMember(_ key: String, _ value: JSONValue, into values: inout [String]) throws(Unsupported) {
        try checkGenericKey(key, value)
        let name = builder.expandKey(key)
        // The tree's corrections rename list members, child EPCs and quantities; those shapes take the full path.
        if name.utf8.count >= 4, name.utf8.suffix(4).elementsEqual("List".utf8) { throw Unsupported() }
        if case .array(let elements) = value {
            for e in elements {
                if case .array = e { throw Unsupported() }
                values.append(try genericNode(name, e))
            }
        } else {
            values.append(try genericNode(name, value))
        }
    }

    private func genericNode(_ name: String, _ value: JSONValue) throws(Unsupported) -> String {
        guard case .object(let o) = value else { return try genericLeaf(name, try text(value)) }
        var values: [String] = []
        for (key, v) in o.members { try genericMember(key, v, into: &values) }
        return name + Self.sortedJoined(values)
    }

    /// The generic part of a scalar: `name=value` (no timestamp rule here), or the name alone.
    private func genericLeaf(_ name: String, _ text: String) throws(Unsupported) -> String {
        let stripped = PythonString.strip(text)
        guard !stripped.isEmpty else { return name }
        do throws(EventHashError) { return name + "=" + (try EventHashValues.canonize(stripped)) } catch { throw Unsupported() }
    }

    /// Keys the tree builder treats specially, or whose nodes the correction renames or regroups.
    private func checkGenericKey(_ key: String, _ value: JSONValue) throws(Unsupported) {
        if Self.isSpecialKey(key) || EventHashTreeBuilder.isPairListMember(key) { throw Unsupported() }
        if key == "childEPCs" || key == "quantityElement" { throw Unsupported() }
        if EventHashTreeBuilder.correctedNames[key] != nil {
            // A scalar "quantity" has no children, so the correction leaves its name alone.
            switch value {
            case .object, .array: throw Unsupported()
            default: if key != "quantity" { throw Unsupported() }
            }
        }
    }

    /// XML-binding keys the tree builder skips or reads as text, and JSON-LD keywords.
    static func isSpecialKey(_ key: String) -> Bool {
        key.hasPrefix("@") || key == "#text" || key == "comment" || key == "rdfs:comment"
    }

    /// Parts in Python's string order, joined.
    static func sortedJoined(_ parts: [String]) -> String {
        switch parts.count {
        case 0: ""
        case 1: parts[0]
        default: HashNode.sortedStrings(parts).joined()
        }
    }
}
