public import Foundation
public import JunkanCore
import JunkanLedger
public import JunkanSQLite
public import JunkanStore

/// A real SQLite store in a fresh temporary folder, removed when the test is done.
public struct TemporaryStore: Sendable {
    public let folder: URL
    public let path: String
    public let store: SQLiteStore

    public init() throws {
        folder = try Self.newFolder()
        path = folder.appendingPathComponent("junkan.sqlite").path
        store = try SQLiteStore(path: path)
    }

    public func remove() { try? FileManager.default.removeItem(at: folder) }

    /// A new empty folder of its own under the temporary directory (the caller removes it).
    public static func newFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("junkan-test-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// An organisation with a known token.
    public func organisation(_ name: String = "Test Org", token: String = "test-token") async throws -> Organisation {
        try await store.addOrganisation(name: name, tokenHash: TokenHash.sha256Hex(token), key: .newHosted())
    }
}

/// Small EPCIS documents built in code, for tests and benchmarks.
public enum SampleEvents {
    public static let context: JSONValue = ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld", ["junkan": "https://w3id.org/junkan/voc/"]]

    /// An ObjectEvent observing serial `n` of a GTIN at a site, one second apart.
    public static func objectEvent(_ n: Int, bizStep: String = "shipping") -> JSONValue {
        [
            "type": "ObjectEvent",
            "eventTime": .string(ISO8601Timestamp.utcString(epochMilliseconds: 1_700_000_000_000 + Int64(n) * 1000)),
            "eventTimeZoneOffset": "+09:00",
            "epcList": [.string("urn:epc:id:sgtin:4012345.011111.\(n)")],
            "action": "OBSERVE",
            "bizStep": .string(bizStep),
            "disposition": "in_transit",
            "readPoint": ["id": "urn:epc:id:sgln:4012345.00005.0"]
        ]
    }

    /// A TransformationEvent turning a lot of resin into a lot of compound, with masses.
    public static func transformation(_ n: Int) -> JSONValue {
        [
            "type": "TransformationEvent",
            "eventTime": .string(ISO8601Timestamp.utcString(epochMilliseconds: 1_700_000_000_000 + Int64(n) * 1000)),
            "eventTimeZoneOffset": "+09:00",
            "inputQuantityList": [["epcClass": .string("urn:epc:class:lgtin:4012345.012345.R\(n)"), "quantity": 1000, "uom": "KGM"]],
            "outputQuantityList": [["epcClass": .string("urn:epc:class:lgtin:4012345.054321.C\(n)"), "quantity": 985.5, "uom": "KGM"]],
            "bizStep": "commissioning",
            "junkan:ghgEmissions": 120.5
        ]
    }

    public static func document(_ events: [JSONValue]) -> JSONValue {
        [
            "@context": context, "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2024-05-01T00:00:00Z",
            "epcisBody": ["eventList": .array(events)]
        ]
    }
}
