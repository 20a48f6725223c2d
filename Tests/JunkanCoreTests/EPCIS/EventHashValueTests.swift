import Testing

@testable import JunkanCore

/// Value canonicalisation of the CBV 2.0 hash, with expected values computed by the reference's own
/// Python semantics (dateutil + round-half-even; float()/int()/str()).
@Suite struct EventHashValueTests {
    @Test(arguments: [
        ("2023-02-02T11:04:03.1415Z", "2023-02-02T11:04:03.142Z"),
        ("2023-02-02T11:04:03.0025+05:30", "2023-02-02T05:34:03.002Z"),
        ("2019-10-21T00:05:00-06:00", "2019-10-21T06:05:00.000Z"),
        ("2020-02-29T23:59:59.0015+01:00", "2020-02-29T22:59:59.002Z"),
        ("2024-12-31T23:30:00.4444444-01:00", "2025-01-01T00:30:00.444Z")
    ])
    func timestampsBecomeUTCMilliseconds(input: String, expected: String) throws {
        #expect(try EventHashValues.fixTimestamp(input) == expected)
    }

    /// The byte writer of UTC timestamps spells every instant as the interpolated padding did, years
    /// below 1 and above 9999 included.
    @Test func utcStringsAreSpelledAsBefore() {
        func padded(_ v: Int64, _ n: Int) -> String {
            let s = String(v)
            return s.count >= n ? s : String(repeating: "0", count: n - s.count) + s
        }
        var rng = SplitMix(seed: 11)
        let edges: [Int64] = [0, -1, 86_399, 86_400, -62_135_596_800, -62_135_596_801, -62_198_755_200, 253_402_300_799, 253_402_300_800, 1_700_000_000]
        for k in 0..<3000 {
            let seconds = k < edges.count ? edges[k] : Int64(bitPattern: rng.next() % 600_000_000_000) - 300_000_000_000
            let ms = Int(rng.next() % 1000)
            let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
            let secs = seconds - days * 86400
            let (y, m, d) = ISO8601Timestamp.civil(days: days)
            let expected =
                "\(padded(y, 4))-\(padded(m, 2))-\(padded(d, 2))T\(padded(secs / 3600, 2)):\(padded(secs % 3600 / 60, 2)):\(padded(secs % 60, 2)).\(padded(Int64(ms), 3))Z"
            #expect(ISO8601Timestamp.utcString(epochSeconds: seconds, milliseconds: ms) == expected, "\(seconds)")
        }
    }

    @Test func roundingUpToAWholeSecondCarries() throws {
        #expect(try EventHashValues.fixTimestamp("2023-12-31T23:59:59.9996Z") == "2024-01-01T00:00:00.000Z")
    }

    @Test(arguments: [
        ("12.0", "12"), ("+5", "5"), ("007", "7"), ("1e5", "100000"), ("0.1", "0.1"), ("1_000", "1000"), ("-0", "0"),
        ("2.50", "2.5"), ("12345678901234567890", "12345678901234567168"), ("1e-7", "1e-07"), ("nan", "nan"), ("A12", "A12")
    ])
    func numbersAreWrittenAsPythonWould(input: String, expected: String) throws {
        #expect(try PythonNumber.formatNumeric(input) == expected)
    }

    @Test func anEventHashesTheSameAloneAndInAnyBatch() throws {
        let context: JSONValue = ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"]
        let a: JSONValue = [
            "type": "ObjectEvent", "eventTime": "2024-01-01T00:00:00Z", "eventTimeZoneOffset": "+00:00",
            "action": "OBSERVE", "bizStep": "recycling", "epcList": ["urn:epc:id:sgtin:4012345.011111.1"]
        ]
        // Another event spelling out a CBV URI ending in "-recycling": the reference generator would then
        // rewrite the first event's bare "recycling" too; Junkan keeps each event's hash its own.
        let b: JSONValue = [
            "type": "ObjectEvent", "eventTime": "2024-01-01T00:00:00Z", "eventTimeZoneOffset": "+00:00",
            "action": "OBSERVE", "bizStep": "https://ref.gs1.org/cbv/BizStep-recycling"
        ]
        func doc(_ events: [JSONValue]) -> JSONValue {
            ["@context": context, "type": "EPCISDocument", "epcisBody": ["eventList": .array(events)]]
        }
        let alone = try EventHash.hashes(document: doc([a]))[0]
        #expect(try EventHash.hashes(document: doc([a, b]))[0] == alone)
        #expect(try EventHash.hash(event: a, context: context) == alone)
    }

    @Test func equalEventsInDifferentSpellingsHashEqual() throws {
        let context: JSONValue = ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"]
        let urn: JSONValue = [
            "type": "ObjectEvent", "eventTime": "2024-01-01T09:00:00+09:00", "eventTimeZoneOffset": "+09:00",
            "action": "OBSERVE", "bizStep": "urn:epcglobal:cbv:bizstep:shipping",
            "epcList": ["urn:epc:id:sgtin:4012345.011111.1", "urn:epc:id:sgtin:4012345.011111.2"]
        ]
        let dl: JSONValue = [
            "eventTimeZoneOffset": "+09:00", "type": "ObjectEvent", "eventTime": "2024-01-01T00:00:00.000Z",
            "bizStep": "shipping", "action": "OBSERVE",
            "epcList": ["https://id.gs1.org/01/04012345111118/21/2", "https://example.com/01/04012345111118/21/1"]
        ]
        #expect(try EventHash.hash(event: urn, context: context) == EventHash.hash(event: dl, context: context))
    }
}
