import Foundation

/// Picks what to send from an `Accept` header (RFC 9110 §12.5.1): the offer with the highest quality, more specific
/// ranges winning over wildcards, the server's order breaking ties. No header, or only `*/*`, takes the first offer.
enum MediaTypeNegotiation {
    struct Range { var type: String; var subtype: String; var q: Double }

    static func ranges(_ accept: String) -> [Range] {
        accept.split(separator: ",").compactMap { part in
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let mt = pieces.first, !mt.isEmpty else { return nil }
            let ts = mt.split(separator: "/", maxSplits: 1).map(String.init)
            guard ts.count == 2 else { return nil }
            var q = 1.0
            for p in pieces.dropFirst() where p.hasPrefix("q=") { q = Double(p.dropFirst(2)) ?? 0 }
            return Range(type: ts[0], subtype: ts[1], q: q)
        }
    }

    /// nil when the header accepts none of `offers`.
    static func best(accept: String?, offers: [String]) -> String? {
        guard let accept, !accept.trimmingCharacters(in: .whitespaces).isEmpty else { return offers.first }
        let rs = ranges(accept)
        var best: (offer: String, q: Double, specificity: Int)?
        for offer in offers {
            let ts = offer.split(separator: "/", maxSplits: 1).map(String.init)
            // The most specific range that matches this offer decides its quality.
            var match: (q: Double, specificity: Int)?
            for r in rs {
                let s: Int
                if r.type == ts[0] && r.subtype == ts[1] {
                    s = 2
                } else if r.type == ts[0] && r.subtype == "*" {
                    s = 1
                } else if r.type == "*" && r.subtype == "*" {
                    s = 0
                } else {
                    continue
                }
                if match == nil || s > match!.specificity { match = (r.q, s) }
            }
            guard let m = match, m.q > 0 else { continue }
            if best == nil || m.q > best!.q || (m.q == best!.q && m.specificity > best!.specificity) { best = (offer, m.q, m.specificity) }
        }
        return best?.offer
    }

    /// The first language of `Accept-Language` (by quality) among `offers`, else the first offer.
    static func language(_ header: String?, offers: [String]) -> String {
        guard let header else { return offers[0] }
        let wanted = header.split(separator: ",").map { part -> (String, Double) in
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            let q = pieces.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return (pieces.first ?? "", q)
        }.filter { $0.1 > 0 }.sorted { $0.1 > $1.1 }
        for (tag, _) in wanted {
            if let o = offers.first(where: { $0 == tag || tag.hasPrefix($0 + "-") || $0.hasPrefix(tag + "-") }) { return o }
        }
        return offers[0]
    }
}
