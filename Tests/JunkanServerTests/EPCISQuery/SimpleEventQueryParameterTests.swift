import HTTPTypes
import HummingbirdTesting
import JunkanCore
import Testing

/// Every SimpleEventQuery parameter beyond the index columns, on `GET /events`: each one finds the event that has what
/// it asks and no other, and each bad value or unknown name is a QueryParameterException naming it.
@Suite struct SimpleEventQueryParameterTests {
    typealias F = QueryParameterFixture

    static func q(_ pairs: String...) -> String { q(pairs) }

    static func q(_ pairs: [String]) -> String {
        "/events?"
            + pairs.map { p in
                let eq = p.firstIndex(of: "=")!
                return PercentEncoding.encode(String(p[..<eq])) + "=" + PercentEncoding.encode(String(p[p.index(after: eq)...]))
            }.joined(separator: "&")
    }

    @Test func persistentDispositionErrorDeclarationAndCorrections() async throws {
        try await F.withNode { (c: any TestClientProtocol) async throws in
            #expect(try await F.ids(c, Self.q("EQ_persistentDisposition_set=completeness_verified")) == [1])
            #expect(try await F.ids(c, Self.q("EQ_persistentDisposition_unset=urn:epcglobal:cbv:disp:completeness_inferred")) == [1])
            #expect(try await F.ids(c, Self.q("EQ_persistentDisposition_set=completeness_inferred")) == [])
            #expect(try await F.ids(c, "/events?EXISTS_errorDeclaration") == [3])
            #expect(try await F.ids(c, Self.q("EQ_errorReason=incorrect_data")) == [3])
            #expect(try await F.ids(c, Self.q("EQ_errorReason=did_not_occur")) == [])
            #expect(try await F.ids(c, Self.q("EQ_correctiveEventID=\(F.id(4))")) == [3])
            #expect(try await F.ids(c, Self.q("GE_errorDeclarationTime=2024-03-03T00:00:00Z")) == [3])
            #expect(try await F.ids(c, Self.q("LT_errorDeclarationTime=2024-03-03T00:00:00Z")) == [])
        }
    }

    @Test func quantitiesWithAndWithoutUnits() async throws {
        try await F.withNode { (c: any TestClientProtocol) async throws in
            #expect(try await F.ids(c, Self.q("GT_quantity=100")) == [2])
            #expect(try await F.ids(c, Self.q("EQ_quantity=5|7")) == [4])
            #expect(try await F.ids(c, Self.q("LE_quantity=200")) == [2, 4])
            #expect(try await F.ids(c, Self.q("EQ_quantity_KGM=200")) == [2])
            #expect(try await F.ids(c, Self.q("GE_quantity_KGM=200.5")) == [])
            #expect(try await F.ids(c, Self.q("LT_quantity_KGM=10")) == [])
        }
    }

    @Test func transactionsSourcesAndDestinationsByType() async throws {
        try await F.withNode { (c: any TestClientProtocol) async throws in
            #expect(try await F.ids(c, Self.q("EQ_bizTransaction_po=urn:epc:id:gdti:4012345.00001.1234")) == [1])
            #expect(try await F.ids(c, Self.q("EQ_bizTransaction_inv=urn:epc:id:gdti:4012345.00001.1234")) == [])
            #expect(try await F.ids(c, Self.q("EQ_source_owning_party=urn:epc:id:pgln:4012345.00001")) == [1])
            // The same party as a Digital Link.
            #expect(try await F.ids(c, Self.q("EQ_destination_owning_party=https://id.gs1.org/417/4012345000023")) == [1])
            #expect(try await F.ids(c, Self.q("EQ_destination_owning_party=urn:epc:id:pgln:4012345.00001")) == [])
        }
    }

    @Test func extensionFieldsAtTheTopNestedInIlmdAndOnTheReadPoint() async throws {
        try await F.withNode { (c: any TestClientProtocol) async throws in
            #expect(try await F.ids(c, Self.q("GT_ex:temperature=20")) == [1])
            #expect(try await F.ids(c, Self.q("LT_ex:temperature=20")) == [])
            #expect(try await F.ids(c, Self.q("EQ_ex:temperature=21.5")) == [1])
            #expect(try await F.ids(c, "/events?EXISTS_ex:temperature") == [1])
            #expect(try await F.ids(c, Self.q("GE_ex:inspected=2024-03-01T08:00:00Z")) == [1])
            #expect(try await F.ids(c, Self.q("GE_ex:inspected=2024-03-01T09:00:01Z")) == [])
            // INNER_: nested below a top-level extension, not at the top.
            #expect(try await F.ids(c, Self.q("EQ_INNER_ex:grade=A")) == [1])
            #expect(try await F.ids(c, Self.q("EQ_ex:grade=A")) == [])
            #expect(try await F.ids(c, Self.q("GT_ILMD_ex:recycledShare=0.2")) == [2])
            #expect(try await F.ids(c, "/events?EXISTS_ILMD_ex:recycledShare") == [2])
            #expect(try await F.ids(c, "/events?EXISTS_ILMD_ex:temperature") == [])
            #expect(try await F.ids(c, Self.q("EQ_readPoint_ex:dock=D7")) == [1])
            #expect(try await F.ids(c, Self.q("EQ_bizLocation_ex:dock=D7")) == [])
        }
    }

    @Test func sensorElements() async throws {
        try await F.withNode { (c: any TestClientProtocol) async throws in
            #expect(try await F.ids(c, "/events?EXISTS_sensorElementList") == [2])
            #expect(try await F.ids(c, Self.q("GE_value_CEL=25")) == [2])
            #expect(try await F.ids(c, Self.q("GE_value_CEL=27")) == [])
            // The humidity's 40 is in another unit.
            #expect(try await F.ids(c, Self.q("GE_value_CEL=30")) == [])
            #expect(try await F.ids(c, Self.q("EQ_type=Temperature")) == [2])
            #expect(try await F.ids(c, Self.q("EQ_type=https://gs1.org/voc/RelativeHumidity")) == [2])
            #expect(try await F.ids(c, Self.q("EQ_type=Pressure")) == [])
            #expect(try await F.ids(c, Self.q("EQ_deviceID=urn:epc:id:giai:4012345.1")) == [2])
            #expect(try await F.ids(c, Self.q("GE_time=2024-03-02T00:00:00Z")) == [2])
            #expect(try await F.ids(c, Self.q("LT_time=2024-03-02T00:00:00Z")) == [])
        }
    }

    @Test func withinLocationsBesideTheirEqualFilter() async throws {
        try await F.withNode { (c: any TestClientProtocol) async throws in
            #expect(try await F.ids(c, Self.q("WD_readPoint=urn:epc:id:sgln:4012345.00001.0")) == [1])
            #expect(
                try await F.ids(c, Self.q("EQ_readPoint=urn:epc:id:sgln:4012345.00002.0", "WD_readPoint=urn:epc:id:sgln:4012345.00001.0")) == [])
        }
    }

    @Test func eventCountLimitAcrossPagesAndMaxEventCount() async throws {
        try await F.withNode { (c: any TestClientProtocol) async throws in
            let first = try await c.execute(uri: "/events?eventCountLimit=3&perPage=2", method: .get) { r in
                (try QueryRouteTests.events(r).count, r.headers[.init("GS1-Next-Page-Token")!])
            }
            #expect(first.0 == 2)
            let token = try #require(first.1)
            #expect(try await F.ids(c, "/events?eventCountLimit=3&perPage=2&nextPageToken=\(token)") == [3])
            try await c.execute(uri: "/events?eventCountLimit=3&perPage=2&nextPageToken=\(token)", method: .get) { r in
                #expect(r.headers[.init("GS1-Next-Page-Token")!] == nil)
            }
            // A filtered query's limit counts what the filter kept.
            #expect(try await F.ids(c, Self.q("EQ_bizStep=receiving", "eventCountLimit=1")) == [3])
            #expect(try await F.refusal(c, "/events?maxEventCount=3") == (.contentTooLarge, "epcisException:QueryTooLargeException"))
            #expect(try await F.ids(c, "/events?maxEventCount=4").count == 4)
            #expect(try await F.refusal(c, "/events?maxEventCount=4&eventCountLimit=2").1 == "epcisException:QueryParameterException")
        }
    }

    @Test func refusesWhatItCannotAnswerNamingIt() async throws {
        try await F.withNode { (c: any TestClientProtocol) async throws in
            for uri in [
                Self.q("HASATTR_bizTransaction=ex:name"), Self.q("EQ_ATTR_bizLocation_name=x"), Self.q("EQ_nonsense=1"),
                Self.q("GT_ex:temperature=warm"), Self.q("GT_quantity=lots"), Self.q("GE_time=yesterday"),
                Self.q("EQ_booleanValue=maybe"), Self.q("GT_quantity=1|2"), Self.q("eventCountLimit=0"), Self.q("EQ_quantity_kgm=1")
            ] {
                let (status, type) = try await F.refusal(c, uri)
                #expect(status == .badRequest, "\(uri)")
                #expect(type == "epcisException:QueryParameterException", "\(uri)")
            }
        }
    }
}
