/// RFC 6901 JSON Pointer, used to say where in a document a problem is ("/epcisBody/eventList/3/bizStep").
public struct JSONPointer: Sendable, Hashable, CustomStringConvertible {
    /// The pointer is kept as its last token and the pointer before it. A decoder makes a pointer for every member it
    /// reads, in case that member is wrong; appending allocates one small node and copies nothing, and the tokens'
    /// text is made only when a pointer is read, which is when an error is reported.
    private final class Node: Sendable {
        let parent: Node?
        let key: String?
        let index: Int
        init(parent: Node?, key: String?, index: Int) { self.parent = parent; self.key = key; self.index = index }
        var token: String { key ?? String(index) }
    }

    private let last: Node?

    public init(_ tokens: [String] = []) { last = tokens.reduce(nil) { Node(parent: $0, key: $1, index: 0) } }

    private init(last: Node) { self.last = last }

    public static let root = JSONPointer()

    public var tokens: [String] {
        var out: [String] = []
        var n = last
        while let node = n {
            out.append(node.token)
            n = node.parent
        }
        return out.reversed()
    }

    public func appending(_ key: String) -> JSONPointer { JSONPointer(last: Node(parent: last, key: key, index: 0)) }
    public func appending(_ index: Int) -> JSONPointer { JSONPointer(last: Node(parent: last, key: nil, index: index)) }

    /// Two pointers are equal when their tokens are ("3" the key and 3 the index alike).
    public static func == (a: JSONPointer, b: JSONPointer) -> Bool { a.tokens == b.tokens }
    public func hash(into hasher: inout Hasher) { hasher.combine(tokens) }

    /// RFC 6901 §3: '~' is written '~0' and '/' is written '~1'.
    public var description: String {
        tokens.map { "/" + $0.replacingAll("~", with: "~0").replacingAll("/", with: "~1") }.joined()
    }
}

extension String {
    /// Foundation-free replacement of every occurrence of `target`.
    func replacingAll(_ target: String, with replacement: String) -> String {
        // The byte test first: most calls find nothing, and `contains` (Foundation's, where it is imported) is slow.
        guard !target.isEmpty, containsBytes(target), contains(target) else { return self }
        return split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
