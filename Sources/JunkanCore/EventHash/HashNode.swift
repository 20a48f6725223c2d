/// The "simple object" tree the CBV 2.0 event-hash algorithm works on: a node is a name, a text and
/// children, as in an XML element. The reference implementation (PyPI `epcis-event-hash-generator`)
/// converts JSON-LD into this shape and then consumes it destructively; we mirror that faithfully,
/// because hash equality with it is the point.
final class HashNode {
    /// Names are strings, except for the two-member entries of `bizTransactionList`, `sourceList` and
    /// `destinationList`, which the reference keeps as a pair of nodes (`pair` set, `name` unused).
    var name: String
    var text: String
    var children: [HashNode]
    var pair: (HashNode, HashNode)?

    init(_ name: String, _ text: String = "", _ children: [HashNode] = []) {
        self.name = name
        self.text = text
        self.children = children
    }

    init(pair first: HashNode, _ second: HashNode) {
        self.name = ""
        self.text = ""
        self.children = []
        self.pair = (first, second)
    }

    var isPair: Bool { pair != nil }
}

extension HashNode {
    /// Python's ordering of `(name, text, children)` tuples: element by element, strings by code point,
    /// children lists lexicographically.
    static func pythonLess(_ a: HashNode, _ b: HashNode) -> Bool {
        let byName = compareScalars(a.name, b.name)
        if byName != 0 { return byName < 0 }
        let byText = compareScalars(a.text, b.text)
        if byText != 0 { return byText < 0 }
        for (x, y) in zip(a.children, b.children) {
            if pythonLess(x, y) { return true }
            if pythonLess(y, x) { return false }
        }
        return a.children.count < b.children.count
    }

    /// Code-point order, as Python compares strings. UTF-8 keeps code-point order byte by byte, so the bytes are
    /// compared (no scalar decoding).
    static func compareScalars(_ a: String, _ b: String) -> Int {
        var ia = a.utf8.makeIterator()
        var ib = b.utf8.makeIterator()
        while true {
            switch (ia.next(), ib.next()) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case (let x?, let y?):
                if x != y { return x < y ? -1 : 1 }
            }
        }
    }

    /// Stable sort by Python tuple order (Python's `list.sort` is stable too).
    static func pythonSorted(_ nodes: [HashNode]) -> [HashNode] {
        nodes.enumerated().sorted { l, r in
            if pythonLess(l.element, r.element) { return true }
            if pythonLess(r.element, l.element) { return false }
            return l.offset < r.offset
        }.map(\.element)
    }

    static func sortedStrings(_ strings: [String]) -> [String] {
        strings.sorted { compareScalars($0, $1) < 0 }
    }
}
