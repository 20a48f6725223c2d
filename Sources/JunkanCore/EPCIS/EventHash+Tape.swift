import Crypto

/// `DirectPreHash` read from a `JSONTape` instead of a tree: the same parts in the same order, with member
/// names compared as interned strings and values read as bytes where they are. The common values (EPC
/// URIs, canonical links, timestamps, words, plain integers) are canonised from their bytes into the
/// pre-hash; any other value is made a `String` and goes through `DirectPreHash`'s own steps, so both
/// paths canonise alike by construction. What `DirectPreHash` gives up on, this gives up on too, and the
/// caller hashes that event from its tree. `EventHashTapeTests` holds the two equal.
final class TapePreHash {
    // One writer serves a run of events on one thread, so its buffers are allocated once per run, not once per event.
    let tape: JSONTape
    let names: TapeNames
    let hasher: EventHash.Hasher
    /// The last event's pre-hash, when `write` gave true.
    private(set) var out = PreHashBytes()
    private var slots = [Int](repeating: -1, count: DirectPreHash.topLevelOrder.count)
    private var tail: [(name: Int, value: Int)] = []

    init(tape: JSONTape, names: TapeNames, hasher: EventHash.Hasher) {
        self.tape = tape
        self.names = names
        self.hasher = hasher
    }

    /// Writes the event's pre-hash into `out`; false when the event needs the tree.
    func write(event: Int) -> Bool {
        let bare = BareValueReplacement(hasher.expansion.expandedValues(tape: tape, event: event, names: names))
        let walk = TapeEventWalk(tape: tape, names: names, direct: DirectPreHash(builder: hasher.builder, bare: bare))
        // The buffer is taken out while it is written, so the walk writes it without going through this object.
        var bytes = PreHashBytes(capacity: 0)
        swap(&bytes, &out)
        bytes.removeAll()
        defer { swap(&bytes, &out) }
        do throws(DirectPreHash.Unsupported) { try walk.eventPreHash(event, slots: &slots, tail: &tail, into: &bytes) } catch { return false }
        return true
    }
}

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
                try objects(field.name, value, into: &out) { o, out throws(Unsupported) in try orderedMembers(o, DirectPreHash.persistentDispositionFields, into: &out) }
            case .location: try objects(field.name, value, into: &out) { o, out throws(Unsupported) in try orderedMembers(o, DirectPreHash.locationFields, into: &out) }
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

    private func objects(_ name: String, _ value: Int, into out: inout PreHashBytes,
                         _ inner: (Int, inout PreHashBytes) throws(Unsupported) -> Void) throws(Unsupported) {
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
                  tape.members(entry).contains(where: { EventHashTreeBuilder.isPairListMember(tape.names[$0.name]) }) else { throw Unsupported() }
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

/// What the writer needs to know of each member name of a document, worked out once per document instead of once
/// per member: where it goes at an event's top level.
struct TapeNames: Sendable {
    enum Role: Sendable { case ordered(Int), type, notHashed, ignored, other }
    let role: [Role]
    /// The names `BareValueExpansion.vocabulary(key:container:)` may answer for.
    let mayHaveVocabulary: [Bool]

    init(_ tape: JSONTape, ignoredFields: Set<String>) {
        role = tape.names.map { name in
            // `Hasher.prepared` drops the document's ignored fields before anything else reads the event.
            if ignoredFields.contains(name) { return .ignored }
            if let i = DirectPreHash.topLevelIndex[name] { return .ordered(i) }
            switch name {
            case "type": return .type
            case "recordTime", "eventID", "errorDeclaration": return .notHashed  // not hashed (CBV 2.0 §8.9.3)
            default: return .other
            }
        }
        mayHaveVocabulary = tape.names.map { ["bizStep", "disposition", "set", "unset", "type", "exception", "component", "reason"].contains($0) }
    }
}

/// `EventHashValues.canonize` of text that needs no stripping, from its bytes: the text as it is, or the link of an
/// EPC URI of the common schemes. Anything `canonize` might change otherwise (CBV 1.x URNs, numbers, links that are
/// not canonical already) answers false with nothing written, for the `String` path.
enum CanonicalBytes {
    static func append(_ b: UnsafeBufferPointer<UInt8>, to out: inout PreHashBytes) -> Bool {
        // webVocabulary: rewrites CBV 1.x URNs.
        if contains(b, Self.cbvURN) { return false }
        // formatNumeric: a plain integer is its own spelling; anything float() might read takes the String path.
        if PythonNumber.isShortInteger(bytes: b) {
            // `integerString` keeps digits that start with 1–9 as they are; a sign or leading zeros take the String path.
            guard b[0] != UInt8(ascii: "-"), b[0] != UInt8(ascii: "0") else { return false }
            out.append(b)
            return true
        }
        if !PythonNumber.certainlyNotFloat(b) { return false }
        // normalise: only text with a '.' can be an EPC URI or a link.
        guard b.contains(UInt8(ascii: ".")) else { out.append(b); return true }
        if b.hasPrefix("urn:epc:") {
            var linked = false
            out.append { linked = EventHashDigitalLink.appendFastEPCLink(b, to: &$0) }
            return linked
        }
        if b.hasPrefix("http:") || b.hasPrefix("https:") {
            if b.hasPrefix("https://id.gs1.org/"), EventHashDigitalLink.isCanonicalOutput(path: b[19...]) { out.append(b); return true }
            if EventHashDigitalLink.mayBeDigitalLink(bytes: b) { return false }
        }
        out.append(b)
        return true
    }

    static let cbvURN = Array("urn:epcglobal:cbv:".utf8)

    /// `canonize(str(n))` of a JSON number, from its literal: an integer of up to 15 digits is its own spelling (JSON
    /// writes no leading zeros or plus sign; `-0` is left out, int() makes it `0`), and a float that is not integral is
    /// its `repr`, which float() reads back to the same value, so `formatNumeric` gives it again. False (nothing
    /// written) for the rest: longer integers, integral or infinite floats.
    static func appendNumber(_ b: UnsafeBufferPointer<UInt8>, to out: inout PreHashBytes) -> Bool {
        if PythonNumber.isShortInteger(bytes: b) {
            if b.count == 2, b[0] == UInt8(ascii: "-"), b[1] == UInt8(ascii: "0") { return false }
            out.append(b)
            return true
        }
        guard let d = Double(String(decoding: b, as: UTF8.self)), d.isFinite, d.rounded(.towardZero) != d else { return false }
        out.append(PythonNumber.repr(d))
        return true
    }

    static func contains(_ b: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        guard b.count >= needle.count else { return false }
        var i = 0
        while i <= b.count - needle.count {
            if b[i] == needle[0], b[i..<(i + needle.count)].elementsEqual(needle) { return true }
            i += 1
        }
        return false
    }
}

extension PythonNumber {
    /// `isShortInteger` of the bytes.
    static func isShortInteger(bytes b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard b.count <= 16 else { return false }
        let digits = b.first == UInt8(ascii: "-") ? b.dropFirst() : b[...]
        return (1...15).contains(digits.count) && digits.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// `parseFloat`'s quick answers that the text is no float, for text starting and ending with visible ASCII.
    static func certainlyNotFloat(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = b.first else { return false }
        if !mayStartFloat(first) { return true }
        let body = first == UInt8(ascii: "+") || first == UInt8(ascii: "-") ? b.dropFirst() : b[...]
        if let lead = body.first, !mayStartWord(lead), !body.allSatisfy(isNumberByte) { return true }
        return false
    }
}

extension BareValueReplacement {
    /// Whether calling this on the text could give something else (an expanded value ends in "-text" or "/text").
    func mayReplace(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        values.contains { x in
            let xs = x.utf8
            guard xs.count > b.count else { return false }
            let start = xs.index(xs.endIndex, offsetBy: -b.count)
            let before = xs[xs.index(before: start)]
            return (before == UInt8(ascii: "-") || before == UInt8(ascii: "/")) && xs[start...].elementsEqual(b)
        }
    }
}

extension BareValueExpansion {
    /// `expandedValues(of:)` of an event on a tape, its ignored fields left out as `Hasher.prepared` leaves them out.
    func expandedValues(tape: JSONTape, event: Int, names: TapeNames) -> [String] {
        var found = Distinct()
        if tape.kind(event) == .object {
            for m in tape.members(event) {
                if case .ignored = names.role[m.name] { continue }
                collect(tape, m.value, key: m.name, container: -1, names: names, into: &found)
            }
        } else {
            collect(tape, event, key: -1, container: -1, names: names, into: &found)
        }
        return found.values
    }

    /// `collect` on the tape; `key` and `container` are interned names, -1 for none.
    private func collect(_ tape: JSONTape, _ node: Int, key: Int, container: Int, names: TapeNames, into found: inout Distinct) {
        switch tape.kind(node) {
        case .string:
            if key >= 0, names.mayHaveVocabulary[key],
               let table = vocabulary(key: tape.names[key], container: container >= 0 ? tape.names[container] : nil) {
                let s = tape.string(node)
                let e = table[s] ?? expandCURIE(s)
                if Self.isWebVocabulary(e) { found.insert(e) }
                return
            }
            // `webVocabularyIRI`, answered from the bytes where it can be: an https IRI is its own expansion, and only a
            // string starting like a declared prefix can be a CURIE.
            let b = tape.text(node)
            if b.hasPrefix("https://") {
                if b.hasPrefix("https://ref.gs1.org/cbv") || b.hasPrefix("https://gs1.org/voc") { found.insert(tape.string(node)) }
                return
            }
            guard let first = b.first, prefixStarts.mayStart(byte: first) else { return }
            if let e = webVocabularyIRI(tape.string(node), key: key >= 0 ? tape.names[key] : nil) { found.insert(e) }
        case .array:
            for e in tape.elements(node) { collect(tape, e, key: key, container: container, names: names, into: &found) }
        case .object:
            for m in tape.members(node) { collect(tape, m.value, key: m.name, container: key, names: names, into: &found) }
        default: break
        }
    }
}

extension EventHash {
    /// The hashes of a document's events from its tape, in document order (`hashes(document:)` without the tree).
    static func hashes(tape: JSONTape) throws(EventHashError) -> [String] {
        try eachEvent(of: tape) { writer, event throws(EventHashError) in try writer.hasher.hash(event: event, with: writer) }
    }

    static func preHashes(tape: JSONTape) throws(EventHashError) -> [String] {
        try eachEvent(of: tape) { writer, event throws(EventHashError) in try writer.hasher.preHash(event: event, with: writer) }
    }

    /// The hashes of a JSON document's events, or nil when it is not JSON (`JSONParser` then says why).
    public static func hashes(json: some Collection<UInt8>) throws(EventHashError) -> [String]? {
        guard let tape = JSONTape.parse(json) else { return nil }
        return try hashes(tape: tape)
    }

    public static func preHashes(json: some Collection<UInt8>) throws(EventHashError) -> [String]? {
        guard let tape = JSONTape.parse(json) else { return nil }
        return try preHashes(tape: tape)
    }

    /// `transform` of each event, in runs of events on all cores, each run with a writer of its own.
    private static func eachEvent<T>(of tape: JSONTape, _ transform: (TapePreHash, Int) throws(EventHashError) -> T) throws(EventHashError) -> [T] {
        let (events, context, ignored) = try eventsOf(tape: tape)
        let hasher = Hasher(context: context.map(tape.value), ignoredFields: ignored)
        let names = TapeNames(tape, ignoredFields: ignored)
        let run = 64
        let runs = ParallelMap.map((events.count + run - 1) / run, chunk: 1) { r in
            let writer = TapePreHash(tape: tape, names: names, hasher: hasher)
            return events[(r * run)..<min(events.count, (r + 1) * run)].map { event in
                Result { () throws(EventHashError) in try transform(writer, event) }
            }
        }
        var out: [T] = []
        out.reserveCapacity(events.count)
        for results in runs { for r in results { out.append(try r.get()) } }
        return out
    }

    /// `eventsOf(document:)` on the tape: the event nodes, the `@context` node and the ignored fields.
    static func eventsOf(tape: JSONTape) throws(EventHashError) -> ([Int], Int?, Set<String>) {
        let doc = tape.root
        guard tape.kind(doc) == .object else { throw .notAnEPCISDocument("the document is not a JSON object") }
        guard let body = tape.member(doc, "epcisBody"), tape.kind(body) == .object else {
            throw .notAnEPCISDocument("the document has no epcisBody object")
        }
        let context = tape.member(doc, "@context")
        var ignored = ignoreFields(in: doc, tape)
        if let list = tape.member(body, "eventList"), tape.kind(list) == .array { return (Array(tape.elements(list)), context, ignored) }
        if let results = tape.member(body, "queryResults"), tape.kind(results) == .object {
            ignored.formUnion(ignoreFields(in: results, tape))
            if let rb = tape.member(results, "resultsBody"), tape.kind(rb) == .object, let list = tape.member(rb, "eventList"), tape.kind(list) == .array {
                return (Array(tape.elements(list)), context, ignored)
            }
            throw .notAnEPCISDocument("queryResults has no resultsBody.eventList array")
        }
        if let single = tape.member(body, "event") { return ([single], context, ignored) }
        throw .notAnEPCISDocument("epcisBody has neither eventList, queryResults nor event")
    }

    static func ignoreFields(in object: Int, _ tape: JSONTape) -> Set<String> {
        var out = Set<String>()
        for m in tape.members(object) where declaresIgnoredFields(tape.names[m.name]) { out.formUnion(ignoredFields(tape.value(m.value))) }
        return out
    }
}

extension EventHash.Hasher {
    /// The hash of an event on the writer's tape; an event the tape writer gives up on is hashed from its tree, as
    /// `hash(event:)`.
    func hash(event: Int, with writer: TapePreHash) throws(EventHashError) -> String {
        if writer.write(event: event) { return writer.out.bytes.withUnsafeBytes { EventHash.uri(digest: SHA256.hash(data: $0)) } }
        return try hash(event: writer.tape.value(event))
    }

    func preHash(event: Int, with writer: TapePreHash) throws(EventHashError) -> String {
        if writer.write(event: event) { return writer.out.string }
        return try preHash(event: writer.tape.value(event))
    }

    /// The tape writer alone: nil when the event needs the tree (the tests hold it to the other paths).
    func tapePreHash(tape: JSONTape, names: TapeNames, event: Int) -> PreHashBytes? {
        let writer = TapePreHash(tape: tape, names: names, hasher: self)
        return writer.write(event: event) ? writer.out : nil
    }
}
