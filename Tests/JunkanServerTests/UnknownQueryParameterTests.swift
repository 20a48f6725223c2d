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
