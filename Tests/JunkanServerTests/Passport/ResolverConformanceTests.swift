import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JunkanCore
import JunkanNode
import JunkanServer
import JunkanTestSupport
import Testing

/// The statements of the GS1-Conformant Resolver Standard 1.2 (../shared/fixtures/gs1/GS1DL-resolver-testsuite/
/// Conformance1_2.txt), one test each where it applies. Not applied here: "SHALL support HTTP Over TLS" (TLS ends
/// at the proxy in front of `junkan serve`), decompressing compressed Digital Links and exposing the uncompressed URI
/// (DL compression is not implemented; a compressed path is a 400), and gs1:handledBy (this resolver delegates nothing).
@Suite struct ResolverConformanceTests {
    static let item = "/01/04912345000071/21/SER-0001"

    func withResolver(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let s = try await PassportScenario.make()
        defer { s.tmp.remove() }
        try await Application(router: s.router).test(.router) { client in
            #expect(try await PassportScenario.register(client).0 == .created)
            try await body(client)
        }
    }

    @Test("SHALL support HTTP 1.1 (or higher) GET, HEAD and OPTIONS requests")
    func getHeadOptions() async throws {
        try await withResolver { client in
            let get = try await PassportScenario.get(client, Self.item)
            #expect(get.status == .temporaryRedirect)
            let head = try await client.execute(uri: Self.item, method: .head) { ($0.status, $0.headers, $0.body.readableBytes) }
            #expect(head.0 == .temporaryRedirect && head.1[.location] == get.headers[.location] && head.2 == 0)
            let options = try await client.execute(uri: Self.item, method: .options) { ($0.status, $0.headers) }
            #expect(options.0 == .noContent && options.1[.allow] == "GET, HEAD, OPTIONS")
        }
    }

    @Test("SHALL support CORS")
    func cors() async throws {
        try await withResolver { client in
            for uri in [Self.item, "/01/04912345000072", Self.item + "?linkType=all"] {
                let r = try await PassportScenario.get(client, uri, extra: [.origin: "https://scanner.example"])
                #expect(r.headers[.accessControlAllowOrigin] == "*", "\(uri)")
                #expect(r.headers[.accessControlExposeHeaders]?.contains("Location") == true)
            }
            let preflight = try await client.execute(
                uri: Self.item, method: .options,
                headers: [.origin: "https://scanner.example", .accessControlRequestMethod: "GET"]
            ) { $0.headers }
            #expect(preflight[.accessControlAllowMethods]?.contains("GET") == true && preflight[.accessControlAllowHeaders]?.contains("Accept") == true)
        }
    }

    @Test("SHALL extract and syntactically validate the URI in accordance with sections 2 and 4.3.1, and report errors with an HTTP response code of 400")
    func invalidSyntaxIs400() async throws {
        try await withResolver { client in
            for (uri, why) in [
                ("/01/04912345000072", "bad check digit"), ("/01/04912345000071/21/A/10/B", "in this order"),
                ("/01/0491234500007X", "character not allowed"), ("/01/049123450000711", "characters, found 15"),
                ("/01/04912345000071/99/x", "qualifier (99) is not allowed")
            ] {
                let r = try await PassportScenario.get(client, uri)
                #expect(r.status == .badRequest, "\(uri)")
                #expect(r.headers[.contentType] == "application/problem+json" && r.body.lowercased().contains(why.lowercased()), "\(uri): \(r.body)")
                // OPTIONS validates the path as GET and HEAD do (schemathesis found a 204 for a path that is no link).
                #expect(try await client.execute(uri: uri, method: .options) { $0.status } == .badRequest, "OPTIONS \(uri)")
            }
            // Query members without a name are passed on like any other, never a crash (schemathesis found one).
            #expect(try await PassportScenario.get(client, Self.item + "?=x&=&linkType=all").status == .ok)
        }
    }

    @Test("SHALL NOT use a 200 OK response code with a resource that indicates an error condition")
    func errorsAreNever200() async throws {
        try await withResolver { client in
            for uri in [
                "/01/04912345000088", "/01/04912345000071/21/UNKNOWN", "/01/04912345000072/21/SER-0001", "/01/04912345000071/21/SER-0001?linkType=other:thing"
            ] {
                let r = try await PassportScenario.get(client, uri)
                #expect(r.status.code >= 400, "\(uri) answered \(r.status)")
                #expect(r.headers[.contentType] == "application/problem+json")
            }
        }
    }

    @Test("SHALL respond to a query parameter of linkType set to all by returning a list of links available to the client application")
    func linkTypeAllReturnsTheLinksetOfEveryLevel() async throws {
        try await withResolver { client in
            let r = try await PassportScenario.get(client, Self.item + "?linkType=all")
            #expect(r.status == .ok && r.headers[.contentType] == "application/linkset+json")
            let linkset = try #require(try JSONParser.parse(r.body).objectValue?["linkset"]?.arrayValue)
            // The item and, up to the primary key, the model; the uncompressed Digital Links as anchors.
            #expect(
                linkset.compactMap { $0.objectValue?["anchor"]?.stringValue }
                    == ["https://id.gs1.org/01/04912345000071/21/SER-0001", "https://id.gs1.org/01/04912345000071"])
            let item = try #require(linkset[0].objectValue)
            for type in ["dpp", "sustainabilityInfo", "epcis"] { #expect(item["https://ref.gs1.org/voc/\(type)"] != nil, "\(type)") }
            #expect(linkset[1].objectValue?["https://ref.gs1.org/voc/pip"] != nil)
            // The same with Accept: application/linkset+json.
            let byAccept = try await PassportScenario.get(client, Self.item, accept: "application/linkset+json")
            #expect(byAccept.status == .ok && byAccept.body == r.body)
        }
    }

    @Test("All links exposed SHALL include the target URL, the link relationship type (the link type) and a human-readable title")
    func everyLinkHasTargetTypeAndTitle() async throws {
        try await withResolver { client in
            let r = try await PassportScenario.get(client, Self.item + "?linkType=all")
            for anchor in try JSONParser.parse(r.body).objectValue!["linkset"]!.arrayValue! {
                for (rel, targets) in anchor.objectValue! where rel.hasPrefix("https://") {
                    #expect(rel.hasPrefix(ResolverLink.vocabulary) || rel.hasPrefix(ResolverLink.junkanVocabulary))
                    for t in targets.arrayValue! {
                        let o = t.objectValue!
                        #expect(o["href"]?.stringValue?.hasPrefix("https://") == true && o["title"]?.stringValue?.isEmpty == false && o["type"] != nil)
                    }
                }
            }
        }
    }

    @Test("SHOULD expose link to the linkset in an HTTP Link header, even when redirecting")
    func linkHeaderOnRedirects() async throws {
        try await withResolver { client in
            let r = try await PassportScenario.get(client, Self.item)
            #expect(r.headers[HTTPField.Name("Link")!] == "<https://dpp.test\(Self.item)?linkType=all>; rel=\"linkset\"; type=\"application/linkset+json\"")
        }
    }

    @Test("SHALL recognise one available link as the default for any given request URI")
    func defaultLink() async throws {
        try await withResolver { client in
            let linkset = try JSONParser.parse(try await PassportScenario.get(client, Self.item + "?linkType=all").body)
            let defaults = linkset.objectValue!["linkset"]!.arrayValue![0].objectValue!["https://ref.gs1.org/voc/defaultLink"]?.arrayValue
            #expect(defaults?.count == 1)
            #expect(defaults?.first?.objectValue?["href"] == "https://dpp.test/passports/01/04912345000071/21/SER-0001")
        }
    }

    @Test(
        "SHALL redirect to the default link unless there is information in the request that can be matched against available link metadata to provide a better response"
    )
    func redirectsToDefaultOrToWhatAcceptAndLanguageAskFor() async throws {
        try await withResolver { client in
            let page = "https://dpp.test/passports/01/04912345000071/21/SER-0001"
            #expect(try await PassportScenario.get(client, Self.item).headers[.location] == page)
            #expect(try await PassportScenario.get(client, Self.item, accept: "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8").headers[.location] == page)
            #expect(try await PassportScenario.get(client, Self.item, accept: "application/ld+json").headers[.location] == page + "?format=ld%2Bjson")
            #expect(try await PassportScenario.get(client, Self.item, accept: "application/vc+jwt").headers[.location] == page + "?format=vc%2Bjwt")
            // Only English is offered: a Japanese reader still gets the page, not an error.
            let ja = try await PassportScenario.get(client, Self.item, extra: [.acceptLanguage: "ja-JP,ja;q=0.9"])
            #expect(ja.status == .temporaryRedirect && ja.headers[.location] == page && ja.headers[.vary]?.contains("Accept-Language") == true)
        }
    }

    /// Not a statement of the standard: Junkan's own link type (issue 27), what another node follows to walk the graph.
    @Test func theJunkanTraceLinksLeadToTheIdentifiersTraceGraph() async throws {
        try await withResolver { client in
            let linkset = try JSONParser.parse(try await PassportScenario.get(client, Self.item + "?linkType=all").body)
            let item = try #require(linkset.objectValue?["linkset"]?.arrayValue?.first?.objectValue)
            let targets = try #require(item[ResolverLink.junkanVocabulary + "trace"]?.arrayValue).compactMap { $0.objectValue?["href"]?.stringValue }
            #expect(targets.map { $0.components(separatedBy: "?").first ?? "" } == ["https://dpp.test/trace/upstream", "https://dpp.test/trace/downstream"])
            for target in targets {
                let r = try await PassportScenario.get(client, String(target.dropFirst("https://dpp.test".count)))
                let graph = try JSONParser.parse(r.body)
                #expect(r.status == .ok, "\(target): \(r.body)")
                #expect(graph.objectValue?["root"]?.objectValue?["id"]?.stringValue == "https://id.gs1.org/01/04912345000071/21/SER-0001")
            }
            // A model has no trace graph of its own: no junkan:trace link at its level.
            let model = try JSONParser.parse(try await PassportScenario.get(client, "/01/04912345000071?linkType=all").body)
            #expect(model.objectValue?["linkset"]?.arrayValue?.first?.objectValue?[ResolverLink.junkanVocabulary + "trace"] == nil)
        }
    }

    @Test("SHALL redirect to the requested linkType if available")
    func linkTypes() async throws {
        try await withResolver { client in
            let cases: [(String, String)] = [
                ("gs1:dpp", "https://dpp.test/passports/01/04912345000071/21/SER-0001"),
                ("gs1:sustainabilityInfo", "https://dpp.test/passports/01/04912345000071/21/SER-0001#sustainability"),
                ("gs1:epcis", "https://dpp.test/events?MATCH_anyEPC=https%3A%2F%2Fid.gs1.org%2F01%2F04912345000071%2F21%2FSER-0001"),
                // Not at the item's level: the model's product information page, one level up.
                ("gs1:pip", "https://dpp.test/passports/01/04912345000071"),
                // Junkan's own link type (docs/federation.md): the trace graph, upstream first, by prefix or by IRI.
                ("junkan:trace", "https://dpp.test/trace/upstream?id=https%3A%2F%2Fid.gs1.org%2F01%2F04912345000071%2F21%2FSER-0001"),
                ("https://w3id.org/junkan/voc/trace", "https://dpp.test/trace/upstream?id=https%3A%2F%2Fid.gs1.org%2F01%2F04912345000071%2F21%2FSER-0001")
            ]
            for (type, target) in cases {
                let r = try await PassportScenario.get(client, Self.item + "?linkType=" + PercentEncoding.encode(type))
                #expect(r.status == .temporaryRedirect && r.headers[.location] == target, "\(type) → \(r.headers[.location] ?? "none")")
            }
            // Among the links of one type, Accept chooses: the passport as a signed credential; a lot's footprint as JSON.
            let jwt = try await PassportScenario.get(client, Self.item + "?linkType=gs1:dpp", accept: "application/vc+jwt")
            #expect(jwt.headers[.location] == "https://dpp.test/passports/01/04912345000071/21/SER-0001?format=vc%2Bjwt")
            let footprint = try await PassportScenario.get(
                client, "/01/04912345000064/10/HOUSING-LOT-55?linkType=gs1:sustainabilityInfo",
                accept: "application/json")
            #expect(footprint.headers[.location] == "https://dpp.test/trace/footprint?id=https%3A%2F%2Fid.gs1.org%2F01%2F04912345000064%2F10%2FHOUSING-LOT-55")
        }
    }

    @Test("By default, SHALL pass on all key=value pairs in the query string of the request URI (if present) when redirecting")
    func queryStringPassedOn() async throws {
        try await withResolver { client in
            let r = try await PassportScenario.get(client, Self.item + "?17=261231&campaign=spring")
            #expect(r.headers[.location] == "https://dpp.test/passports/01/04912345000071/21/SER-0001?17=261231&campaign=spring")
            let ld = try await PassportScenario.get(client, Self.item + "?campaign=spring", accept: "application/ld+json")
            #expect(ld.headers[.location] == "https://dpp.test/passports/01/04912345000071/21/SER-0001?format=ld%2Bjson&campaign=spring")
            // The passport ignores what it does not know (the resolver passed it on).
            #expect(try await PassportScenario.get(client, "/passports/01/04912345000071/21/SER-0001?17=261231&campaign=spring").status == .ok)
        }
    }

    @Test("SHALL provide a resolver description file at /.well-known/gs1resolver")
    func descriptionFile() async throws {
        try await withResolver { client in
            let r = try await PassportScenario.get(client, "/.well-known/gs1resolver")
            let o = try #require(try JSONParser.parse(r.body).objectValue)
            #expect(r.status == .ok && o["resolverRoot"] == "https://dpp.test" && o["supportedPrimaryKeys"] == ["01", "414"])
        }
    }

    @Test("If supporting multiple links per identified item, SHALL recognise the GS1 Web vocabulary namespace")
    func vocabularyNamespace() async throws {
        try await withResolver { client in
            let short = try await PassportScenario.get(client, Self.item + "?linkType=gs1:epcis").headers[.location]
            let full = try await PassportScenario.get(client, Self.item + "?linkType=" + PercentEncoding.encode("https://ref.gs1.org/voc/epcis")).headers[
                .location]
            #expect(short != nil && short == full)
            #expect(try await PassportScenario.get(client, Self.item + "?linkType=schema:offers").status == .badRequest)
        }
    }

    @Test("SHOULD tolerate trailing slashes at the end of GS1 Digital Link URIs")
    func trailingSlash() async throws {
        try await withResolver { client in
            let r = try await PassportScenario.get(client, Self.item + "/")
            #expect(r.status == .temporaryRedirect && r.headers[.location] == "https://dpp.test/passports/01/04912345000071/21/SER-0001")
        }
    }
}
