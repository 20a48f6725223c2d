import Hummingbird
import JunkanCore
import JunkanLedger
import JunkanNode
import JunkanStore

/// did:web documents: the node's (`/.well-known/did.json`, its log key) and each hosted organisation's
/// (`/orgs/{id}/did.json`, the key it signs log leaves and passports with). No names: a DID document says which key,
/// not who; a passport names its maker itself.
struct IdentityController<Context: RequestContext> {
    let store: any NodeStore
    let logKey: NoteVerifierKey?
    let baseURL: String

    var routes: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get("/.well-known/did.json") { request, _ in
            try request.onlyQueryParameters([])
            guard let logKey else { throw Problem.noSuchResource("this node has no log key yet") }
            let did = DIDWeb.did(baseURL: baseURL)
            var document = DIDWeb.document(did: did, publicKey: logKey.publicKey).objectValue ?? JSONObject([])
            // The Dataspace Protocol's DID service entries (DSP 2025-1, common): where this connector's catalog and
            // protocol versions are, so a consumer that knows only the DID finds the connector.
            document["service"] = DSPWire.didServices(did: did, baseURL: baseURL)
            return Self.didJSON(.object(document))
        }
        routes.get("/orgs/{id}/did.json") { request, context in
            try request.onlyQueryParameters([])
            let id = context.parameters.get("id") ?? ""
            guard let org = try await store.organisation(id: id) else { throw Problem.noSuchResource("no organisation \(id) on this node") }
            return Self.didJSON(DIDWeb.document(did: DIDWeb.organisation(baseURL: baseURL, id: org.id), publicKey: org.key.publicKey))
        }
        return routes
    }

    static func didJSON(_ v: JSONValue) -> Response {
        var r = Response.json(v)
        r.headers[.contentType] = "application/did+json"
        return r
    }
}
