import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JunkanCore
import JunkanServer
import JunkanTestSupport
import Testing

/// Issue 25, item 9: one policy for unknown query parameters — refused with a 400 that names the parameter — on the
/// routes that read a query (the resolver and passports excepted: GS1 Digital Link passes a query string on).
@Suite struct UnknownQueryParameterTests {
    @Test(.temporaryStore) func unknownParametersAreRefusedByName() async throws {
        let tmp = try TemporaryStore.forTest()
        try await tmp.application().test(.router) { client in
            for (uri, name) in [
                ("/trace/upstream?id=urn:epc:id:sgtin:4012345.011111.1&depht=3", "depht"),
                ("/trace/downstream?id=urn:epc:id:sgtin:4012345.011111.1&bogus=1", "bogus"),
                ("/trace/footprint?id=urn:epc:id:sgtin:4012345.011111.1&depth=3", "depth"),
                ("/reports/circularity?fiscalYear=2023&year=2023", "year"),
                ("/reports/circularity.html?fiscalYear=2023&lang=ja", "lang"),
                ("/reports/circularity/trend?from=2019&to=2023&fromat=csv", "fromat"),
                ("/materials/grades?polymr=PP", "polymr"),
                ("/materials/requests/r1/matches?limt=5", "limt"),
                ("/tlog/proof?eventHash=x&formt=json", "formt"),
                ("/qr?uri=https%3A%2F%2Fid.gs1.org%2F01%2F04912345000071&size=3", "size"),
                ("/events?bogus=1", "bogus")
            ] {
                try await client.execute(uri: uri, method: .get) { r in
                    #expect(r.status == .badRequest, "\(uri)")
                    let problem = try JSONParser.parse(String(buffer: r.body)).objectValue
                    #expect(problem?["type"] == "epcisException:QueryParameterException", "\(uri)")
                    let detail = problem?["detail"]?.stringValue ?? ""
                    #expect(detail.contains("\"\(name)\""), "\(uri): \(detail)")
                }
            }
        }
    }
}

extension UnknownQueryParameterTests {
    /// Every route the router serves, whatever it takes, refuses a parameter it does not know, naming it, in its own
    /// error format (problem, PACT error, OAuth error) — except the Digital Link paths, which pass a query string on.
    /// The routes come from the router itself, so a route added later without the check fails here.
    @Test func everyRouteRefusesAParameterItDoesNotTake() async throws {
        let node = try await PactRouteTests.Node()
        let router = node.router
        let routes = router.routes.map { (method: $0.method, path: $0.path.description) }
            .filter { !($0.path.hasSuffix("/**") && !$0.path.hasPrefix("/tlog")) }
        #expect(routes.count > 40)
        try await Application(router: router).test(.router) { client in
            let pactToken = try await PactRouteTests().accessToken(client, node)
            for route in routes {
                let path = route.path.split(separator: "/").map { c -> String in
                    "/" + (c == "**" ? "0/000" : (c.hasPrefix("{") || c.hasPrefix(":") ? "x" : String(c)))
                }.joined()
                var headers: HTTPFields = [.authorization: "Bearer test-token", .contentType: "application/json"]
                if path.hasPrefix("/3/") { headers = PactRouteTests.https; headers[.authorization] = "Bearer \(pactToken)" }
                if path == "/auth/token" {
                    headers = PactRouteTests.https
                    headers[.authorization] = PactRouteTests.basic("partner", node.clientSecret)
                }
                let uri = path + "?zzzUnknown=1"
                try await client.execute(uri: uri, method: route.method, headers: headers, body: ByteBuffer(string: "{}")) { r in
                    #expect(r.status == .badRequest, "\(route)")
                    #expect(String(buffer: r.body).contains("zzzUnknown"), "\(route): \(String(buffer: r.body))")
                }
            }
            // PACT's listing takes its filters, limit and this host's cursor; another x-… parameter is no exception.
            var headers = PactRouteTests.https
            headers[.authorization] = "Bearer \(pactToken)"
            for (uri, status) in [("/3/footprints?x-junkan-after=0&limit=5", HTTPResponse.Status.ok), ("/3/footprints?x-other=1", .badRequest)] {
                try await client.execute(uri: uri, method: .get, headers: headers) { #expect($0.status == status, "\(uri)") }
            }
        }
    }
}

/// Issue 25, item 9: values openapi.yaml bounds that the server took anyway (schemathesis: "schema-violating request
/// accepted") are refused, naming the parameter.
@Suite struct QueryValueBoundsTests {
    @Test(.temporaryStore) func materialSearchValuesOutsideTheirSchemaAreRefused() async throws {
        let tmp = try TemporaryStore.forTest()
        try await tmp.application().test(.router) { client in
            for (uri, says) in [
                ("/materials/grades?kind=AAA", "kind is recycled or one of"), ("/materials/lots?minDQL=0.5", "minDQL is a whole number"),
                ("/materials/lots?minDQL=5", "minDQL is a whole number"), ("/materials/grades?kind=", "kind is recycled or one of")
            ] {
                try await client.execute(uri: uri, method: .get) { r in
                    #expect(r.status == .badRequest, "\(uri)")
                    #expect(String(buffer: r.body).contains(says), "\(uri): \(String(buffer: r.body))")
                }
            }
            for uri in ["/materials/grades?kind=recycled", "/materials/lots?minDQL=2"] {
                try await client.execute(uri: uri, method: .get) { #expect($0.status == .ok, "\(uri)") }
            }
        }
    }
}
