/// A GS1 Digital Link URI (GS1 Digital Link standard 1.2): a primary key, its key qualifiers in the
/// order the GS1 syntax dictionary allows, and data attributes from the query string. Every value
/// is checked (length, characters, check digit); the canonical form is on `https://id.gs1.org`.
public struct DigitalLink: Sendable, Hashable, CustomStringConvertible {
    public struct Element: Sendable, Hashable {
        public let ai: String
        public let value: String
        public init(ai: String, value: String) { self.ai = ai; self.value = value }
    }

    public let primaryKey: Element
    public let qualifiers: [Element]
    public let attributes: [Element]

    public init(primaryKey: Element, qualifiers: [Element] = [], attributes: [Element] = []) throws(GS1Error) {
        var key = primaryKey
        if key.ai == "01" { key = Element(ai: "01", value: try Self.gtin14(key.value)) }
        try GS1SyntaxDictionary.validate(ai: key.ai, value: key.value)
        guard let sequences = GS1SyntaxDictionary.entry(key.ai)?.primaryKeyQualifiers else { throw .notAPrimaryKey(key.ai) }
        try Self.checkOrder(primaryKey: key.ai, qualifiers: qualifiers.map(\.ai), allowed: sequences)
        for q in qualifiers { try GS1SyntaxDictionary.validate(ai: q.ai, value: q.value) }
        for a in attributes { try GS1SyntaxDictionary.validate(ai: a.ai, value: a.value) }
        self.primaryKey = key
        self.qualifiers = qualifiers
        self.attributes = attributes
    }

    /// GTIN-8, -12 and -13 are written as GTIN-14 with leading zeros (GS1 DL 1.2 §6.1).
    static func gtin14(_ v: String) throws(GS1Error) -> String {
        switch v.count {
        case 8, 12, 13: String(repeating: "0", count: 14 - v.count) + v
        case 14: v
        default: throw .wrongLength(ai: "01", expected: "8, 12, 13 or 14", got: v.count)
        }
    }

    /// Qualifiers must appear in the order of one allowed sequence, each at most once (e.g. for 01:
    /// 22 then 10 then 21, any of them optional; or 235 alone).
    static func checkOrder(primaryKey: String, qualifiers: [String], allowed: [[String]]) throws(GS1Error) {
        /// Whether `qs` is an in-order subsequence of some allowed sequence.
        func fits(_ qs: ArraySlice<String>) -> Bool {
            allowed.contains { seq in
                var pos = 0
                for q in qs {
                    guard let i = seq[pos...].firstIndex(of: q) else { return false }
                    pos = i + 1
                }
                return true
            }
        }
        if qualifiers.isEmpty || fits(qualifiers[...]) { return }
        // Name the first qualifier that no sequence accepts at its place.
        let n = (1...qualifiers.count).first { !fits(qualifiers.prefix($0)) }!
        throw .badQualifierOrder(primaryKey: primaryKey, qualifier: qualifiers[n - 1], allowed: allowed)
    }

    /// Short names of GS1 DL 1.0/1.1 still accepted on input.
    static let shortNames: [String: String] = [
        "gtin": "01", "lot": "10", "ser": "21", "cpv": "22", "sscc": "00", "gln": "414", "party": "417",
        "giai": "8004", "grai": "8003", "gdti": "253", "gsrn": "8018", "gsrnp": "8017", "gcn": "255",
        "ginc": "401", "gsin": "402", "itip": "8006", "cpid": "8010", "glnx": "254", "tpx": "235"
    ]

    public static func parse(_ uri: String) throws(GS1Error) -> DigitalLink {
        guard let schemeEnd = schemeSeparator(uri) else { throw .notADigitalLink("no scheme") }
        let scheme = uri[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "https" || scheme == "http" else { throw .notADigitalLink("scheme must be http or https") }
        var rest = uri[schemeEnd.upperBound...]
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        var query: Substring = ""
        if let q = rest.firstIndex(of: "?") { query = rest[rest.index(after: q)...]; rest = rest[..<q] }
        guard let slash = rest.firstIndex(of: "/") else { throw .notADigitalLink("no path") }
        // Split on the byte '/' (always a character boundary), not Character by Character.
        var segments = rest[rest.index(after: slash)...].utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
            .map { String(Substring($0)) }
        if segments.last == "" { segments.removeLast() }  // trailing slash tolerated
        // The key starts at the first segment that names a primary key and is followed by a value
        // (anything before it is the resolver's own path prefix).
        guard
            let start = segments.indices.first(where: { i in
                let ai = shortNames[segments[i]] ?? segments[i]
                return GS1SyntaxDictionary.entry(ai)?.primaryKeyQualifiers != nil && i + 1 < segments.count
                    && (segments.count - i) % 2 == 0
            })
        else { throw .notADigitalLink("no GS1 primary key (e.g. /01/{gtin}) in the path") }
        var elements: [Element] = []
        var i = start
        while i + 1 < segments.count {
            let ai = shortNames[segments[i]] ?? segments[i]
            guard GS1SyntaxDictionary.entry(ai) != nil else { throw .unknownApplicationIdentifier(segments[i]) }
            guard let value = PercentEncoding.decode(segments[i + 1]) else {
                throw .notADigitalLink("bad percent-encoding in the value of AI (\(ai))")
            }
            if value.isEmpty { throw .missingValue(ai: ai) }
            elements.append(Element(ai: ai, value: value))
            i += 2
        }
        var attributes: [Element] = []
        for pair in query.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            let ai = shortNames[kv[0]] ?? kv[0]
            // Only numeric AIs that the dictionary marks as DL data attributes; other parameters
            // (linkType, context, …) belong to the resolver, not to the identifier.
            guard ai.allSatisfy(\.isNumber), let entry = GS1SyntaxDictionary.entry(ai), entry.isDataAttribute else { continue }
            guard kv.count == 2, let v = PercentEncoding.decode(kv[1].replacingAll("+", with: " ")) else { throw .missingValue(ai: ai) }
            attributes.append(Element(ai: ai, value: v))
        }
        return try DigitalLink(primaryKey: elements[0], qualifiers: Array(elements.dropFirst()), attributes: attributes)
    }

    /// The range of the first "://".
    static func schemeSeparator(_ uri: String) -> Range<String.Index>? {
        let u = uri.utf8
        var i = u.startIndex
        while i < u.endIndex {
            if u[i] == UInt8(ascii: ":") {
                let a = u.index(after: i)
                if a < u.endIndex, u[a] == UInt8(ascii: "/") {
                    let b = u.index(after: a)
                    if b < u.endIndex, u[b] == UInt8(ascii: "/") { return i..<u.index(after: b) }
                }
            }
            i = u.index(after: i)
        }
        return nil
    }

    /// `https://id.gs1.org/{ai}/{value}/…` with values percent-encoded, no query string.
    public var canonicalURI: String { uri(domain: "https://id.gs1.org") }

    public func uri(domain: String, includeAttributes: Bool = false) -> String {
        var s = domain
        for e in [primaryKey] + qualifiers { s += "/" + e.ai + "/" + PercentEncoding.encode(e.value) }
        if includeAttributes, !attributes.isEmpty {
            s += "?" + attributes.map { $0.ai + "=" + PercentEncoding.encode($0.value) }.joined(separator: "&")
        }
        return s
    }

    public var description: String { canonicalURI }

    public func qualifier(_ ai: String) -> String? { qualifiers.first { $0.ai == ai }?.value }
}

/// RFC 3986 percent-encoding: everything but unreserved characters is encoded (GS1 DL 1.2 §7.3).
public enum PercentEncoding {
    public static func encode(_ s: String) -> String {
        encode(s, keeping: { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "~") })
    }

    /// Percent-encodes every UTF-8 byte except ASCII letters, digits and the bytes `alsoKeep` accepts.
    static func encode(_ s: String, keeping alsoKeep: (UInt8) -> Bool) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        append(s.utf8, to: &out, keeping: alsoKeep)
        return String(decoding: out, as: UTF8.self)
    }

    /// `encode`'s bytes, appended to a buffer being written.
    static func append(_ bytes: some Sequence<UInt8>, to out: inout [UInt8], keeping alsoKeep: (UInt8) -> Bool) {
        for b in bytes {
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                out.append(b)
            case _ where alsoKeep(b):
                out.append(b)
            default:
                out.append(UInt8(ascii: "%"))
                out.append(hexUpper[Int(b >> 4)])
                out.append(hexUpper[Int(b & 0xF)])
            }
        }
    }

    private static let hexUpper = Array("0123456789ABCDEF".utf8)

    public static func decode(_ s: String) -> String? {
        guard s.utf8.contains(UInt8(ascii: "%")) else { return s }
        var bytes: [UInt8] = []
        var it = Array(s.utf8)[...]
        while let b = it.popFirst() {
            if b == UInt8(ascii: "%") {
                guard it.count >= 2, let v = UInt8(String(decoding: it.prefix(2), as: UTF8.self), radix: 16) else { return nil }
                bytes.append(v)
                it = it.dropFirst(2)
            } else {
                bytes.append(b)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
