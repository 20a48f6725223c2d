import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JunkanCore
import JunkanServer
import JunkanTestSupport
import Testing

/// Four events written by hand to exercise the SimpleEventQuery parameters beyond the index columns: E1 carries
/// extensions (top-level, nested, on its readPoint), a persistent disposition, a purchase order, a source and a
/// destination; E2 a quantity in kg, an ILMD extension and sensor data; E3 an error declaration; E4 a bare quantity.
enum QueryParameterFixture {
    static let auth: HTTPFields = [.authorization: "Bearer test-token", .contentType: "application/ld+json"]
    static let epc = "urn:epc:id:sgtin:4012345.011111.901"

    static func id(_ n: Int) -> String { "urn:uuid:00000000-0000-4000-8000-00000000000\(n)" }

    static let document = """
        {"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",{"ex":"https://ns.example.com/epcis/"}],
         "type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2024-03-01T00:00:00Z",
         "epcisBody":{"eventList":[
          {"type":"ObjectEvent","eventID":"\(id(1))","eventTime":"2024-03-01T10:00:00Z","eventTimeZoneOffset":"+00:00",
           "epcList":["\(epc)"],"action":"OBSERVE","bizStep":"shipping","disposition":"in_transit",
           "persistentDisposition":{"set":["completeness_verified"],"unset":["completeness_inferred"]},
           "readPoint":{"id":"urn:epc:id:sgln:4012345.00001.0","ex:dock":"D7"},
           "bizTransactionList":[{"type":"po","bizTransaction":"urn:epc:id:gdti:4012345.00001.1234"}],
           "sourceList":[{"type":"owning_party","source":"urn:epc:id:pgln:4012345.00001"}],
           "destinationList":[{"type":"owning_party","destination":"urn:epc:id:pgln:4012345.00002"}],
           "ex:temperature":21.5,"ex:batchInfo":{"ex:grade":"A"},"ex:inspected":"2024-03-01T09:00:00Z"},
          {"type":"ObjectEvent","eventID":"\(id(2))","eventTime":"2024-03-02T10:00:00Z","eventTimeZoneOffset":"+00:00",
           "quantityList":[{"epcClass":"urn:epc:class:lgtin:4012345.012345.L1","quantity":200,"uom":"KGM"}],"action":"ADD",
           "bizStep":"commissioning","ilmd":{"ex:recycledShare":0.3},
           "sensorElementList":[{"sensorMetadata":{"time":"2024-03-02T09:00:00Z","deviceID":"urn:epc:id:giai:4012345.1"},
             "sensorReport":[{"type":"Temperature","value":26.0,"uom":"CEL"},{"type":"gs1:RelativeHumidity","value":40,"uom":"A93"}]}]},
          {"type":"ObjectEvent","eventID":"\(id(3))","eventTime":"2024-03-03T10:00:00Z","eventTimeZoneOffset":"+00:00",
           "epcList":["\(epc)"],"action":"OBSERVE","bizStep":"receiving",
           "errorDeclaration":{"declarationTime":"2024-03-04T00:00:00Z","reason":"incorrect_data","correctiveEventIDs":["\(id(4))"]}},
          {"type":"ObjectEvent","eventID":"\(id(4))","eventTime":"2024-03-04T10:00:00Z","eventTimeZoneOffset":"+00:00",
           "quantityList":[{"epcClass":"urn:epc:class:lgtin:4012345.012345.L2","quantity":5}],"action":"OBSERVE","bizStep":"receiving"}
         ]}}
        """

    /// A node holding the four events, and two organisations (tokens `test-token` and `other-token`).
    static func withNode(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let tmp = try await TemporaryStore()
        defer { tmp.remove() }
        _ = try await tmp.organisation()
        _ = try await tmp.organisation("Other Org", token: "other-token")
        try await tmp.application().test(.router) { client in
            try await client.execute(uri: "/capture", method: .post, headers: auth, body: ByteBuffer(string: document)) { r in
                #expect(r.status == .accepted, "\(String(buffer: r.body))")
            }
            try await body(client)
        }
    }

    /// The eventIDs `GET uri` answers (checking it is a 200 EPCISQueryDocument), by their number.
    static func ids(_ client: any TestClientProtocol, _ uri: String) async throws -> [Int] {
        try await client.execute(uri: uri, method: .get) { r in
            #expect(r.status == .ok, "\(uri): \(String(buffer: r.body))")
            return try QueryRouteTests.events(r).compactMap { $0["eventID"]?.stringValue?.last.flatMap { Int(String($0)) } }
        }
    }

    /// The status and EPCIS exception type of `GET uri`.
    static func refusal(_ client: any TestClientProtocol, _ uri: String) async throws -> (HTTPResponse.Status, String) {
        try await client.execute(uri: uri, method: .get) { r in
            (r.status, (try? JSONParser.parse(String(buffer: r.body)).objectValue?["type"]?.stringValue) ?? nil ?? "")
        }
    }
}
