import Foundation
import Hummingbird
import JunkanCore
import JunkanNode
import JunkanStore

/// Product-class master data (`POST /products`, openapi.yaml `ProductClass`): its maker registers or replaces it with
/// its token; it and the organisations it granted a level may read it back whole. The public sees it only through
/// the passport, redacted.
struct ProductsController<Context: CallerRequestContext> {
    let store: any NodeStore
    let now: @Sendable () -> Int64

    /// Mounted at `/products`.
    var routes: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.post("") { request, context in try await self.put(request, context) }
        routes.get("/{gtin}") { request, context in try await self.show(request, context, gtin: context.parameters.get("gtin") ?? "") }
        return routes
    }

    func put(_ request: Request, _ context: Context) async throws -> Response {
        let org = try context.organisation()
        try request.onlyQueryParameters([])
        let body = try await JSONBodyReader.materialDocument.read(request)
        let product = try ProductClass.parse(body)
        if let refused = IdentifierNotOwned.check(
            "https://id.gs1.org/01/" + product.gtin, at: JSONPointer(["gtin"]), rule: .productClass, organisationID: org.id,
            ownership: try await store.identifierOwnership())
        {
            throw refused
        }
        let outcome = try await store.putProduct(ProductRecord(gtin: product.gtin, owner: org.id, json: JSONWriter.string(body), updatedAt: now()))
        switch outcome {
        case .notOwner(let owner):
            throw Problem.forbidden("GTIN \(product.gtin) is registered by organisation \(owner); only it may replace it")
        case .created, .replaced:
            var r = Response.json(
                .object(JSONObject([("gtin", .string(product.gtin)), ("passport", .string("/passports/01/\(product.gtin)"))])),
                status: outcome == .created ? .created : .ok)
            r.headers[.location] = "/products/\(product.gtin)"
            return r
        }
    }

    func show(_ request: Request, _ context: Context, gtin: String) async throws -> Response {
        let org = try context.organisation()
        try request.onlyQueryParameters([])
        guard let record = try await store.product(gtin: gtin) else { throw Problem.noSuchResource("no product class is registered for GTIN \(gtin)") }
        if record.owner != org.id {
            let granted = (try? ProductClass.parse(try JSONParser.parse(record.json)))?.grant(for: org.id)
            guard granted == .owner else { throw Problem.forbidden("only the maker of GTIN \(gtin), and those it grants owner access, read its master data") }
        }
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: record.json)))
    }
}
