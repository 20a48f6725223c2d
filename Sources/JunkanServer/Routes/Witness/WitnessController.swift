public import Foundation
public import Hummingbird
public import JunkanLedger
public import JunkanStore
import Logging

/// A C2SP tlog-witness: `POST /add-checkpoint` verifies a followed log's checkpoint against the last one it
/// cosigned (consistency proof) and answers with its cosignature/v1 line. Errors are plain text, as the spec's
/// clients expect, except that a 409 body is the size the witness last cosigned (`text/x.tlog.size`).
struct WitnessController<Context: RequestContext> {
    let store: any WitnessStore
    let signer: NoteSigner
    /// The clock for cosignature timestamps (seconds). Concurrent requests are safe without a lock: the decision
    /// reads the state, and `advance` only writes if the size it read is still the stored one.
    let now: @Sendable () -> UInt64
    /// Told of a split view this witness saw (origin, the submitted note, why): a node witnessing its peers records it as
    /// the peer's split view (issue 27, item 7).
    var onSplitView: (@Sendable (_ origin: String, _ note: String, _ why: String) async -> Void)? = nil

    var routes: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.post("/add-checkpoint") { request, _ in
            if let refusal = request.unknownQueryParameter([]) { return Self.text(.badRequest, refusal + "\n") }
            return try await self.addCheckpoint(request)
        }
        routes.get("/key") { request, _ in
            if let refusal = request.unknownQueryParameter([]) { return Self.text(.badRequest, refusal + "\n") }
            return Self.text(.ok, Cosignature.verifierKey(of: self.signer).description + "\n")
        }
        return routes
    }

    func addCheckpoint(_ request: Request) async throws -> Response {
        var request = request
        guard let buffer = try? await request.collectBody(upTo: 64 * 1024) else {
            return Self.text(.contentTooLarge, "an add-checkpoint request is at most 64 KiB\n")
        }
        let body = String(decoding: buffer.readableBytesView, as: UTF8.self)
        let parsed: WitnessRequest
        do { parsed = try WitnessRequest(parsing: body) } catch { return Self.text(.badRequest, "\(error)\n") }
        // Look up what the decision needs first (the decision itself is pure); a note that does not parse is the
        // decision's 400.
        let submitted = try? Checkpoint(parsing: SignedNote(parsing: parsed.note).text)
        var log: FollowedLog?
        var seen: TreeHash?
        if let submitted {
            log = try await store.followedLog(origin: submitted.origin)
            seen = try await store.cosignedRoot(origin: submitted.origin, size: submitted.size)
        }
        let decision = WitnessDecision.decide(
            parsed, followed: { $0 == submitted?.origin ? log : nil },
            seenRoot: { $0 == submitted?.origin && $1 == submitted?.size ? seen : nil })
        switch decision {
        case .cosign(let checkpoint):
            if parsed.oldSize != checkpoint.size {
                guard try await store.advance(origin: checkpoint.origin, expectedSize: parsed.oldSize, to: checkpoint, note: parsed.note) else {
                    let size = try await store.followedLog(origin: checkpoint.origin)?.size ?? 0
                    return Self.text(.conflict, "\(size)\n", type: "text/x.tlog.size")
                }
            }
            let line = try Cosignature.line(signer: signer, checkpointText: checkpoint.text, time: now())
            return Self.text(.ok, line.line)
        case .badRequest(let d): return Self.text(.badRequest, d + "\n")
        case .unknownLog(let d): return Self.text(.notFound, d + "\n")
        case .forbidden(let d): return Self.text(.forbidden, d + "\n")
        case .badProof(let d):
            // The origin is known and the signature valid: keep the request, it may prove the log misbehaved.
            if let origin = submitted?.origin {
                try await store.recordEvidence(origin: origin, kind: "inconsistent", request: body, detail: d)
            }
            return Self.text(.unprocessableContent, d + "\n")
        case .conflict(let size, let detail, let splitView):
            if splitView, let origin = submitted?.origin {
                try await store.recordEvidence(origin: origin, kind: "split-view", request: body, detail: detail)
                await onSplitView?(origin, parsed.note, detail)
            }
            return Self.text(.conflict, "\(size)\n", type: "text/x.tlog.size")
        }
    }

    static func text(_ status: HTTPResponse.Status, _ s: String, type: String = "text/plain; charset=utf-8") -> Response {
        Response(status: status, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(string: s)))
    }
}

/// The witness's HTTP application (`junkan witness serve`).
public func buildWitnessRouter(
    store: any WitnessStore, signer: NoteSigner,
    now: @escaping @Sendable () -> UInt64 = { UInt64(Date().timeIntervalSince1970) }
) -> Router<BasicRequestContext> {
    let router = Router(context: BasicRequestContext.self)
    router.addRoutes(WitnessController(store: store, signer: signer, now: now).routes)
    return router
}
