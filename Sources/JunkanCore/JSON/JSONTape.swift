/// A JSON document as one flat list of nodes over its bytes, for code that reads a large document once
/// and builds nothing from most of it (`junkan event-hash`). `JSONParser` builds a tree: a `String` per
/// string, an array per list and per object, and every walk over it retains and releases them. The tape
/// is one array of nodes: each says what it is and where its text is in the input (escaped text: in one
/// side buffer, decoded); containers say where they end. Member names are interned, one `String` per
/// distinct name per document.
///
/// It accepts what `JSONParser` accepts (RFC 8259, UTF-8, nesting within the limit, no duplicate member
/// names) and nothing else, but it does not say why: on any fault `parse` gives nil, and the caller
/// parses with `JSONParser`, which reports the fault and where.
final class JSONTape: @unchecked Sendable {  // immutable once parsed; the buffers are freed with it
    enum Kind: UInt8 { case object, array, string, number, `true`, `false`, null }

    struct Node {
        var kind: Kind
        /// A string with escapes: its decoded text is in `unescaped`, not in the input.
        var unescaped = false
        /// A member name: its interned name.
        var name: Int32 = -1
        /// Strings: the text between the quotes; numbers: the literal; containers: from the bracket to past its
        /// closing bracket.
        var start: Int32
        var end: Int32
        /// The node after this one and everything inside it.
        var next: Int32 = 0
    }

    let input: UnsafeMutableBufferPointer<UInt8>
    let nodes: [Node]
    /// The decoded text of strings with escapes.
    let unescaped: UnsafeMutableBufferPointer<UInt8>
    /// Interned member names, by `Node.name`.
    let names: [String]

    private init(input: UnsafeMutableBufferPointer<UInt8>, builder: TapeBuilder) {
        self.input = input
        nodes = builder.nodes
        unescaped = .allocate(capacity: builder.unescaped.count)
        _ = unescaped.initialize(from: builder.unescaped)
        names = builder.names.strings
    }

    deinit {
        input.deallocate()
        unescaped.deallocate()
    }

    /// The document's tape, or nil when it is not JSON that `JSONParser` accepts within `limits`.
    static func parse(_ bytes: some Collection<UInt8>, limits: JSONParser.Limits = .init()) -> JSONTape? {
        func run(_ buffer: UnsafeBufferPointer<UInt8>) -> JSONTape? {
            guard buffer.count < Int(Int32.max) else { return nil }
            // The tape keeps its own copy, so its nodes can point into it for as long as it lives.
            let input = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: buffer.count)
            _ = input.initialize(from: buffer)
            var builder = TapeBuilder(bytes: UnsafeBufferPointer(input), maxDepth: limits.maxDepth)
            guard builder.document() else { input.deallocate(); return nil }
            return JSONTape(input: input, builder: builder)
        }
        if let tape = bytes.withContiguousStorageIfAvailable(run) { return tape }
        return Array(bytes).withUnsafeBufferPointer(run)
    }

    /// The root value.
    var root: Int { 0 }

    func kind(_ i: Int) -> Kind { nodes[i].kind }

    /// The text of a string node (decoded) or the literal of a number node, valid while the tape lives.
    func text(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        let n = nodes[i]
        let from = n.unescaped ? unescaped : input
        return UnsafeBufferPointer(rebasing: UnsafeBufferPointer(from)[Int(n.start)..<Int(n.end)])
    }

    func string(_ i: Int) -> String { String(decoding: text(i), as: UTF8.self) }

    /// The members of an object node: each name's interned index and the value's node.
    func members(_ object: Int) -> MemberSequence { MemberSequence(tape: self, object: object) }

    struct MemberSequence: Sequence, IteratorProtocol {
        let tape: JSONTape
        let end: Int
        var at: Int
        init(tape: JSONTape, object: Int) {
            self.tape = tape
            end = Int(tape.nodes[object].next)
            at = object + 1
        }
        mutating func next() -> (name: Int, value: Int)? {
            guard at < end else { return nil }
            let name = Int(tape.nodes[at].name)
            let value = at + 1
            at = Int(tape.nodes[value].next)
            return (name, value)
        }
    }

    /// The elements of an array node.
    func elements(_ array: Int) -> ElementSequence { ElementSequence(tape: self, array: array) }

    struct ElementSequence: Sequence, IteratorProtocol {
        let tape: JSONTape
        let end: Int
        var at: Int
        init(tape: JSONTape, array: Int) {
            self.tape = tape
            end = Int(tape.nodes[array].next)
            at = array + 1
        }
        mutating func next() -> Int? {
            guard at < end else { return nil }
            defer { at = Int(tape.nodes[at].next) }
            return at
        }
    }

    /// The member `name` of an object node.
    func member(_ object: Int, _ name: String) -> Int? {
        for m in members(object) where names[m.name] == name { return m.value }
        return nil
    }

    func memberCount(_ object: Int) -> Int { members(object).reduce(0) { n, _ in n + 1 } }

    /// The value as a tree, for the code that needs one (rare shapes, a document's `@context`).
    func value(_ i: Int) -> JSONValue {
        switch kind(i) {
        case .object: .object(JSONObject(members(i).map { (key: names[$0.name], value: value($0.value)) }))
        case .array: .array(elements(i).map(value))
        case .string: .string(string(i))
        case .number: .number(JSONNumber(literal: string(i)))
        case .true: .bool(true)
        case .false: .bool(false)
        case .null: .null
        }
    }
}

/// The parse itself: the grammar of `Parser` (JSONParser.swift), writing nodes instead of values.
struct TapeBuilder {
    let bytes: UnsafeBufferPointer<UInt8>
    let maxDepth: Int
    var i = 0
    var depth = 0
    var nodes: [JSONTape.Node] = []
    var unescaped: [UInt8] = []
    var names = NameTable()
    /// The member names of the open objects, innermost last (`object()`'s duplicate check).
    var seenNames: [Int32] = []
    /// False inside an element parsed in parallel (as `Parser.mayGoParallel`).
    var mayGoParallel = true

    init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int, reserving nodeCount: Int? = nil) {
        self.bytes = bytes
        self.maxDepth = maxDepth
        nodes.reserveCapacity(nodeCount ?? bytes.count / 12)
    }

    mutating func document() -> Bool {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
        skipWhitespace()
        guard i < bytes.count, value() else { return false }
        skipWhitespace()
        return i == bytes.count
    }

    mutating func skipWhitespace() {
        while i < bytes.count {
            switch bytes[i] {
            case 0x20, 0x09, 0x0A, 0x0D: i += 1
            default: return
            }
        }
    }

    mutating func value() -> Bool {
        guard i < bytes.count else { return false }
        switch bytes[i] {
        case UInt8(ascii: "{"): return object()
        case UInt8(ascii: "["): return array()
        case UInt8(ascii: "\""): return string(name: false)
        case UInt8(ascii: "t"): return literal("true", .true)
        case UInt8(ascii: "f"): return literal("false", .false)
        case UInt8(ascii: "n"): return literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return number()
        default: return false
        }
    }

    mutating func scalar(_ kind: JSONTape.Kind, _ start: Int, _ end: Int, unescaped: Bool = false, name: Int32 = -1) {
        nodes.append(JSONTape.Node(kind: kind, unescaped: unescaped, name: name, start: Int32(start), end: Int32(end), next: Int32(nodes.count + 1)))
    }

    mutating func literal(_ word: StaticString, _ kind: JSONTape.Kind) -> Bool {
        let w = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        guard i + w.count <= bytes.count, zip(w, bytes[i..<(i + w.count)]).allSatisfy({ $0 == $1 }) else { return false }
        scalar(kind, i, i + w.count)
        i += w.count
        return true
    }

    /// Opens a container node; `close` sets where it ends.
    mutating func open(_ kind: JSONTape.Kind) -> Int? {
        depth += 1
        guard depth <= maxDepth else { return nil }
        nodes.append(JSONTape.Node(kind: kind, start: Int32(i), end: 0))
        i += 1
        return nodes.count - 1
    }

    mutating func close(_ node: Int) {
        depth -= 1
        i += 1
        nodes[node].end = Int32(i)
        nodes[node].next = Int32(nodes.count)
    }

    mutating func object() -> Bool {
        guard let node = open(.object) else { return false }
        skipWhitespace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") { close(node); return true }
        // This object's names so far, on a stack shared by every open object (no array made per object).
        let seen = seenNames.count
        defer { seenNames.removeSubrange(seen...) }
        while true {
            skipWhitespace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\""), string(name: true) else { return false }
            // RFC 8259 leaves duplicate names undefined; JSONParser refuses them, and so does the tape.
            let name = nodes[nodes.count - 1].name
            guard !seenNames[seen...].contains(name) else { return false }
            seenNames.append(name)
            skipWhitespace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return false }
            i += 1
            skipWhitespace()
            guard value() else { return false }
            skipWhitespace()
            guard i < bytes.count else { return false }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "}") { close(node); return true }
            return false
        }
    }

    mutating func array() -> Bool {
        guard let node = open(.array) else { return false }
        if mayGoParallel, depth <= Parser.parallelDepth, parallelElements(of: node) { return true }
        skipWhitespace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") { close(node); return true }
        while true {
            skipWhitespace()
            guard value() else { return false }
            skipWhitespace()
            guard i < bytes.count else { return false }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "]") { close(node); return true }
            return false
        }
    }

    mutating func number() -> Bool {
        let start = i
        func digit() -> Bool { i < bytes.count && ASCII.isDigit(bytes[i]) }
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard digit() else { return false }
        if bytes[i] == UInt8(ascii: "0") {
            i += 1
            if digit() { return false }
        } else {
            while digit() { i += 1 }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            guard digit() else { return false }
            while digit() { i += 1 }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard digit() else { return false }
            while digit() { i += 1 }
        }
        scalar(.number, start, i)
        return true
    }

    /// A string node (a member name when `name`, interned).
    mutating func string(name: Bool) -> Bool {
        i += 1
        let start = i
        let high = JSONEscape.skipPlainText(bytes, at: &i)
        guard i < bytes.count else { return false }
        if bytes[i] == UInt8(ascii: "\"") {
            let text = UnsafeBufferPointer(rebasing: bytes[start..<i])
            if high >= 0x80, String(validating: text, as: UTF8.self) == nil { return false }
            scalar(.string, start, i, name: name ? names.intern(text) : -1)
            i += 1
            return true
        }
        guard bytes[i] == UInt8(ascii: "\\") else { return false }  // a control character
        // With escapes: decoded into `unescaped`, as `Parser.string` decodes them.
        let from = unescaped.count
        unescaped.append(contentsOf: bytes[start..<i])
        while true {
            guard i < bytes.count else { return false }
            let b = bytes[i]
            switch b {
            case UInt8(ascii: "\""):
                i += 1
                let text = unescaped[from...]
                guard String(validating: text, as: UTF8.self) != nil else { return false }
                let interned = name ? text.withUnsafeBufferPointer { names.intern($0) } : -1
                scalar(.string, from, unescaped.count, unescaped: true, name: interned)
                return true
            case UInt8(ascii: "\\"):
                i += 1
                if JSONEscape.decode(bytes, at: &i, into: &unescaped) != nil { return false }
            case 0x00..<0x20: return false
            default:
                unescaped.append(b)
                i += 1
            }
        }
    }
}

/// Member names seen in a document, each once: an open-addressing table over the names' bytes, so a name
/// that recurs in every event is one `String` for the whole document.
struct NameTable {
    private(set) var strings: [String] = []

    /// The bytes of an interned name.
    func bytes(_ id: Int) -> ArraySlice<UInt8> { arena[spans[id]] }
    private var spans: [Range<Int>] = []
    private var arena: [UInt8] = []
    private var slots = [Int32](repeating: -1, count: 64)

    mutating func intern(_ text: UnsafeBufferPointer<UInt8>) -> Int32 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        let mask = slots.count - 1
        var s = Int(truncatingIfNeeded: h) & mask
        while slots[s] >= 0 {
            let id = Int(slots[s])
            if spans[id].count == text.count,
                arena.withUnsafeBufferPointer({ a in
                    UnsafeBufferPointer(rebasing: a[spans[id]]).hasPrefix(bytes: text)
                })
            {
                return Int32(id)
            }
            s = (s + 1) & mask
        }
        let id = strings.count
        spans.append(arena.count..<(arena.count + text.count))
        arena.append(contentsOf: text)
        strings.append(String(decoding: text, as: UTF8.self))
        slots[s] = Int32(id)
        if strings.count * 2 > slots.count { rehash() }
        return Int32(id)
    }

    private mutating func rehash() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for (id, span) in spans.enumerated() {
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for b in arena[span] { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
            var s = Int(truncatingIfNeeded: h) & mask
            while slots[s] >= 0 { s = (s + 1) & mask }
            slots[s] = Int32(id)
        }
    }
}
