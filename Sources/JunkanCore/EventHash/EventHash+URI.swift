/// The event hash URI ⇄ its 32-byte SHA-256 digest (the log's leaves carry the digest).
extension EventHash {
    static let uriPrefix = "ni:///sha-256;"
    static let uriSuffix = "?ver=CBV2.0"

    /// RFC 6920 named information: `ni:///sha-256;` + lowercase hex + `?ver=CBV2.0`.
    public static func uri(digest: some Sequence<UInt8>) -> String {
        uriPrefix + Hex.encode(digest) + uriSuffix
    }

    /// The digest of an event hash URI written as `uri(digest:)` writes it (lowercase hex), or nil.
    public static func digest(uri: String) -> [UInt8]? {
        guard uri.hasPrefix(uriPrefix), uri.hasSuffix(uriSuffix) else { return nil }
        let hex = Array(uri.utf8.dropFirst(uriPrefix.utf8.count).dropLast(uriSuffix.utf8.count))
        guard hex.count == 64 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(32)
        var i = 0
        while i < 64 {
            guard let hi = Hex.nibble(hex[i]), let lo = Hex.nibble(hex[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }
}
