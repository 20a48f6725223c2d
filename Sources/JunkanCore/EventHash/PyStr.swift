import Foundation

/// A string indexed by Unicode code points with Python's slicing and find semantics, so index
/// arithmetic ported from the reference means the same thing here.
struct PyStr {
    let scalars: [Unicode.Scalar]
    init(_ s: String) { scalars = Array(s.unicodeScalars) }
    init(_ scalars: some Sequence<Unicode.Scalar>) { self.scalars = Array(scalars) }

    var count: Int { scalars.count }
    var string: String {
        var s = String.UnicodeScalarView()
        s.append(contentsOf: scalars)
        return String(s)
    }

    /// Python `s[start:end]` (negative indices count from the end; out of range clamps).
    subscript(start: Int, end: Int?) -> PyStr {
        let n = scalars.count
        func clamp(_ i: Int) -> Int { i < 0 ? max(0, n + i) : min(i, n) }
        let a = clamp(start)
        let b = end.map(clamp) ?? n
        return a < b ? PyStr(scalars[a..<b]) : PyStr("")
    }

    func find(_ needle: String) -> Int {
        let nd = Array(needle.unicodeScalars)
        guard nd.count <= scalars.count else { return -1 }
        for i in 0...(scalars.count - nd.count) where scalars[i] == nd[0] {
            if Array(scalars[i..<(i + nd.count)]) == nd { return i }
        }
        return -1
    }

    func rfind(_ needle: String) -> Int {
        let nd = Array(needle.unicodeScalars)
        guard nd.count <= scalars.count else { return -1 }
        for i in stride(from: scalars.count - nd.count, through: 0, by: -1) where Array(scalars[i..<(i + nd.count)]) == nd {
            return i
        }
        return -1
    }

    static func + (a: PyStr, b: PyStr) -> PyStr { PyStr(a.scalars + b.scalars) }
}
