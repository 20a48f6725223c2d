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

    /// A field of an ordered part, with what is known of it before any event is read: whether its values are
    /// timestamps, and how the top level writes it (a `switch` over the names per field cost more than the field).
    struct Field {
        enum Kind { case leaf, epcList, quantityList, persistentDisposition, location, sensorElementList }
        let name: String
        let isTime: Bool
        let kind: Kind

        init(_ name: String) {
            self.name = name
            isTime = PreHashBuilder.isTimeField(name)
            kind =
                switch name {
                case "epcList", "inputEPCList", "outputEPCList", "childEPCs": .epcList
                case "quantityList", "childQuantityList", "inputQuantityList", "outputQuantityList": .quantityList
                case "persistentDisposition": .persistentDisposition
                case "readPoint", "bizLocation": .location
                case "sensorElementList": .sensorElementList
                default: .leaf
                }
        }
    }

    static let quantityElementFields = quantityElementOrder.map(Field.init)
    static let persistentDispositionFields = persistentDispositionOrder.map(Field.init)
    static let sensorMetadataFields = sensorMetadataOrder.map(Field.init)
    static let sensorReportFields = sensorReportOrder.map(Field.init)
    static let locationFields = [Field("id")]
    static let epcField = Field("epc")

    /// The pre-hash as UTF-8 bytes (what is hashed), or nil when the event needs the full path.
    func preHashBytes(event: JSONObject) -> PreHashBytes? {
        var out = PreHashBytes()
        do throws(Unsupported) { try eventPreHash(event, into: &out) } catch { return nil }
        return out
    }

    private func eventPreHash(_ event: JSONObject, into out: inout PreHashBytes) throws(Unsupported) {
        // One pass sorts the members into the ordered fields' slots and the tail (written last, as one sorted group).
        var slots = [JSONValue?](repeating: nil, count: Self.topLevelOrder.count)
        var type: String?
        var tail: [(key: String, value: JSONValue)] = []
        for (key, value) in event.members {
            if let i = Self.topLevelIndex[key] { slots[i] = value; continue }
            switch key {
            case "type": type = value.stringValue
            case "recordTime", "eventID", "errorDeclaration": continue  // not hashed (CBV 2.0 §8.9.3)
            default: tail.append((key, value))
            }
        }
        // Without eventTime the reference gathers top-level extensions differently; leave that to it.
        guard let type, slots[0] != nil else { throw Unsupported() }
        // The correction renames a node by its name, the event's own (its type) included.
        let eventType = bare(type)
        if EventHashTreeBuilder.correctedNames[eventType] != nil { throw Unsupported() }
        out.append("eventType=")
        out.append(eventType)
        for (field, value) in zip(Self.topLevelFields, slots) {
            guard let value else { continue }
            switch field.kind {
            case .epcList: try epcList(field.name, value, into: &out)
            case .quantityList: try quantityList(field.name, value, into: &out)
            case .persistentDisposition:
                try objects(field.name, value, into: &out) { o, out throws(Unsupported) in try orderedMembers(o, Self.persistentDispositionFields, into: &out) }
            case .location: try objects(field.name, value, into: &out) { o, out throws(Unsupported) in try orderedMembers(o, Self.locationFields, into: &out) }
            case .sensorElementList: try sensorElementList(value, into: &out)
            case .leaf: try leafField(field, value, into: &out)
            }
        }
        let group = out.beginGroup()
        for (key, value) in tail {
            switch key {
            case "bizTransactionList", "sourceList", "destinationList": try pairList(key, value, into: &out)
            default: try genericMember(key, value, into: &out)
            }
        }
        out.endGroup(group)
    }

    /// The standard fields of the ordered part, in CBV 2.0 order (eventTime first); the pair lists, which never match
    /// their entry in the reference, are written with the tail.
    static let topLevelOrder = PropertyOrder.names(under: []).filter { !["bizTransactionList", "sourceList", "destinationList"].contains($0) }
    static let topLevelIndex = Dictionary(uniqueKeysWithValues: topLevelOrder.enumerated().map { ($1, $0) })
    static let topLevelFields = topLevelOrder.map(Field.init)

    // MARK: Ordered parts

    /// The text a scalar has in the tree: bare vocabulary expanded, then a declared prefix.
    func text(_ value: JSONValue) throws(Unsupported) -> String {
        switch value {
        case .string(let s): return builder.expandValue(bare(s))
        case .number, .bool, .null: return builder.scalarText(value)
        case .array, .object: throw Unsupported()
        }
    }

    /// `name=value` with the value stripped and canonised (a timestamp to UTC); nothing when there is no value.
    func leaf(_ field: Field, _ text: String, into out: inout PreHashBytes) throws(Unsupported) {
        let stripped = PythonString.strip(text)
        guard !stripped.isEmpty else { return }
        do throws(EventHashError) {
            let value = field.isTime ? try EventHashValues.fixTimestamp(stripped) : try EventHashValues.canonize(stripped)
            guard !value.isEmpty else { return }
            out.append(field.name)
            out.append(byte: UInt8(ascii: "="))
            out.append(value)
        } catch {
            throw Unsupported()  // the full path reports which value, in its order
        }
    }

    /// One field of scalars: an array is one node per element, each a `name=value` part, sorted.
    private func leafField(_ field: Field, _ value: JSONValue, into out: inout PreHashBytes) throws(Unsupported) {
        guard case .array(let elements) = value else { return try leaf(field, try text(value), into: &out) }
        let group = out.beginGroup()
        for e in elements {
            out.beginPart()
            try leaf(field, try text(e), into: &out)
        }
        out.endGroup(group)
    }

    /// An object whose members are all in `order`: their parts in that order.
    private func orderedMembers(_ object: JSONObject, _ order: [Field], into out: inout PreHashBytes) throws(Unsupported) {
        for (key, _) in object.members where !order.contains(where: { $0.name == key }) { throw Unsupported() }
        for field in order { if let v = object[field.name] { try leafField(field, v, into: &out) } }
    }

    /// A field holding an object (or an array of them): the name and each object's inner part, sorted; an object
    /// whose inner part is empty gives nothing, not its name alone.
    private func objects(
        _ name: String, _ value: JSONValue, into out: inout PreHashBytes,
        _ inner: (JSONObject, inout PreHashBytes) throws(Unsupported) -> Void
    ) throws(Unsupported) {
        func one(_ element: JSONValue, _ out: inout PreHashBytes) throws(Unsupported) {
            // An object without members (or with only empty arrays) is a node without children, which the
            // reference names and orders differently.
            guard case .object(let o) = element, o.members.contains(where: { $0.value.arrayValue?.isEmpty != true }) else { throw Unsupported() }
            out.beginPart()
            try out.named(name) { out throws(Unsupported) in try inner(o, &out) }
        }
        let group = out.beginGroup()
        if case .array(let elements) = value { for e in elements { try one(e, &out) } } else { try one(value, &out) }
        out.endGroup(group)
    }

    /// `epcList`, `inputEPCList`, `outputEPCList`, `childEPCs`: the list's name and its `epc=` parts, sorted.
    private func epcList(_ name: String, _ value: JSONValue, into out: inout PreHashBytes) throws(Unsupported) {
        guard case .array(let elements) = value else { throw Unsupported() }
        try out.named(name) { out throws(Unsupported) in
            let group = out.beginGroup()
            for e in elements {
                out.beginPart()
                try leaf(Self.epcField, try text(e), into: &out)
            }
            out.endGroup(group)
        }
    }

    /// A quantity list: its name and one `quantityElement` part per entry, sorted.
    private func quantityList(_ name: String, _ value: JSONValue, into out: inout PreHashBytes) throws(Unsupported) {
        guard case .array = value else { throw Unsupported() }
        try out.named(name) { out throws(Unsupported) in
            try objects("quantityElement", value, into: &out) { o, out throws(Unsupported) in try orderedMembers(o, Self.quantityElementFields, into: &out) }
        }
    }

    private func sensorElementList(_ value: JSONValue, into out: inout PreHashBytes) throws(Unsupported) {
        guard case .array = value else { throw Unsupported() }
        try out.named("sensorElementList") { out throws(Unsupported) in
            try objects("sensorElement", value, into: &out) { o, out throws(Unsupported) in
                for (key, _) in o.members where !Self.sensorElementOrder.contains(key) { throw Unsupported() }
                if let m = o["sensorMetadata"] {
                    try objects("sensorMetadata", m, into: &out) { m, out throws(Unsupported) in try orderedMembers(m, Self.sensorMetadataFields, into: &out) }
                }
                if let r = o["sensorReport"] {
                    try objects("sensorReport", r, into: &out) { r, out throws(Unsupported) in try orderedMembers(r, Self.sensorReportFields, into: &out) }
                }
            }
        }
    }

    // MARK: The generic tail

    /// `bizTransactionList`, `sourceList`, `destinationList`: each entry is the pair of its first two members in
    /// document order (type first when written first), the entries sorted. One part of the tail; none for an empty
    /// list (no node).
    private func pairList(_ name: String, _ value: JSONValue, into out: inout PreHashBytes) throws(Unsupported) {
        guard case .array(let entries) = value else { throw Unsupported() }
        if entries.isEmpty { return }
        out.beginPart()
        out.append(name)
        let group = out.beginGroup()
        for entry in entries {
            // With a member named bizTransaction/source/destination the entry keeps document order; without
            // one, or with more than two members, the reference's pairing is left to the full path.
            guard case .object(let o) = entry, (1...2).contains(o.count),
                o.members.contains(where: { EventHashTreeBuilder.isPairListMember($0.key) })
            else { throw Unsupported() }
            out.beginPart()
            for (key, v) in o.members {
                if Self.isSpecialKey(key) { throw Unsupported() }
                try genericLeaf(builder.expandKey(key), try text(v), into: &out)
            }
        }
        out.endGroup(group)
    }

    /// A member outside the ordered part: one part of the enclosing group per value (an array gives one per element).
    private func genericMember(_ key: String, _ value: JSONValue, into out: inout PreHashBytes) throws(Unsupported) {
        try checkGenericKey(key, value)
        let name = builder.expandKey(key)
        // The tree's corrections rename list members, child EPCs and quantities; those shapes take the full path.
        if name.utf8.count >= 4, name.utf8.suffix(4).elementsEqual("List".utf8) { throw Unsupported() }
        if case .array(let elements) = value {
            for e in elements {
                if case .array = e { throw Unsupported() }
                out.beginPart()
                try genericNode(name, e, into: &out)
            }
        } else {
            out.beginPart()
            try genericNode(name, value, into: &out)
        }
    }

    private func genericNode(_ name: String, _ value: JSONValue, into out: inout PreHashBytes) throws(Unsupported) {
        guard case .object(let o) = value else { return try genericLeaf(name, try text(value), into: &out) }
        out.append(name)
        let group = out.beginGroup()
        for (key, v) in o.members { try genericMember(key, v, into: &out) }
        out.endGroup(group)
    }

    /// The generic part of a scalar: `name=value` (no timestamp rule here), or the name alone.
    func genericLeaf(_ name: String, _ text: String, into out: inout PreHashBytes) throws(Unsupported) {
        let stripped = PythonString.strip(text)
        out.append(name)
        guard !stripped.isEmpty else { return }
        do throws(EventHashError) {
            let value = try EventHashValues.canonize(stripped)
            out.append(byte: UInt8(ascii: "="))
            out.append(value)
        } catch {
            throw Unsupported()
        }
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
}
