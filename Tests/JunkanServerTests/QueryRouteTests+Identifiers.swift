import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JunkanCore
import JunkanNode
import JunkanServer
import JunkanTestSupport
import Testing

/// Issue 25, item 9: a GS1 key with a wrong check digit is a 400 naming the parameter on `/events` and `/trace/*`, as
/// the resolver answers it — not an empty result or a 404.
extension QueryRouteTests {
    static let goodSerial = "https://id.gs1.org/01/04012345111118/21/3"
    static let badCheckDigit = "https://id.gs1.org/01/04012345111112/21/3"

    static func problem(_ client: any TestClientProtocol, _ uri: String) async throws -> (HTTPResponse.Status, JSONObject?) {
        try await client.execute(uri: uri, method: .get) { r in (r.status, try JSONParser.parse(String(buffer: r.body)).objectValue) }
    }

    @Test func aWrongCheckDigitIsABadQueryOnEventsAndTrace() async throws {
        try await withEvents { client in
            #expect(try await Self.count(client, "/events?MATCH_epc=" + PercentEncoding.encode(Self.goodSerial)) == 1)
            #expect(try await Self.count(client, "/events?MATCH_epc=urn:epc:idpat:sgtin:4012345.011111.*") == 10)
            for uri in [
                "/events?MATCH_epc=" + PercentEncoding.encode(Self.badCheckDigit),
                "/events?MATCH_anyEPC=" + PercentEncoding.encode("urn:epc:id:sgtin:4012345.011111.3|" + Self.badCheckDigit),
                "/trace/upstream?id=" + PercentEncoding.encode(Self.badCheckDigit),
                "/trace/footprint?id=" + PercentEncoding.encode(Self.badCheckDigit)
            ] {
                let (status, problem) = try await Self.problem(client, uri)
                #expect(status == .badRequest, "\(uri)")
                #expect(problem?["type"] == "epcisException:QueryParameterException", "\(uri)")
                #expect(problem?["detail"]?.stringValue?.contains("not a valid GS1 identifier") == true, "\(uri)")
            }
            // The resolver has always said so.
            #expect(try await Self.problem(client, "/01/04012345111112/21/3").0 == .badRequest)
        }
    }
}
