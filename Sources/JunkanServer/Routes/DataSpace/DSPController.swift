import Foundation
import HTTPTypes
import Hummingbird
import JunkanCore
import JunkanNode
import JunkanStore
import NIOCore

/// The Dataspace Protocol 2025-1 HTTPS binding, provider side (issue 28, item 1; docs/dataspace.md), mounted at `/dsp`:
/// the catalog, contract negotiation and transfer process endpoints. Requests are authenticated as the federation's
/// are (RFC 9421 with a registered peer's did:web key); every refusal is the protocol's error object of its area
/// (`CatalogError`, `ContractNegotiationError`, `TransferError`) with a 4xx, never a problem document.
struct DSPController<Context: RequestContext> {
    let provider: DSPProvider

    enum Area {
        case catalog, negotiation, transfer
    }

    /// A DSP message is small; 256 KiB bounds what is read.
    static var maxBytes: Int { 256 << 10 }

    var routes: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.post("/catalog/request") { request, _ in
            try await respond(.catalog, request) { body, r in
                let message = try DSPMessage(parsing: try Self.json(body), type: "CatalogRequestMessage")
                // Filters are an implementation's own (DSP 2025-1); this catalog takes none, but the member is an array.
                if let filter = message.object["filter"], filter.arrayValue == nil { throw DSPMessageError.invalid("/filter", "must be an array") }
                let text = try await provider.catalogText(for: r)
                return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
            }
        }
        routes.get("/catalog/datasets/{id}") { request, context in
            let id = Self.parameter(context, "id")
            return try await respond(.catalog, request) { _, r in .json(try await provider.dataset(id: id, for: r)) }
        }
        routes.post("/negotiations/request") { request, _ in
            try await respond(.negotiation, request) { body, r in
                let n = try await provider.openNegotiation(try DSPMessage(parsing: try Self.json(body), type: "ContractRequestMessage"), from: r)
                return .json(DSPWire.negotiation(providerPid: n.providerPid, consumerPid: n.consumerPid, state: n.state), status: .created)
            }
        }
        routes.get("/negotiations/{pid}") { request, context in
            let pid = Self.parameter(context, "pid")
            return try await respond(.negotiation, request, pid: pid) { _, r in
                let n = try await provider.negotiation(pid, for: r)
                return .json(DSPWire.negotiation(providerPid: n.providerPid, consumerPid: n.consumerPid, state: n.state))
            }
        }
        for (path, type, kind) in [
            ("request", "ContractRequestMessage", DSPNegotiationState.Message.request),
            ("events", "ContractNegotiationEventMessage", .finalized),
            ("agreement/verification", "ContractAgreementVerificationMessage", .verification),
            ("termination", "ContractNegotiationTerminationMessage", .termination)
        ] {
            routes.post(RouterPath(stringLiteral: "/negotiations/{pid}/" + path)) { request, context in
                let pid = Self.parameter(context, "pid")
                return try await respond(.negotiation, request, pid: pid) { body, r in
                    let n = try await provider.negotiationMessage(kind, try DSPMessage(parsing: try Self.json(body), type: type), providerPid: pid, from: r)
                    return .json(DSPWire.negotiation(providerPid: n.providerPid, consumerPid: n.consumerPid, state: n.state))
                }
            }
        }
        routes.post("/transfers/request") { request, _ in
            try await respond(.transfer, request) { body, r in
                let t = try await provider.openTransfer(try DSPMessage(parsing: try Self.json(body), type: "TransferRequestMessage"), from: r)
                return .json(DSPWire.transferProcess(providerPid: t.providerPid, consumerPid: t.consumerPid, state: t.state), status: .created)
            }
        }
        routes.get("/transfers/{pid}") { request, context in
            let pid = Self.parameter(context, "pid")
            return try await respond(.transfer, request, pid: pid) { _, r in
                let t = try await provider.transfer(pid, for: r)
                return .json(DSPWire.transferProcess(providerPid: t.providerPid, consumerPid: t.consumerPid, state: t.state))
            }
        }
        for (path, kind) in [
            ("start", DSPTransferState.Message.start), ("completion", .completion), ("suspension", .suspension), ("termination", .termination)
        ] {
            routes.post(RouterPath(stringLiteral: "/transfers/{pid}/" + path)) { request, context in
                let pid = Self.parameter(context, "pid")
                return try await respond(.transfer, request, pid: pid) { body, r in
                    let t = try await provider.transferMessage(
                        kind, try DSPMessage(parsing: try Self.json(body), type: kind.rawValue), providerPid: pid, from: r)
                    return .json(DSPWire.transferProcess(providerPid: t.providerPid, consumerPid: t.consumerPid, state: t.state))
                }
            }
        }
        return routes
    }

    /// A path parameter, percent-decoded once (a dataset ID carries the percent-escapes of its Digital Link).
    static func parameter(_ context: Context, _ name: String) -> String {
        let raw = context.parameters.get(name) ?? ""
        return raw.removingPercentEncoding ?? raw
    }

    static func json(_ body: [UInt8]) throws -> JSONValue {
        do { return try JSONParser.parse(body) } catch { throw DSPMessageError.invalid("", "the body is not JSON: \(error)") }
    }

    /// Reads the body (bounded), authenticates the requester, runs `handle`, and turns every refusal into the area's
    /// error object. `pid` is the provider's process ID of the path, when it has one, for the error's `providerPid`.
    func respond(
        _ area: Area, _ request: Request, pid: String? = nil, handle: ([UInt8], DSPProvider.Requester) async throws -> Response
    ) async throws -> Response {
        var body: [UInt8] = []
        do {
            try request.onlyQueryParameters([])
            if request.method == .post {
                guard request.mediaType == "application/json" || request.mediaType == "application/ld+json" else {
                    throw DSPProvider.Refusal(415, "UnsupportedMediaType", ["send DSP messages as application/json"])
                }
                if let length = request.headers[.contentLength].flatMap(Int.init), length > Self.maxBytes {
                    throw DSPProvider.Refusal(413, "TooLarge", ["a DSP message may be at most \(Self.maxBytes) bytes"])
                }
                do { body = Array(try await request.body.collect(upTo: Self.maxBytes).readableBytesView) } catch is NIOTooManyBytesError {
                    throw DSPProvider.Refusal(413, "TooLarge", ["a DSP message may be at most \(Self.maxBytes) bytes"])
                }
            }
            let peer: Peer?
            do {
                peer = try HTTPMessageSignature.requester(
                    method: request.method.rawValue, targetURI: provider.baseURL + request.uri.string, body: body,
                    header: { name in HTTPField.Name(name).flatMap { request.headers[$0] } }, now: Int64(Date().timeIntervalSince1970),
                    peers: try await provider.store.peers())
            } catch {
                throw DSPProvider.Refusal(401, "Unauthorized", ["\(error)"])
            }
            return try await handle(body, try await provider.requester(peer))
        } catch let r as DSPProvider.Refusal {
            return error(area, status: r.status, code: r.code, reasons: r.reasons, body: body, pid: pid)
        } catch let e as DSPMessageError {
            return error(area, status: 400, code: "BadRequest", reasons: ["\(e)"], body: body, pid: pid)
        } catch let p as Problem {
            return error(area, status: Int(p.status.code), code: "BadRequest", reasons: [p.detail], body: body, pid: pid)
        }
    }

    /// The error object of `area`; its process IDs are those of the path and the message, as far as they are known.
    func error(_ area: Area, status: Int, code: String, reasons: [String], body: [UInt8], pid: String?) -> Response {
        let message = (try? JSONParser.parse(body))?.objectValue
        let providerPid = pid ?? message?["providerPid"]?.stringValue ?? "unknown"
        let consumerPid = message?["consumerPid"]?.stringValue ?? "unknown"
        let value: JSONValue
        switch area {
        case .catalog: value = DSPWire.catalogError(code: code, reasons: reasons)
        case .negotiation: value = DSPWire.negotiationError(providerPid: providerPid, consumerPid: consumerPid, code: code, reasons: reasons)
        case .transfer: value = DSPWire.transferError(providerPid: providerPid, consumerPid: consumerPid, code: code, reasons: reasons)
        }
        return .json(value, status: HTTPResponse.Status(code: status))
    }
}
