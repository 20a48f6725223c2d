import Foundation
public import JunkanCore
public import JunkanStore

/// A peer that speaks EPCIS 2.0 and nothing of Junkan (issue 27, item 3): no log, no proofs, no description. It is
/// registered with the GS1 Company Prefixes its companies own (`junkan peer add URL --epcis --gs1-prefix P`), and a
/// walk asks its query interface with the standard's own queries: upstream, the events that output the identifiers
/// (`MATCH_outputEPCClass`, `MATCH_outputEPC`) and those that created them (`MATCH_epcClass`/`MATCH_epc` with
/// `EQ_action=ADD`); downstream, those that used them (`MATCH_inputEPCClass`, `MATCH_inputEPC`). Its steps are hashed
/// here like any other, and marked unverified: nothing proves what it says.
public enum PlainEPCISPeer {
    public static let type = "EPCISPeer"
    /// Pages read per query, and events asked per page.
    static let maxPages = 20
    static let perPage = 1_000
    /// Identifiers per query (the URL stays a few kilobytes).
    static let idsPerQuery = 40

    /// The record `junkan peer add --epcis` keeps: the description says what the peer is and which prefixes it owns; its
    /// log origin is a placeholder that keeps the one-peer-per-log rule (it has no log).
    public static func record(baseURL: String, events: String, prefixes: [String], now: Int64) -> Peer {
        let description = JSONObject([
            ("type", .string(type)), ("baseURL", .string(baseURL)), ("events", .string(events)),
            ("gs1Prefixes", .array(prefixes.map { .string($0) }))
        ])
        return Peer(
            baseURL: baseURL, logOrigin: "epcis:" + baseURL, logKey: "", didDocument: "", description: JSONWriter.string(.object(description)),
            addedAt: now)
    }

    /// The query URLs of one hop from `ids`.
    static func queries(events: String, ids: [String], direction: Provenance.Direction) -> [String] {
        var classes: [String] = []
        var instances: [String] = []
        for id in ids {
            let dl = try? GS1Identifier.digitalLink(from: id)
            if dl?.qualifier("21") != nil { instances.append(id) } else { classes.append(id) }
        }
        func encode(_ v: String) -> String { PercentEncoding.encode(v) }
        var urls: [String] = []
        for (list, classParam, instanceParam) in [(classes, true, false), (instances, false, true)] where !list.isEmpty {
            for start in stride(from: 0, to: list.count, by: idsPerQuery) {
                let values = list[start..<min(start + idsPerQuery, list.count)].map(encode).joined(separator: "|")
                let base = events + "?perPage=\(perPage)&"
                switch direction {
                case .upstream:
                    urls.append(base + (classParam ? "MATCH_outputEPCClass=" : "MATCH_outputEPC=") + values)
                    urls.append(base + "EQ_action=ADD&" + (instanceParam ? "MATCH_epc=" : "MATCH_epcClass=") + values)
                case .downstream:
                    urls.append(base + (classParam ? "MATCH_inputEPCClass=" : "MATCH_inputEPC=") + values)
                }
            }
        }
        return urls
    }

    /// The events of an EPCISQueryDocument (or EPCISDocument), each as a trace record with the hash computed here.
    public static func records(of document: JSONValue) throws -> [(record: TraceRecord, eventHash: String)] {
        guard let o = document.objectValue else { throw PeerAnswerError.invalid("", "is not an EPCIS document") }
        let body = o["epcisBody"]?.objectValue
        guard let events = body?["queryResults"]?.objectValue?["resultsBody"]?.objectValue?["eventList"]?.arrayValue ?? body?["eventList"]?.arrayValue
        else { throw PeerAnswerError.invalid("/epcisBody", "holds no event list") }
        let documentContext = o["@context"]
        let documentHasher = EventHash.Hasher(context: documentContext)
        var out: [(TraceRecord, String)] = []
        for (i, e) in events.enumerated() {
            let hash: String
            let record: TraceRecord
            do {
                // An event may carry its own @context (Junkan's query results do): its terms are read with it.
                let own = e.objectValue?["@context"]
                let context = own ?? documentContext
                let body = CaptureService.withoutContext(e)
                hash = try (own.map { EventHash.Hasher(context: $0) } ?? documentHasher).hash(event: body)
                record = try TraceRecord.from(try EPCISEventDecoder(context: context).decode(body), eventHash: hash, documentContext: context)
            } catch { throw PeerAnswerError.invalid("/epcisBody/…/eventList/\(i)", "is not a valid EPCIS 2.0 event: \(error)") }
            if !record.isEmpty { out.append((record, hash)) }
        }
        return out
    }

    /// The next page of a query result (RFC 8288 `Link: <…>; rel="next"`), resolved against the URL asked.
    static func next(link: String?, from url: String) -> String? {
        guard let link else { return nil }
        for part in link.split(separator: ",") where part.contains("rel=\"next\"") || part.contains("rel=next") {
            guard let open = part.firstIndex(of: "<"), let close = part.firstIndex(of: ">"), open < close else { continue }
            let target = String(part[part.index(after: open)..<close])
            if target.hasPrefix("http://") || target.hasPrefix("https://") { return target }
            // A relative reference: resolved against the scheme and authority of the URL asked.
            guard let schemeEnd = url.range(of: "://") else { return nil }
            let authorityEnd = url[schemeEnd.upperBound...].firstIndex(of: "/") ?? url.endIndex
            if target.hasPrefix("/") { return String(url[..<authorityEnd]) + target }
            if target.hasPrefix("?") { return String(url.prefix { $0 != "?" }) + target }
            return nil
        }
        return nil
    }
}
