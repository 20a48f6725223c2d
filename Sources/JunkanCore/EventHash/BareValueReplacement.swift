/// The one expanded value a bare string stands for: the value that ends in "-string" or "/string",
/// when exactly one of the event's expanded values does. An event has a handful of expanded values, so
/// each string is compared with their endings directly; a large set is indexed by ending first.
struct BareValueReplacement {
    let values: [String]
    /// Ending → expanded value, for large sets; nil when two expanded values share the ending.
    private var byEnding: [String: String?] = [:]
    private let indexed: Bool

    /// `expanded`: distinct values (two equal ones would read as two values with one ending).
    init(_ expanded: [String], indexedFrom: Int = 8) {
        values = expanded
        indexed = values.count >= indexedFrom
        guard indexed else { return }
        for x in values {
            var i = x.utf8.startIndex
            while i < x.utf8.endIndex {
                let c = x.utf8[i]
                i = x.utf8.index(after: i)
                guard c == UInt8(ascii: "-") || c == UInt8(ascii: "/") else { continue }
                let ending = String(x[i...])
                if let existing = byEnding[ending] {
                    if existing != x { byEnding[ending] = .some(nil) }
                } else {
                    byEnding[ending] = x
                }
            }
        }
    }

    func callAsFunction(_ s: String) -> String {
        if values.isEmpty { return s }
        if indexed {
            guard let hit = byEnding[s], let x = hit else { return s }
            return x
        }
        var match: String?
        for x in values where Self.ends(x, with: s) {
            if match != nil { return s }  // two values end so: the reference replaces nothing
            match = x
        }
        return match ?? s
    }

    /// `x` is "…-s" or "…/s".
    static func ends(_ x: String, with s: String) -> Bool {
        let xs = x.utf8, ss = s.utf8
        guard xs.count > ss.count else { return false }
        let start = xs.index(xs.endIndex, offsetBy: -ss.count)
        let before = xs[xs.index(before: start)]
        return (before == UInt8(ascii: "-") || before == UInt8(ascii: "/")) && xs[start...].elementsEqual(ss)
    }
}
