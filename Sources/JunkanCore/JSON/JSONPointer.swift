/// RFC 6901 JSON Pointer, used to say where in a document a problem is ("/epcisBody/eventList/3/bizStep").
public struct JSONPointer: Sendable, Hashable, CustomStringConvertible {
    public private(set) var tokens: [String]

    public init(_ tokens: [String] = []) { self.tokens = tokens }

    public static let root = JSONPointer()

    public func appending(_ key: String) -> JSONPointer { JSONPointer(tokens + [key]) }
    public func appending(_ index: Int) -> JSONPointer { JSONPointer(tokens + [String(index)]) }

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
