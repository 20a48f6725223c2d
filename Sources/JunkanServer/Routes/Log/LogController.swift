import Foundation
import Hummingbird
import JunkanCore
import JunkanLedger
import JunkanNode
import JunkanStore

/// The log's read side (C2SP tlog-tiles, under `/tlog`): the latest cosigned checkpoint, tiles and entry bundles,
/// the log's verifier key, and offline proofs (C2SP tlog-proof@v1) for events by their CBV event hash.
struct LogController<Context: RequestContext> {
    let store: any LedgerStore
    let reader: LogReader
    let logKey: NoteVerifierKey?

    /// Mounted at `/tlog`.
    var routes: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get("/checkpoint") { request, _ in
            try request.onlyQueryParameters([])
            guard let cp = try await self.store.latestCheckpoint() else {
                throw Problem.noSuchResource("the log has no checkpoint yet; the integrator signs the first within its interval")
            }
            // Mutable: caches must not hold it beyond a few seconds (tlog-tiles "Checkpoints").
            return Self.text(cp.cosignedNote, headers: [.cacheControl: "no-cache"])
        }
        routes.get("/key") { request, _ in
            try request.onlyQueryParameters([])
            guard let logKey else { throw Problem.noSuchResource("this node runs without a log key") }
            return Self.text(logKey.description + "\n", headers: [.cacheControl: "public, max-age=86400"])
        }
        routes.get("/tile/**") { request, context in
            try request.onlyQueryParameters([])
            return try await self.tile(context.parameters.getCatchAll().joined(separator: "/"))
        }
        routes.get("/proof") { request, _ in try await self.proof(request) }
        return routes
    }

    func tile(_ path: String) async throws -> Response {
        try await Self.tile(path, size: try await store.latestCheckpoint()?.size ?? 0) { try await store.tile(level: $0, index: $1) }
    }

    /// A tile or entry bundle of a log whose latest checkpoint has `size` (this node's, or a peer's it mirrors), from the
    /// widest version `stored` reads.
    static func tile(_ path: String, size: UInt64, stored read: (Int?, UInt64) async throws -> [UInt8]?) async throws -> Response {
        let tile: TilePath
        do { tile = try TilePath(parsing: path) } catch { throw Problem.noSuchResource("tile/\(path): \(error)") }
        // Serve only what a signed checkpoint covers: clients must not fetch tiles beyond one (tlog-tiles).
        let available = size >> UInt64(8 * (tile.level ?? 0))
        // index < available / 256 + 1 first, so that index * 256 cannot overflow for a huge requested index.
        guard tile.index <= available / 256, tile.index * 256 + UInt64(tile.width) <= available,
            let stored = try await read(tile.level, tile.index)
        else { throw Problem.noSuchResource("tile/\(path) is beyond the latest checkpoint (size \(size))") }
        let body: [UInt8] = tile.level == nil ? try EntryBundle.prefix(stored, entries: tile.width) : Array(stored.prefix(tile.width * 32))
        // Full tiles never change; a partial tile of a given width never changes either, but is superseded.
        let cache = tile.isFull ? "public, max-age=31536000, immutable" : "public, max-age=60"
        return Response(
            status: .ok, headers: [.contentType: "application/octet-stream", .cacheControl: cache],
            body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    func proof(_ request: Request) async throws -> Response {
        try request.onlyQueryParameters(["eventHash", "format"])
        guard let hash = request.uri.queryParameters.get("eventHash") else {
            throw Problem.queryParameter("give the event's CBV 2.0 hash: /tlog/proof?eventHash=ni:///sha-256;…?ver=CBV2.0")
        }
        let proof = try await reader.proof(eventHash: hash)
        let wantsJSON =
            request.uri.queryParameters.get("format") == "json"
            || (request.headers[.accept]?.contains("application/json") ?? false)
        guard wantsJSON else {
            return Self.text(proof.proof.text, headers: [.contentDisposition: "inline; filename=\"event.tlog-proof\""])
        }
        let leafHash = TreeHash.leaf(proof.leaf)
        let json: JSONValue = [
            "eventHash": .string(proof.eventHash),
            "index": .number(JSONNumber(Int(proof.proof.index))),
            "treeSize": .number(JSONNumber(Int(proof.checkpoint.size))),
            "leaf": .string(Base64.encode(proof.leaf)),
            "leafHash": .string(leafHash.base64),
            "inclusionProof": .array(proof.proof.proof.map { .string($0.base64) }),
            "rootHash": .string(Base64.encode(proof.checkpoint.root)),
            "checkpoint": .string(proof.checkpoint.cosignedNote),
            "tlogProof": .string(proof.proof.text)
        ]
        return .json(json)
    }

    static func text(_ s: String, headers: HTTPFields = [:]) -> Response {
        var h = headers
        h[.contentType] = "text/plain; charset=utf-8"
        return Response(status: .ok, headers: h, body: .init(byteBuffer: ByteBuffer(string: s)))
    }
}
