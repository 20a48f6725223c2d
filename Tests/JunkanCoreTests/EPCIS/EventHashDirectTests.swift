import JunkanTestSupport
import Testing

@testable import JunkanCore

/// The direct pre-hash writer (`DirectPreHash`) against the reference-shaped tree path: on every event
/// of the fixtures and on structural mutations of each, the direct path either gives up (nil) or gives
/// exactly the tree path's pre-hash. The fixture suite (`EventHashFixtureTests`) holds the combined path
/// to the reference's own outputs, and `scripts/crosscheck-event-hash.sh` to the reference generator.
@Suite struct EventHashDirectTests {
    /// Every parseable document of the hash generator's examples and of the EPCIS standard's JSON examples.
    static let documents: [String] =
        (Fixtures.files(under: "epcis/epcis-event-hash-generator/tests/examples", suffix: ".jsonld")
        + Fixtures.files(under: "epcis/gs1-EPCIS/JSON", suffix: ".jsonld")
        + Fixtures.files(under: "epcis/gs1-EPCIS/JSON-simple-context", suffix: ".jsonld"))
        .filter { (try? Fixtures.json($0)) != nil }

    static func eventsAndHasher(_ document: String) throws -> ([JSONValue], EventHash.Hasher) {
        let (events, context, ignored) = try EventHash.eventsOf(document: try Fixtures.json(document))
        return (events, EventHash.Hasher(context: context, ignoredFields: ignored))
    }

    /// The direct result, when there is one, is the tree path's; an event the tree path cannot hash is
    /// one the direct path gives up on.
    static func agree(_ hasher: EventHash.Hasher, _ event: JSONValue) -> (agrees: Bool, direct: Bool) {
        guard let direct = hasher.directPreHash(event: event) else { return (true, false) }
        let tree = Result { () throws(EventHashError) in try hasher.treePreHash(event: event) }
        return (tree == .success(direct), true)
    }

    /// The direct writer reads CBV 2.0's field order from `PropertyOrder`; these are the orders it must find there.
    @Test func readsTheStandardOrders() {
        #expect(DirectPreHash.topLevelOrder.first == "eventTime" && DirectPreHash.topLevelOrder.last == "sensorElementList")
        #expect(DirectPreHash.topLevelOrder.count == 20)
        #expect(DirectPreHash.quantityElementOrder == ["epcClass", "quantity", "uom"])
        #expect(DirectPreHash.persistentDispositionOrder == ["set", "unset"])
        #expect(DirectPreHash.sensorElementOrder == ["sensorMetadata", "sensorReport"])
        #expect(DirectPreHash.sensorMetadataOrder.first == "time" && DirectPreHash.sensorMetadataOrder.count == 8)
        #expect(DirectPreHash.sensorReportOrder.first == "type" && DirectPreHash.sensorReportOrder.count == 23)
    }

    @Test func findsTheFixtureDocuments() {
        #expect(Self.documents.count >= 40)
    }

    @Test(arguments: documents)
    func directPathEqualsTheTreePathOnFixtureEvents(document: String) throws {
        let (events, hasher) = try Self.eventsAndHasher(document)
        for (i, event) in events.enumerated() {
            #expect(Self.agree(hasher, event).agrees, "\(document) event \(i)")
        }
    }

    /// Most standard-shaped events are written directly (else the shortcut would be dead weight).
    @Test func directPathCoversMostFixtureEvents() throws {
        var total = 0
        var direct = 0
        for document in Self.documents {
            let (events, hasher) = try Self.eventsAndHasher(document)
            for e in events {
                total += 1
                if hasher.directPreHash(event: e) != nil { direct += 1 }
            }
        }
        #expect(total > 100)
        #expect(Double(direct) >= 0.6 * Double(total), "direct path took \(direct) of \(total) fixture events")
    }

    @Test func aTypicalEventWithListsExtensionsAndIlmdIsWrittenDirectly() throws {
        let document = try JSONParser.parse(
            Array(
                """
                {"@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld", {"example": "https://ns.example.com/epcis/"}],
                 "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2024-05-01T00:00:00Z",
                 "epcisBody": {"eventList": [{"type": "ObjectEvent", "eventTime": "2023-02-18T09:53:40.633+05:30", "eventTimeZoneOffset": "+05:30",
                   "epcList": ["urn:epc:id:sgtin:4012345.011111.9876", "https://id.gs1.org/01/04012345111118/21/1"],
                   "quantityList": [{"epcClass": "urn:epc:class:lgtin:4012345.012345.998877", "quantity": 12.50, "uom": "KGM"}],
                   "action": "ADD", "bizStep": "shipping", "disposition": "urn:epcglobal:cbv:disp:in_transit",
                   "readPoint": {"id": "urn:epc:id:sgln:4012345.00005.0"},
                   "bizTransactionList": [{"type": "po", "bizTransaction": "urn:epcglobal:cbv:bt:4012345000009:1"}],
                   "sourceList": [{"type": "owning_party", "source": "urn:epc:id:pgln:4012345.00000"}],
                   "sensorElementList": [{"sensorMetadata": {"time": "2023-02-18T09:00:00Z"}, "sensorReport": [{"type": "Temperature", "value": 4.5, "uom": "CEL"}]}],
                   "ilmd": {"example:grade": "PP-R1", "example:factor": 1.25}, "example:note": "checked"}]}}
                """.utf8))
        let (events, context, _) = try EventHash.eventsOf(document: document)
        let hasher = EventHash.Hasher(context: context)
        let direct = try #require(hasher.directPreHash(event: events[0]))
        #expect(direct == (try hasher.treePreHash(event: events[0])))
        #expect(
            direct.hasPrefix(
                "eventType=ObjectEventeventTime=2023-02-18T04:23:40.633ZeventTimeZoneOffset=+05:30epcListepc=https://id.gs1.org/01/04012345111118/21/1"))
    }

    /// Keys and values that reach the tree's special cases: XML-binding keys, pair-list members, renamed
    /// and list names, timestamps, numbers Python reads, bare and URN vocabulary, blanks, infinities.
    static let keyPool = [
        "example:note", "foo", "quantity", "type", "epcList", "bizTransaction", "source", "destination", "#text", "@context", "comment",
        "uom", "id", "example:idList", "childEPCs", "inputEPC", "eventTime", "action", "time", "startTime", "sensorReport", "value",
        "undeclared:x", "ilmd", "set", "epcClass", "readPoint", "bizStep", "example:eventTimeNote", "sensorMetadata", "quantityElement"
    ]
    static let valuePool: [JSONValue] = {
        let text = """
            ["shipping", "in_transit", "owning_party", "po", "Temperature", "urn:epcglobal:cbv:bizstep:receiving", " 12.0 ", "", "   ",
             "2020-01-01T00:00:00.9999+01:00", "2021-03-04T05:06:07Z", "1e400", "-inf", "NaN", "1_000", "urn:epc:id:sgtin:4012345.011111.9876",
             "https://id.gs1.org/01/04012345111118/21/9876", "example:thing", "bizTransaction", "ADD", "\\u00e9t\\u00e9",
             12, 3.0, -0.5, 1e300, true, false, null, {"id": "urn:epc:id:sgln:4012345.00005.0"}, [], {}, ["b", "a"], [["x"]],
             {"type": "po", "bizTransaction": "x"}, {"epcClass": "urn:epc:class:lgtin:4012345.012345.1", "quantity": 2}]
            """
        return (try? JSONParser.parse(Array(text.utf8)))?.arrayValue ?? []
    }()

    /// One random structural change somewhere in `value`.
    static func mutate(_ value: JSONValue, _ rng: inout SplitMix, depth: Int = 0) -> JSONValue {
        func pick<T>(_ xs: [T]) -> T { xs[Int(rng.next() % UInt64(xs.count))] }
        let here = rng.next() % 4 == 0 || depth > 6
        switch value {
        case .object(let o) where !o.isEmpty && !here:
            var members = o.members
            let i = Int(rng.next() % UInt64(members.count))
            members[i].value = mutate(members[i].value, &rng, depth: depth + 1)
            return .object(JSONObject(members))
        case .array(let a) where !a.isEmpty && !here:
            var elements = a
            let i = Int(rng.next() % UInt64(elements.count))
            elements[i] = mutate(elements[i], &rng, depth: depth + 1)
            return .array(elements)
        case .object(let o):
            var members = o.members
            switch rng.next() % 4 {
            case 0 where !members.isEmpty: members.remove(at: Int(rng.next() % UInt64(members.count)))
            case 1 where members.count > 1: members.reverse()
            default:
                let key = pick(keyPool)
                if let k = members.firstIndex(where: { $0.key == key }) { members[k].value = pick(valuePool) } else { members.append((key, pick(valuePool))) }
            }
            return .object(JSONObject(members))
        default:
            switch rng.next() % 3 {
            case 0: return .array([value])
            case 1: if case .array(let a) = value, let first = a.first { return first } else { return pick(valuePool) }
            default: return pick(valuePool)
            }
        }
    }

    @Test(arguments: documents)
    func directPathEqualsTheTreePathOnMutatedEvents(document: String) throws {
        let (events, hasher) = try Self.eventsAndHasher(document)
        var rng = SplitMix(seed: UInt64(document.utf8.count))
        var direct = 0
        var total = 0
        for (i, event) in events.prefix(20).enumerated() {
            var mutated = event
            for round in 0..<120 {
                // Mostly one change from the original, sometimes changes piled up.
                mutated = Self.mutate(round % 3 == 0 ? mutated : event, &rng)
                let result = Self.agree(hasher, mutated)
                #expect(result.agrees, "\(document) event \(i) round \(round): \(JSONWriter.string(mutated))")
                total += 1
                if result.direct { direct += 1 }
            }
        }
        // Where the originals take the direct path, many mutations must too, or this test would prove little.
        if events.prefix(20).contains(where: { hasher.directPreHash(event: $0) != nil }) {
            #expect(direct * 5 >= total, "only \(direct) of \(total) mutations took the direct path")
        }
    }
}
