import Crypto
import Hummingbird
import JunkanCore
import JunkanLedger
import JunkanNode
import JunkanStore

/// The peers' logs as this node mirrors them (`junkan mirror`; docs/federation.md), served read-only as C2SP tlog-tiles
/// logs: `/mirror/{id}/checkpoint` (the peer's latest checkpoint verified here, as it signed it) and
/// `/mirror/{id}/tile/…`. A client verifies them with the peer's own key, so a peer that is down or gone can still be
/// checked, and two mirrors can be compared. `{id}` names the peer (`MirrorController.id`, listed at
/// `/federation/status`).
struct MirrorController<Context: RequestContext> {
    let store: any NodeStore

    var routes: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get("/{id}/checkpoint") { request, context in
            try request.onlyQueryParameters([])
            let (_, checkpoint) = try await self.mirror(context.parameters.get("id") ?? "")
            return LogController<Context>.text(checkpoint.note, headers: [.cacheControl: "no-cache"])
        }
        routes.get("/{id}/tile/**") { request, context in
            try request.onlyQueryParameters([])
            let (node, checkpoint) = try await self.mirror(context.parameters.get("id") ?? "")
            return try await LogController<Context>.tile(context.parameters.getCatchAll().joined(separator: "/"), size: checkpoint.size) {
                try await store.mirroredTile(node: node, level: $0, index: $1)
            }
        }
        return routes
    }

    /// A peer's mirror ID: the first 16 hex digits of the SHA-256 of its base URL (a path segment whatever the URL holds).
    static func id(of baseURL: String) -> String { String(Hex.encode(Array(SHA256.hash(data: Array(baseURL.utf8)))).prefix(16)) }

    /// The mirrored peer `id` names, and its latest mirrored checkpoint; 404 for none.
    func mirror(_ id: String) async throws -> (String, StoredCheckpoint) {
        let mirrors = try await store.mirrors()
        guard let (node, checkpoint) = mirrors.first(where: { Self.id(of: $0.key) == id }) else {
            throw Problem.noSuchResource("no peer's log is mirrored here as \(id) (GET /federation/status lists them)")
        }
        return (node, checkpoint)
    }
}
