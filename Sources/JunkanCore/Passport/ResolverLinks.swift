/// The links a GS1 Digital Link resolver offers for one identifier (GS1-Conformant Resolver Standard 1.2): link
/// types from the GS1 Web Vocabulary, each link with its target, title, media type and language; the default link;
/// and the RFC 9264 linkset over the request's key and every level above it up to the primary key.
public struct ResolverLink: Sendable, Equatable {
    public static let vocabulary = "https://ref.gs1.org/voc/"
    /// Junkan's own link types (docs/federation.md), outside the GS1 vocabulary: `junkan:trace`, the trace graph of an
    /// identifier as another node walks it.
    public static let junkanVocabulary = "https://w3id.org/junkan/voc/"

    public var linkType: String  // short name in the GS1 vocabulary ("dpp", "pip", …), or "junkan:trace"
    public var href: String
    public var title: String
    public var type: String
    public var hreflang: [String]
    /// Whether the request's query string goes on to this target (attributes of the Digital Link, for instance).
    public var passesQuery: Bool

    public init(linkType: String, href: String, title: String, type: String, hreflang: [String] = ["en"], passesQuery: Bool = true) {
        self.linkType = linkType; self.href = href; self.title = title; self.type = type; self.hreflang = hreflang; self.passesQuery = passesQuery
    }

    /// The `gs1:masterData` link of an identifier: its EPCIS master data at `GET /masterData` (docs/master-data.md).
    public static func masterData(baseURL: String, id: String) -> ResolverLink {
        ResolverLink(
            linkType: "masterData", href: baseURL + "/masterData?id=" + PercentEncoding.encode(id), title: "EPCIS master data (JSON-LD)",
            type: "application/ld+json", passesQuery: false)
    }

    public var relation: String {
        linkType.hasPrefix("junkan:") ? Self.junkanVocabulary + linkType.dropFirst("junkan:".count) : Self.vocabulary + linkType
    }

    /// `gs1:dpp`, `https://ref.gs1.org/voc/dpp` or `dpp` → `dpp`; `junkan:trace` or its IRI → `junkan:trace`; nil for a
    /// type in neither vocabulary.
    public static func shortName(_ linkType: String) -> String? {
        for prefix in ["junkan:", junkanVocabulary] where linkType.hasPrefix(prefix) {
            return "junkan:" + linkType.dropFirst(prefix.count)
        }
        for prefix in ["gs1:", vocabulary, "http://gs1.org/voc/", "https://gs1.org/voc/"] where linkType.hasPrefix(prefix) {
            return String(linkType.dropFirst(prefix.count))
        }
        return linkType.contains(":") ? nil : linkType
    }
}

/// The links of one anchor (a Digital Link at one level: item, lot or model).
public struct ResolverAnchor: Sendable, Equatable {
    public var anchor: String
    public var description: String
    public var links: [ResolverLink]
    public var defaultLink: ResolverLink?

    public init(anchor: String, description: String, links: [ResolverLink], defaultLink: ResolverLink?) {
        self.anchor = anchor; self.description = description; self.links = links; self.defaultLink = defaultLink
    }

    /// The passport's links for an identifier: its pages in every representation, its sustainability section, the
    /// EPCIS events about it, its trace graph upstream and downstream (`junkan:trace`, what another node follows to walk
    /// across nodes) and (for a model) the product information page. `passportURL` is the passport's page; each other
    /// form has its own URL (`?format=`) so a linkset names each target exactly.
    public static func passport(
        anchor: String, description: String, passportURL: String, eventsURL: String?, footprintURL: String?,
        traceURLs: (upstream: String, downstream: String)? = nil, granularity: Passport.Granularity
    ) -> ResolverAnchor {
        let page = ResolverLink(linkType: "dpp", href: passportURL, title: "Digital product passport", type: "text/html")
        var links = [
            page,
            ResolverLink(
                linkType: "dpp", href: passportURL + "?format=ld%2Bjson", title: "Digital product passport (verifiable credential, JSON-LD)",
                type: "application/ld+json"),
            ResolverLink(
                linkType: "dpp", href: passportURL + "?format=vc%2Bjwt", title: "Digital product passport (verifiable credential, JWT)",
                type: PassportCredential.mediaTypeJWT),
            ResolverLink(linkType: "dpp", href: passportURL + "?format=json", title: "Digital product passport (JSON)", type: "application/json"),
            ResolverLink(linkType: "sustainabilityInfo", href: passportURL + "#sustainability", title: "Carbon footprint and circularity", type: "text/html")
        ]
        if let footprintURL {
            links.append(
                ResolverLink(
                    linkType: "sustainabilityInfo", href: footprintURL, title: "Cradle-to-gate carbon footprint (JSON)",
                    type: "application/json", passesQuery: false))
        }
        if let eventsURL {
            links.append(ResolverLink(linkType: "epcis", href: eventsURL, title: "EPCIS events (query)", type: "application/json", passesQuery: false))
        }
        if let traceURLs {
            links.append(
                ResolverLink(
                    linkType: "junkan:trace", href: traceURLs.upstream, title: "Trace graph upstream (JSON)", type: "application/json", passesQuery: false))
            links.append(
                ResolverLink(
                    linkType: "junkan:trace", href: traceURLs.downstream, title: "Trace graph downstream (JSON)", type: "application/json",
                    passesQuery: false))
        }
        if granularity == .model {
            links.append(ResolverLink(linkType: "pip", href: passportURL, title: "Product information", type: "text/html"))
        }
        return ResolverAnchor(anchor: anchor, description: description, links: links, defaultLink: page)
    }

    /// This anchor's member of an RFC 9264 linkset: link relation → target objects, the default link under
    /// `gs1:defaultLink`.
    public func linksetJSON() -> JSONValue {
        var o = JSONObject([("anchor", .string(anchor)), ("itemDescription", .string(description))])
        var order: [String] = []
        var grouped: [String: [JSONValue]] = [:]
        for l in links {
            if grouped[l.relation] == nil { order.append(l.relation) }
            grouped[l.relation, default: []].append(Self.target(l))
        }
        for rel in order { o[rel] = .array(grouped[rel]!) }
        if let d = defaultLink {
            o[ResolverLink.vocabulary + "defaultLink"] = .array([Self.target(d)])
        }
        return .object(o)
    }

    static func target(_ l: ResolverLink) -> JSONValue {
        .object(
            JSONObject([
                ("href", .string(l.href)), ("title", .string(l.title)), ("type", .string(l.type)),
                ("hreflang", .array(l.hreflang.map { .string($0) }))
            ]))
    }

    public static func linkset(_ anchors: [ResolverAnchor]) -> JSONValue {
        .object(JSONObject([("linkset", .array(anchors.map { $0.linksetJSON() }))]))
    }
}
