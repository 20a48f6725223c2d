import Hummingbird
import JunkanCore
import JunkanStore

/// `POST /footprints/publish`: an organisation (its capture token) publishes a lot's computed footprint as a PACT v3
/// ProductFootprint; partners then read it at `/3/footprints/{id}`. Junkan's own API, so errors are problem+json.
struct FootprintPublishController<Context: RequestContext> {
    let auth: BearerAuthenticator
    let publisher: PactPublisher
    let now: @Sendable () -> Int64

    func addRoutes(to router: Router<Context>) {
        router.post("/footprints/publish") { request, _ in try await self.publish(request) }
    }

    func publish(_ request: Request) async throws -> Response {
        let org = try await auth.organisation(for: request)
        guard request.mediaType == "application/json" else { throw Problem.unsupportedMediaType("send the publication as application/json") }
        let body = try await request.body.collect(upTo: 1 << 20)
        let value: JSONValue
        do { value = try JSONParser.parse(body.readableBytesView) } catch { throw Problem.validation("the body is not JSON: \(error)") }
        do {
            let record = try await publisher.publish(value, by: org, now: now())
            var response = Response.json(.object(JSONObject([("data", PactFootprintJSON.render(record))])), status: .created)
            response.headers[.location] = "/3/footprints/\(record.id)"
            return response
        } catch let f as PactPublisher.Failure {
            switch f {
            case .input(let e): throw Problem.validation(e.reason, pointer: e.location.isEmpty ? nil : e.location)
            case .unknownSubject: throw Problem.noSuchResource(f.description)
            case .dataQuality, .busy: throw Problem.conflict(f.description)
            case .invalid(let e): throw Problem(status: .unprocessableContent, type: "about:blank", title: "Unprocessable Content", detail: e.description)
            }
        }
    }
}
