import Hummingbird
import JunkanCore
import JunkanLedger
import JunkanNode
import JunkanStore

/// The node among nodes (issue 27; docs/federation.md): `GET /.well-known/junkan-node`, what this node says about itself
/// (its log, the witnesses it trusts, the prefixes and GLNs its organisations own, its endpoints), and
/// `GET /federation/status`, the peers it knows. Both read the store on each request, so an organisation, prefix or
/// peer added with the CLI shows without a restart.
struct FederationController<Context: RequestContext> {
    let store: any NodeStore
    let logKey: NoteVerifierKey?
    let witnessKeys: [NoteVerifierKey]
    let baseURL: String

    var routes: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get("/.well-known/junkan-node") { request, _ in
            try request.onlyQueryParameters([])
            guard let logKey else { throw Problem.noSuchResource("this node has no log key yet") }
            async let organisations = store.organisations()
            async let ownership = store.identifierOwnership()
            let description = NodeDescription.of(
                baseURL: baseURL, logKey: logKey, witnessKeys: witnessKeys, organisations: try await organisations, ownership: try await ownership)
            return Response.json(description.json)
        }
        routes.get("/federation/status") { request, _ in
            try request.onlyQueryParameters([])
            let peers = try await store.peers()
            return Response.json(
                .object(
                    JSONObject([
                        ("baseURL", .string(baseURL)),
                        (
                            "peers",
                            .array(peers.map { .object($0.summary) })
                        )
                    ])))
        }
        return routes
    }
}
