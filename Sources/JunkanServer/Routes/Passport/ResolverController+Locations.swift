import Hummingbird
import JunkanCore
import JunkanStore

/// GLNs in the resolver (`/414/{gln}[/254/{extension}]`): a site's links are its EPCIS master data (`gs1:masterData`,
/// the default link: its name, address and sub-locations, docs/master-data.md) and the events recorded there
/// (`gs1:epcis`, as the business location and as the read point), each only when there is something behind it.
extension ResolverController {
    static func isLocation(_ path: String) -> Bool { path == "/414" || path.hasPrefix("/414/") }

    /// The Digital Link of a GLN path, or 400 saying what is wrong.
    static func location(path: String, query: String?) throws -> DigitalLink {
        let link: DigitalLink
        do throws(GS1Error) { link = try DigitalLink.parse("https://id.gs1.org" + path + (query.map { "?" + $0 } ?? "")) } catch {
            throw Problem.validation("not a valid GS1 Digital Link: \(error.description)")
        }
        guard link.primaryKey.ai == "414", link.qualifiers.allSatisfy({ $0.ai == "254" }) else {
            throw Problem.validation("this resolver serves GLNs as /414/{gln}, with /254/{extension}")
        }
        return link
    }

    /// The location's links, nil when it has neither master data nor events here.
    func locationAnchor(_ link: DigitalLink) async throws -> ResolverAnchor? {
        let id = link.canonicalURI
        let encoded = PercentEncoding.encode(id)
        let described = try await store.masterData(ids: [id])
        var links: [ResolverLink] = []
        if !described.isEmpty { links.append(.masterData(baseURL: baseURL, id: id)) }
        for (parameter, title) in [("EQ_bizLocation", "EPCIS events at this location"), ("EQ_readPoint", "EPCIS events read at this point")] {
            var q = EventQuery()
            q.addLocationFilter(readPoint: parameter == "EQ_readPoint", [id])
            q.perPage = 1
            guard !(try await store.events(matching: q).events.isEmpty) else { continue }
            links.append(
                ResolverLink(
                    linkType: "epcis", href: baseURL + "/events?\(parameter)=" + encoded, title: title + " (query)", type: "application/json",
                    passesQuery: false))
        }
        guard let first = links.first else { return nil }
        // Named as its owner (or a grantee) names it, once its GLN has one (docs/ownership.md); else as last declared.
        let ownership = try await store.identifierOwnership()
        let speaking = described.filter { s in
            ownership.owner(of: link) == nil || ownership.speaksForOwner(organisationID: s.organisationID, identifier: id)
        }
        let name = speaking.filter { $0.element.siteName != nil }.max { $0.updatedAt < $1.updatedAt }?.element.siteName
        return ResolverAnchor(anchor: id, description: name ?? "GLN \(link.primaryKey.value)", links: links, defaultLink: first)
    }
}
