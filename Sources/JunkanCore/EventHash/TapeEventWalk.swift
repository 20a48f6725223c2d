/// The walk of one event. A class of `let`s: the closures of the walk capture one reference (as a struct, every
/// capture copied the tables it holds, 5 % of the hashing time), and nothing it reads is copied on access.
final class TapeEventWalk {
    let tape: JSONTape
    let names: TapeNames
    /// The event's bare-value replacement with the document's tables.
    let direct: DirectPreHash

    init(tape: JSONTape, names: TapeNames, direct: DirectPreHash) {
        self.tape = tape
        self.names = names
        self.direct = direct
    }
    typealias Field = DirectPreHash.Field
    typealias Unsupported = DirectPreHash.Unsupported

    /// `slots` and `tail`: the writer's buffers, for the top-level fields in CBV order and the rest.
    func eventPreHash(_ event: Int, slots: inout [Int], tail: inout [(name: Int, value: Int)], into out: inout PreHashBytes) throws(Unsupported) {
        guard tape.kind(event) == .object else { throw Unsupported() }
        for k in slots.indices { slots[k] = -1 }
        tail.removeAll(keepingCapacity: true)
        var type = -1
        for m in tape.members(event) {
            switch names.role[m.name] {
            case .ignored: continue
            case .ordered(let i): slots[i] = m.value
            case .type: type = m.value
            case .notHashed: continue
            case .other: tail.append(m)
            }
        }
        guard type >= 0, tape.kind(type) == .string, slots[0] >= 0 else { throw Unsupported() }
        let eventType = direct.bare(tape.string(type))
        if EventHashTreeBuilder.correctedNames[eventType] != nil { throw Unsupported() }
        out.append("eventType=")
        out.append(eventType)
        for (field, value) in zip(DirectPreHash.topLevelFields, slots) where value >= 0 {
            switch field.kind {
            case .epcList: try epcList(field.name, value, into: &out)
            case .quantityList: try quantityList(field.name, value, into: &out)
            case .persistentDisposition:
                try objects(field.name, value, into: &out) { o, out throws(Unsupported) in
                    try orderedMembers(o, DirectPreHash.persistentDispositionFields, into: &out)
                }
            case .location:
                try objects(field.name, value, into: &out) { o, out throws(Unsupported) in try orderedMembers(o, DirectPreHash.locationFields, into: &out) }
            case .sensorElementList: try sensorElementList(value, into: &out)
            case .leaf: try leafField(field, value, into: &out)
            }
        }
        let group = out.beginGroup()
        for (name, value) in tail {
            let key = tape.names[name]
            switch key {
            case "bizTransactionList", "sourceList", "destinationList": try pairList(key, value, into: &out)
            default: try genericMember(key, value, into: &out)
            }
        }
        out.endGroup(group)
    }

    // MARK: Values

    /// The text `DirectPreHash.text` reads from the same value.
    private func text(_ node: Int) throws(Unsupported) -> String {
        switch tape.kind(node) {
        case .string: return direct.builder.expandValue(direct.bare(tape.string(node)))
        case .array, .object: throw Unsupported()
        default: return direct.builder.scalarText(tape.value(node))
        }
    }

    /// Writes the canonical value of a scalar, as `DirectPreHash` writes it after the `=`, from its bytes: a string
    /// (after the bare-value replacement) that needs no stripping and no prefix expansion, or a JSON number. False,
    /// with nothing written, for anything else, which takes the `String` path.
    private func appendValue(_ node: Int, isTime: Bool, to out: inout PreHashBytes) -> Bool {
        switch tape.kind(node) {
        case .string:
            let b = tape.text(node)
            guard Self.isUnstripped(b) else { return false }
            guard direct.bare.mayReplace(b) else { return appendText(b, isTime: isTime, to: &out) }
            // A bare vocabulary word: its expanded value (or the word itself, when two expanded values end in it).
            var replaced = direct.bare(tape.string(node))
            return replaced.withUTF8 { Self.isUnstripped($0) && appendText($0, isTime: isTime, to: &out) }
        case .number:
            // `fixTimestamp` reads a number's text as it is: rare enough to leave to the `String` path.
            return !isTime && CanonicalBytes.appendNumber(tape.text(node), to: &out)
        default:
            return false
        }
    }

    /// `text`'s bytes, which `isUnstripped` accepted (nothing for Python's strip() to take, so not empty), when they have
    /// no prefix to expand.
    private func appendText(_ b: UnsafeBufferPointer<UInt8>, isTime: Bool, to out: inout PreHashBytes) -> Bool {
        guard !direct.builder.expands(b) else { return false }
        guard isTime else { return CanonicalBytes.append(b, to: &out) }
        // `fixTimestamp`: a timestamp in UTC, anything else as it is.
        if let ts = ISO8601Timestamp.parse(bytes: b) {
            out.append { EventHashValues.appendUTC(of: ts, to: &$0) }
        } else {
            out.append(b)
        }
        return true
    }

    /// Starts and ends with visible ASCII: `PythonString.strip` leaves it as it is.
    private static func isUnstripped(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = b.first, let last = b.last else { return false }
        return (0x21...0x7E).contains(first) && (0x21...0x7E).contains(last)
    }

    /// `name=value` (`DirectPreHash.leaf`).
    private func leaf(_ field: Field, _ node: Int, into out: inout PreHashBytes) throws(Unsupported) {
        let mark = out.count
        out.append(field.name)
        out.append(byte: UInt8(ascii: "="))
        if appendValue(node, isTime: field.isTime, to: &out) { return }
        out.truncate(to: mark)
        try direct.leaf(field, try text(node), into: &out)
    }

    private func leafField(_ field: Field, _ value: Int, into out: inout PreHashBytes) throws(Unsupported) {
        guard tape.kind(value) == .array else { return try leaf(field, value, into: &out) }
        let group = out.beginGroup()
        for e in tape.elements(value) {
            out.beginPart()
            try leaf(field, e, into: &out)
        }
        out.endGroup(group)
    }

    /// `DirectPreHash.genericLeaf`: `name=value`, no timestamp rule.
    private func genericLeaf(_ name: String, _ node: Int, into out: inout PreHashBytes) throws(Unsupported) {
        let mark = out.count
        out.append(name)
        out.append(byte: UInt8(ascii: "="))
        if appendValue(node, isTime: false, to: &out) { return }
        out.truncate(to: mark)
        try direct.genericLeaf(name, try text(node), into: &out)
    }

    // MARK: Ordered parts

    private func orderedMembers(_ object: Int, _ order: [Field], into out: inout PreHashBytes) throws(Unsupported) {
        for m in tape.members(object) where !order.contains(where: { $0.name == tape.names[m.name] }) { throw Unsupported() }
        for field in order { if let v = member(object, field.name) { try leafField(field, v, into: &out) } }
    }

    private func member(_ object: Int, _ name: String) -> Int? { tape.member(object, name) }

    private func objects(
        _ name: String, _ value: Int, into out: inout PreHashBytes,
        _ inner: (Int, inout PreHashBytes) throws(Unsupported) -> Void
    ) throws(Unsupported) {
        func one(_ element: Int, _ out: inout PreHashBytes) throws(Unsupported) {
            guard tape.kind(element) == .object,
                tape.members(element).contains(where: { tape.kind($0.value) != .array || tape.nodes[$0.value].next != $0.value + 1 })
            else { throw Unsupported() }
            out.beginPart()
            try out.named(name) { out throws(Unsupported) in try inner(element, &out) }
        }
        let group = out.beginGroup()
        if tape.kind(value) == .array { for e in tape.elements(value) { try one(e, &out) } } else { try one(value, &out) }
        out.endGroup(group)
    }

    private func epcList(_ name: String, _ value: Int, into out: inout PreHashBytes) throws(Unsupported) {
        guard tape.kind(value) == .array else { throw Unsupported() }
        try out.named(name) { out throws(Unsupported) in
            let group = out.beginGroup()
            for e in tape.elements(value) {
                out.beginPart()
                try leaf(DirectPreHash.epcField, e, into: &out)
            }
            out.endGroup(group)
        }
    }

    private func quantityList(_ name: String, _ value: Int, into out: inout PreHashBytes) throws(Unsupported) {
        guard tape.kind(value) == .array else { throw Unsupported() }
        try out.named(name) { out throws(Unsupported) in
            try objects("quantityElement", value, into: &out) { o, out throws(Unsupported) in
                try orderedMembers(o, DirectPreHash.quantityElementFields, into: &out)
            }
        }
    }

    private func sensorElementList(_ value: Int, into out: inout PreHashBytes) throws(Unsupported) {
        guard tape.kind(value) == .array else { throw Unsupported() }
        try out.named("sensorElementList") { out throws(Unsupported) in
            try objects("sensorElement", value, into: &out) { o, out throws(Unsupported) in
                for m in tape.members(o) where !DirectPreHash.sensorElementOrder.contains(tape.names[m.name]) { throw Unsupported() }
                if let m = member(o, "sensorMetadata") {
                    try objects("sensorMetadata", m, into: &out) { m, out throws(Unsupported) in
                        try orderedMembers(m, DirectPreHash.sensorMetadataFields, into: &out)
                    }
                }
                if let r = member(o, "sensorReport") {
                    try objects("sensorReport", r, into: &out) { r, out throws(Unsupported) in
                        try orderedMembers(r, DirectPreHash.sensorReportFields, into: &out)
                    }
                }
            }
        }
    }

    // MARK: The generic tail

    private func pairList(_ name: String, _ value: Int, into out: inout PreHashBytes) throws(Unsupported) {
        guard tape.kind(value) == .array else { throw Unsupported() }
        var entries = tape.elements(value).makeIterator()
        guard entries.next() != nil else { return }
        out.beginPart()
        out.append(name)
        let group = out.beginGroup()
        for entry in tape.elements(value) {
            guard tape.kind(entry) == .object, (1...2).contains(tape.memberCount(entry)),
                tape.members(entry).contains(where: { EventHashTreeBuilder.isPairListMember(tape.names[$0.name]) })
            else { throw Unsupported() }
            out.beginPart()
            for m in tape.members(entry) {
                let key = tape.names[m.name]
                if DirectPreHash.isSpecialKey(key) { throw Unsupported() }
                try genericLeaf(direct.builder.expandKey(key), m.value, into: &out)
            }
        }
        out.endGroup(group)
    }

    private func genericMember(_ key: String, _ value: Int, into out: inout PreHashBytes) throws(Unsupported) {
        try checkGenericKey(key, value)
        let name = direct.builder.expandKey(key)
        if name.utf8.count >= 4, name.utf8.suffix(4).elementsEqual("List".utf8) { throw Unsupported() }
        if tape.kind(value) == .array {
            for e in tape.elements(value) {
                if tape.kind(e) == .array { throw Unsupported() }
                out.beginPart()
                try genericNode(name, e, into: &out)
            }
        } else {
            out.beginPart()
            try genericNode(name, value, into: &out)
        }
    }

    private func genericNode(_ name: String, _ value: Int, into out: inout PreHashBytes) throws(Unsupported) {
        guard tape.kind(value) == .object else { return try genericLeaf(name, value, into: &out) }
        out.append(name)
        let group = out.beginGroup()
        for m in tape.members(value) { try genericMember(tape.names[m.name], m.value, into: &out) }
        out.endGroup(group)
    }

    private func checkGenericKey(_ key: String, _ value: Int) throws(Unsupported) {
        if DirectPreHash.isSpecialKey(key) || EventHashTreeBuilder.isPairListMember(key) { throw Unsupported() }
        if key == "childEPCs" || key == "quantityElement" { throw Unsupported() }
        if EventHashTreeBuilder.correctedNames[key] != nil {
            switch tape.kind(value) {
            case .object, .array: throw Unsupported()
            default: if key != "quantity" { throw Unsupported() }
            }
        }
    }
}
