import Foundation
public import JunkanCore

/// What a search box's text names, read the ways people write identifiers: a GS1 Digital Link (any host), an EPC URN
/// (`urn:epc:id:sgtin:…`, `urn:epc:class:lgtin:…`), a GS1 element string (`(01)04912345000071(21)NB24A0001`), a Digital
/// Link path (`01/04912345000071/10/LOT-1`), a GTIN or GLN alone, a GTIN and a lot or serial separated by a space, an
/// event hash (`ni:///sha-256;…`) or an event ID. Several readings can fit one text (13 digits are a GTIN-13 or a GLN;
/// a GTIN and a word are a serial or a lot): each is a candidate, in the order they are tried.
public enum SearchedIdentifier: Sendable, Equatable {
    /// A GS1 key in canonical Digital Link form.
    case gs1(DigitalLink)
    /// Any other identifier, as captured events spell it (canonical where CBV has a canonical form).
    case identifier(String)
    case eventHash(String)
    case eventID(String)

    /// The text is not any identifier: why, for the person who typed it.
    public struct Malformed: Error, Sendable, Equatable { public var reason: String }

    /// The candidate readings of `text`, most likely first; `Malformed` when none fits.
    public static func candidates(_ text: String) throws(Malformed) -> [SearchedIdentifier] {
        let q = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !q.isEmpty else { throw Malformed(reason: "type an identifier: a GTIN with a lot or serial, a Digital Link, an EPC URN, an event hash or ID") }
        guard q.utf8.count <= 2048 else { throw Malformed(reason: "an identifier is at most 2,048 characters; this is \(q.utf8.count)") }
        if q.hasPrefix("ni:///") {
            guard EventHash.digest(uri: q) != nil else {
                throw Malformed(reason: "\(q) is not an event hash: an event hash is ni:///sha-256; with 64 lowercase hex digits and ?ver=CBV2.0")
            }
            return [.eventHash(q)]
        }
        // A UUID is the same in either case (RFC 9562), but an event keeps the ID as it was captured: as typed, then lower.
        if q.lowercased().hasPrefix("urn:uuid:") { return q == q.lowercased() ? [.eventID(q)] : [.eventID(q), .eventID(q.lowercased())] }
        if q.hasPrefix("urn:epc:") || q.hasPrefix("http://") || q.hasPrefix("https://") {
            do throws(GS1Error) {
                if let link = try GS1Identifier.digitalLink(from: q) { return [.gs1(link)] }
            } catch {
                throw Malformed(reason: "\(q) is not a valid GS1 identifier: \(error)")
            }
            // A URI that is not a GS1 key: an identifier of its own scheme, or an event ID.
            return [.identifier(CBVCanonical.identifier(q)), .eventID(q)]
        }
        if q.hasPrefix("(") { return [.gs1(try elementString(q))] }
        let parts = q.split(whereSeparator: \.isWhitespace)
        // A Digital Link path has no space in it; a GTIN and a lot may have a slash in the lot ("04912345000071 A/1").
        if parts.count == 1, let first = q.first, first.isNumber, q.contains("/") { return [.gs1(try link("https://id.gs1.org/" + q, from: q))] }
        if parts.count == 2, parts[0].allSatisfy(\.isNumber) {
            let gtin = String(parts[0])
            let extra = PercentEncoding.encode(String(parts[1]))
            return [
                .gs1(try link("https://id.gs1.org/01/\(gtin)/21/\(extra)", from: q)),
                .gs1(try link("https://id.gs1.org/01/\(gtin)/10/\(extra)", from: q))
            ]
        }
        if q.allSatisfy(\.isNumber) {
            var found: [SearchedIdentifier] = []
            if [8, 12, 13, 14].contains(q.count), let gtin = try? DigitalLink.parse("https://id.gs1.org/01/\(q)") { found.append(.gs1(gtin)) }
            if q.count == 13, let gln = try? DigitalLink.parse("https://id.gs1.org/414/\(q)") { found.append(.gs1(gln)) }
            guard !found.isEmpty else {
                throw Malformed(reason: "\(q) is not a GTIN (8, 12, 13 or 14 digits) or a GLN (13 digits) with a valid check digit")
            }
            return found
        }
        throw Malformed(
            reason: "\(q) is not an identifier Junkan reads: try a GTIN with a serial or lot (04912345000071 NB24A0001), "
                + "(01)…(21)…, a Digital Link, an EPC URN (urn:epc:…), an event hash (ni:///sha-256;…) or an event ID (urn:uuid:…)")
    }

    /// `(01)04912345000071(21)NB24A0001`: application identifiers in brackets, each followed by its value.
    static func elementString(_ q: String) throws(Malformed) -> DigitalLink {
        var path = ""
        var rest = Substring(q)
        while !rest.isEmpty {
            guard rest.first == "(", let close = rest.firstIndex(of: ")") else {
                throw Malformed(reason: "\(q) is not a GS1 element string: each application identifier goes in brackets, as (01)…(21)…")
            }
            let ai = rest[rest.index(after: rest.startIndex)..<close]
            let valueStart = rest.index(after: close)
            let valueEnd = rest[valueStart...].firstIndex(of: "(") ?? rest.endIndex
            guard !ai.isEmpty, ai.allSatisfy(\.isNumber), valueStart < valueEnd else {
                throw Malformed(reason: "\(q) is not a GS1 element string: (\(ai)) needs digits in the brackets and a value after them")
            }
            path += "/\(ai)/" + PercentEncoding.encode(String(rest[valueStart..<valueEnd]))
            rest = rest[valueEnd...]
        }
        return try link("https://id.gs1.org" + path, from: q)
    }

    static func link(_ uri: String, from q: String) throws(Malformed) -> DigitalLink {
        do throws(GS1Error) {
            return try DigitalLink.parse(uri)
        } catch {
            throw Malformed(reason: "\(q) is not a valid GS1 identifier: \(error)")
        }
    }
}
