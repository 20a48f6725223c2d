/// Cheap, exact pre-checks in front of the reference's regular expressions: each returns false only
/// when the regular expression cannot match, so skipping it changes no result (the differential
/// test in EventHashFastCheckTests holds them to that).
extension EventHashDigitalLink {
    static let primaryKeySegments: [[UInt8]] = [
        "01", "gtin", "8006", "itip", "8010", "cpid", "414", "gln", "417", "party", "8017",
        "gsrnp", "8018", "gsrn", "255", "gcn", "00", "sscc", "253", "gdti", "401", "ginc",
        "402", "gsin", "8003", "grai", "8004", "giai"
    ].map { Array($0.utf8) }

    /// The `digitalLink` pattern needs "/{key}/" followed by four digits, or a path ending in "/" and
    /// ten of [A-Za-z_-]. Non-ASCII text (where `\d` means more) always goes to the regex.
    static func mayBeDigitalLink(_ s: String) -> Bool {
        // Read in place: this runs for every http(s) value (a web-vocabulary bizStep, a type) that is not a canonical link.
        s.utf8.withContiguousStorageIfAvailable(mayBeDigitalLink(bytes:)) ?? mayBeDigitalLink(bytes: Array(s.utf8))
    }

    static func mayBeDigitalLink<C: RandomAccessCollection<UInt8>>(bytes b: C) -> Bool where C.Index == Int {
        if b.contains(where: { $0 >= 0x80 }) { return true }
        if b.count >= 11 {
            let tail = b[(b.count - 10)...]
            // The ten-letter ending counts only straight after the scheme or the authority (which has no '/', '?'
            // or '#'): "https://host/BTT-desadv" may match, "https://ref.gs1.org/cbv/BTT-desadv" cannot.
            if b[b.count - 11] == UInt8(ascii: "/"), tail.allSatisfy({ ASCII.isLetter($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }),
                endsRightAfterAuthority(b[..<(b.count - 11)])
            {
                return true
            }
        }
        // A key segment has no '/', so it is the whole segment after a '/': each segment is looked up once, not
        // compared with every key.
        var i = 0
        while i < b.count {
            if b[i] == UInt8(ascii: "/") {
                var end = i + 1
                while end < b.count, b[end] != UInt8(ascii: "/"), end - i <= Self.longestKeySegment { end += 1 }
                if end + 5 <= b.count, b[end] == UInt8(ascii: "/"), let packed = Self.packed(b[(i + 1)..<end]),
                    Self.packedKeySegments.contains(packed), b[(end + 1)...(end + 4)].allSatisfy(ASCII.isDigit)
                {
                    return true
                }
            }
            i += 1
        }
        return false
    }

    static let longestKeySegment = primaryKeySegments.map(\.count).max()!
    static let packedKeySegments = Set(primaryKeySegments.map { packed($0)! })

    /// Up to eight bytes as one number, a shorter run padded with zero bytes; nil when longer. (A segment ending in NUL
    /// bytes packs like the key before them: the check then says "may", which only costs the regex a look.)
    static func packed(_ bytes: some Collection<UInt8>) -> UInt64? {
        guard bytes.count <= 8 else { return nil }
        var v: UInt64 = 0
        for c in bytes { v = v << 8 | UInt64(c) }
        return v << (8 * UInt64(8 - bytes.count))
    }

    /// `https?:(//authority)?` and nothing more, the authority free of '/', '?' and '#'.
    static func endsRightAfterAuthority(_ head: some Collection<UInt8>) -> Bool {
        for scheme in ["http:", "https:"] where head.elementsEqual(scheme.utf8) { return true }
        for scheme in ["http://", "https://"] where head.starts(with: scheme.utf8) {
            return !head.dropFirst(scheme.utf8.count).contains { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }
        }
        return false
    }
}

/// Exact hand-written matchers for the common EPC URI schemes (sgtin, lgtin, sgln, sscc) and for
/// Digital Links already in the reference's canonical output form. ASCII only; anything else
/// answers false and takes the regular-expression path.
extension EventHashDigitalLink {
    /// One token of the EPC "serial" grammar: an allowed %-escape or one of [!')(*+,.0-9:;=A-Za-z_-].
    static func serialToken<C: RandomAccessCollection<UInt8>>(_ b: C, _ i: Int) -> Int? where C.Index == Int {
        let c = b[i]
        if c == UInt8(ascii: "%") {
            guard i + 2 < b.endIndex else { return nil }
            let h = b[i + 1], l = b[i + 2]
            let hexAll = ASCII.isDigit(l) || (l >= 0x41 && l <= 0x46) || (l >= 0x61 && l <= 0x66)
            let ok: Bool
            switch h {
            case UInt8(ascii: "2"):
                ok = [UInt8(ascii: "1"), UInt8(ascii: "2"), UInt8(ascii: "5")].contains(l) || (l >= 0x36 && l <= 0x39) || (hexAll && !ASCII.isDigit(l))
            case UInt8(ascii: "3"): ok = hexAll
            case UInt8(ascii: "4"), UInt8(ascii: "6"): ok = hexAll && l != UInt8(ascii: "0")
            case UInt8(ascii: "5"): ok = ASCII.isDigit(l) || [UInt8(ascii: "A"), UInt8(ascii: "a"), UInt8(ascii: "F"), UInt8(ascii: "f")].contains(l)
            case UInt8(ascii: "7"): ok = ASCII.isDigit(l) || l == UInt8(ascii: "A") || l == UInt8(ascii: "a")
            default: ok = false
            }
            return ok ? i + 3 : nil
        }
        switch c {
        case UInt8(ascii: "!"), UInt8(ascii: "'"), UInt8(ascii: ")"), UInt8(ascii: "("), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: ","),
            UInt8(ascii: "."), UInt8(ascii: ":"), UInt8(ascii: ";"), UInt8(ascii: "="), UInt8(ascii: "_"), UInt8(ascii: "-"):
            return i + 1
        default:
            return ASCII.isDigit(c) || ASCII.isLetter(c) ? i + 1 : nil
        }
    }

    /// `prefix` D{k} "." D{total-k} "." serial{1,maxTokens}$ with 6 ≤ k ≤ 12 (sgtin/lgtin: total 13; sgln: 12).
    static func fastEPC(_ s: String, prefix: String, total: Int, maxTokens: Int) -> Bool {
        fastEPC(Array(s.utf8), prefix: Array(prefix.utf8), total: total, maxTokens: maxTokens)
    }

    static func fastEPC<C: RandomAccessCollection<UInt8>>(_ b: C, prefix p: [UInt8], total: Int, maxTokens: Int) -> Bool where C.Index == Int {
        guard b.count > p.count, b.hasPrefix(bytes: p), !b.contains(where: { $0 >= 0x80 }) else { return false }
        let end = b.endIndex
        var i = b.startIndex + p.count
        let gcpStart = i
        while i < end, ASCII.isDigit(b[i]) { i += 1 }
        let k = i - gcpStart
        guard (6...12).contains(k), i < end, b[i] == UInt8(ascii: ".") else { return false }
        i += 1
        let refStart = i
        while i < end, ASCII.isDigit(b[i]) { i += 1 }
        guard i - refStart == total - k, i < end, b[i] == UInt8(ascii: ".") else { return false }
        i += 1
        var tokens = 0
        while i < end {
            guard let next = serialToken(b, i) else { return false }
            i = next
            tokens += 1
        }
        return (1...maxTokens).contains(tokens)
    }

    /// `urn:epc:id:sscc:` D{k} "." D{17-k}$.
    static func fastSSCC(_ s: String) -> Bool { fastDigitsEPC(s, prefix: "urn:epc:id:sscc:", total: 17) }

    /// `urn:epc:id:pgln:` D{k} "." D{12-k}$ (for k = 12 nothing follows the dot).
    static func fastPGLN(_ s: String) -> Bool { fastDigitsEPC(s, prefix: "urn:epc:id:pgln:", total: 12) }

    /// `prefix` D{k} "." D{total-k}$ with 6 ≤ k ≤ 12.
    static func fastDigitsEPC(_ s: String, prefix: String, total: Int) -> Bool {
        fastDigitsEPC(Array(s.utf8), prefix: Array(prefix.utf8), total: total)
    }

    static func fastDigitsEPC<C: RandomAccessCollection<UInt8>>(_ b: C, prefix p: [UInt8], total: Int) -> Bool where C.Index == Int {
        guard b.hasPrefix(bytes: p), !b.contains(where: { $0 >= 0x80 }) else { return false }
        let rest = b[(b.startIndex + p.count)...]
        guard let dot = rest.firstIndex(of: UInt8(ascii: ".")) else { return false }
        let k = dot - (b.startIndex + p.count)
        let tail = b[(dot + 1)...]
        return (6...12).contains(k) && rest[..<dot].allSatisfy(ASCII.isDigit) && tail.count == total - k && tail.allSatisfy(ASCII.isDigit)
    }

    /// Characters the reference allows in canonical serials, lots and extensions: [\x22\x27\x2D\x2E\x30-\x39\x3B-\x3F\x41-\x5A\x5F\x61-\x7A].
    static func canonicalValueChar(_ c: UInt8) -> Bool {
        c == 0x22 || c == 0x27 || c == 0x2D || c == 0x2E || ASCII.isDigit(c) || (c >= 0x3B && c <= 0x3F) || (c >= 0x41 && c <= 0x5A)
            || c == 0x5F || (c >= 0x61 && c <= 0x7A)
    }

    /// A Digital Link the reference would return unchanged: https://id.gs1.org/01/D14[/21|/10/v], /414/D13[/254/v],
    /// /00/D18 or /417/D13, with v of 0–20 canonical characters and nothing else (no query, fragment, '/').
    static func isCanonicalOutput(_ s: String) -> Bool {
        guard s.hasBytePrefix("https://id.gs1.org/") else { return false }
        // Read in place (no copy, no split into arrays): this runs for every http(s) value an event hashes.
        return s.utf8.withContiguousStorageIfAvailable { isCanonicalOutput(path: $0[19...]) } ?? isCanonicalOutput(path: Array(s.utf8)[19...])
    }

    /// The path after `https://id.gs1.org/`: `ai/key` or `ai/key/qualifier/value`, split at '/' as
    /// `split(omittingEmptySubsequences: false)` splits.
    static func isCanonicalOutput<C: RandomAccessCollection<UInt8>>(path b: C) -> Bool where C.Index == Int {
        func segmentEnd(_ from: Int) -> Int { b[from...].firstIndex(of: UInt8(ascii: "/")) ?? b.endIndex }
        func digits(_ r: Range<Int>, _ n: Int) -> Bool { r.count == n && b[r].allSatisfy(ASCII.isDigit) }
        func value(_ r: Range<Int>) -> Bool { !r.isEmpty && r.count <= 20 && b[r].allSatisfy(canonicalValueChar) && !b[r].contains(UInt8(ascii: "?")) }
        func equals(_ r: Range<Int>, _ text: StaticString) -> Bool {
            b[r].elementsEqual(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        }
        let ai = b.startIndex..<segmentEnd(b.startIndex)
        guard ai.upperBound < b.endIndex else { return false }  // one segment: no case takes it
        let key = (ai.upperBound + 1)..<segmentEnd(ai.upperBound + 1)
        var qualifier: Range<Int>?, extra: Range<Int>?
        if key.upperBound < b.endIndex {
            let q = (key.upperBound + 1)..<segmentEnd(key.upperBound + 1)
            guard q.upperBound < b.endIndex else { return false }  // three segments
            let v = (q.upperBound + 1)..<segmentEnd(q.upperBound + 1)
            guard v.upperBound == b.endIndex else { return false }  // five or more
            qualifier = q
            extra = v
        }
        if equals(ai, "01") {
            guard digits(key, 14) else { return false }
            guard let qualifier, let extra else { return true }
            return (equals(qualifier, "21") || equals(qualifier, "10")) && value(extra)
        }
        if equals(ai, "414") {
            guard digits(key, 13) else { return false }
            guard let qualifier, let extra else { return true }
            return equals(qualifier, "254") && value(extra)
        }
        if equals(ai, "417") { return qualifier == nil && digits(key, 13) }
        if equals(ai, "00") { return qualifier == nil && digits(key, 18) }
        return false
    }
}
