/// The text shape tlog-proof@v1 and the tlog-witness `add-checkpoint` body share: header lines, base64 hash lines
/// ended by an empty line, then a signed note verbatim. Each line ends in a newline.
struct HashLineText {
    private(set) var rest: Substring
    /// The format's own error case, so each format reports in its own words.
    let fail: (String) -> LedgerError

    init(_ text: String, fail: @escaping (String) -> LedgerError) {
        rest = Substring(text)
        self.fail = fail
    }

    mutating func line() throws(LedgerError) -> Substring {
        guard let nl = rest.firstIndex(of: "\n") else { throw fail("line missing its newline") }
        defer { rest = rest[rest.index(after: nl)...] }
        return rest[..<nl]
    }

    /// Hash lines up to the empty line; both formats allow at most 63 (a proof in a tree of 2^63 leaves).
    mutating func hashLines(what: String) throws(LedgerError) -> [TreeHash] {
        var hashes: [TreeHash] = []
        while true {
            let l = try line()
            if l.isEmpty { return hashes }
            guard hashes.count < 63 else { throw fail("more than 63 \(what) lines") }
            do { hashes.append(try TreeHash(base64: l, what: "\(what) line \(hashes.count + 1)")) } catch { throw fail("\(error)") }
        }
    }

    static func format(hashLines: [TreeHash], note: String) -> String {
        hashLines.map { $0.base64 + "\n" }.joined() + "\n" + note
    }
}
