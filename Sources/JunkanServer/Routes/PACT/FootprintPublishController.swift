import Hummingbird
import JunkanCore
import JunkanNode
import JunkanStore

/// `POST /footprints/publish`: an organisation (its capture token) publishes a lot's computed footprint as a PACT v3
/// ProductFootprint; partners then read it at `/3/footprints/{id}`. Junkan's own API, so errors are problem+json.
struct FootprintPublishController<Context: CallerRequestContext> {
    let publisher: PactPublisher
    let now: @Sendable () -> Int64

    var routes: RouteCollection<Context> {
        RouteCollection(context: Context.self).post("/footprints/publish") { request, context in try await self.publish(request, context) }
    }

    func publish(_ request: Request, _ context: Context) async throws -> Response {
        let org = try context.organisation()
        try request.onlyQueryParameters([])
        let value = try await JSONBodyReader.publication.read(request)
        let record = try await publisher.publish(value, by: org, now: now())
        var response = Response.json(.object(JSONObject([("data", PactFootprintJSON.render(record))])), status: .created)
        response.headers[.location] = "/3/footprints/\(record.id)"
        return response
    }
}
