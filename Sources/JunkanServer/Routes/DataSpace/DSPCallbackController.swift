import HTTPTypes
import Hummingbird
import JunkanCore
import JunkanNode
import NIOCore

/// The node's own consumer callbacks (DSP 2025-1, consumer callback paths under `/dsp/callback`), for the negotiations
/// and transfers its trace walks run with `DSPPeer` providers: `POST /dsp/callback/negotiations/{pid}/{kind}` and
/// `POST /dsp/callback/transfers/{pid}/{kind}`, answered by the inbox against the consumer's state machines. A message
/// for a process this node did not open is a 404 with the area's error object.
struct DSPCallbackController<Context: RequestContext> {
    let inbox: DSPConsumerInbox

    var routes: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        for area in ["negotiations", "transfers"] {
            routes.post(RouterPath(stringLiteral: "/\(area)/{pid}/{kind}")) { request, context in
                try request.onlyQueryParameters([])
                let pid = DSPController<Context>.parameter(context, "pid")
                let kind = context.parameters.get("kind") ?? ""
                let body: [UInt8]
                do { body = Array(try await request.body.collect(upTo: DSPController<Context>.maxBytes).readableBytesView) } catch {
                    throw Problem.captureLimitExceeded("a DSP message may be at most \(DSPController<Context>.maxBytes) bytes")
                }
                let (status, answer) = await inbox.receive(transfer: area == "transfers", consumerPid: pid, kind: kind, body: body)
                return Response.json(answer ?? .object(JSONObject([])), status: HTTPResponse.Status(code: status))
            }
        }
        return routes
    }
}
