import JunkanTestSupport
import Testing

@testable import JunkanCore

/// The pre-hash written from the tape (`TapePreHash`) against the one written from the tree (`DirectPreHash`): on
/// every fixture event and on mutations of each, both give up together or both give the same bytes. With
/// `EventHashDirectTests` (direct = tree path) and the fixture suite (tree path = reference), the tape path is held
/// to the reference too; `scripts/crosscheck-event-hash.sh` runs the CLI, which takes the tape path, against the
/// reference generator itself.
@Suite struct EventHashTapeTests {
    /// The document with `events` as its event list, its context and ignored fields kept, as bytes.
    static func document(_ original: JSONValue, events: [JSONValue]) throws -> [UInt8] {
        let (_, _, ignored) = try EventHash.eventsOf(document: original)
        var members = (original.objectValue?.members ?? []).filter { $0.key != "epcisBody" && !$0.key.hasSuffix("ignoreFields") }
        members.append((key: "epcisBody", value: ["eventList": .array(events)]))
        if !ignored.isEmpty { members.append((key: "test:ignoreFields", value: .array(ignored.sorted().map { .string($0) }))) }
        return JSONWriter.bytes(.object(JSONObject(members)))
    }

    /// Each event of the document through both writers: (events, events written from the tape).
    @discardableResult
    static func compare(_ bytes: [UInt8], _ label: String) throws -> (Int, Int) {
        let tree = try JSONParser.parse(bytes)
        let (events, context, ignored) = try EventHash.eventsOf(document: tree)
        let hasher = EventHash.Hasher(context: context, ignoredFields: ignored)
        let tape = try #require(JSONTape.parse(bytes))
        let (nodes, _, tapeIgnored) = try EventHash.eventsOf(tape: tape)
        #expect(tapeIgnored == ignored && nodes.count == events.count, "\(label)")
        let names = TapeNames(tape, ignoredFields: ignored)
        var written = 0
        for (i, (event, node)) in zip(events, nodes).enumerated() {
            let direct = hasher.directPreHash(event: event)
            let fromTape = hasher.tapePreHash(tape: tape, names: names, event: node)?.string
            #expect(fromTape == direct, "\(label) event \(i): \(JSONWriter.string(event))")
            if fromTape != nil { written += 1 }
        }
        return (events.count, written)
    }

    @Test(arguments: EventHashDirectTests.documents)
    func tapePathEqualsTheDirectPathOnFixtureEvents(document: String) throws {
        try Self.compare(Array(try Fixtures.data(document)), document)
    }

    @Test(arguments: EventHashDirectTests.documents)
    func tapePathEqualsTheDirectPathOnMutatedEvents(document: String) throws {
        let original = try Fixtures.json(document)
        let (events, _, _) = try EventHash.eventsOf(document: original)
        var rng = SplitMix(seed: UInt64(document.utf8.count) &+ 7)
        var mutated: [JSONValue] = []
        for event in events.prefix(20) {
            var m = event
            for round in 0..<60 {
                m = EventHashDirectTests.mutate(round % 3 == 0 ? m : event, &rng)
                mutated.append(m)
            }
        }
        guard !mutated.isEmpty else { return }
        let (total, _) = try Self.compare(try Self.document(original, events: mutated), document)
        #expect(total == mutated.count)
    }

    /// The whole pipeline, tape first, gives the tree pipeline's hashes and pre-hashes for every fixture document.
    @Test func documentHashesFromTheTapeEqualTheTreesHashes() throws {
        var written = 0, total = 0
        for document in EventHashDirectTests.documents {
            let bytes = Array(try Fixtures.data(document))
            let tree = try JSONParser.parse(bytes)
            let fromTree = Result { () throws(EventHashError) in try EventHash.hashes(document: tree) }
            let fromTape = Result { () throws(EventHashError) in try EventHash.hashes(json: bytes) }
            #expect(fromTape == fromTree.map { Optional($0) }, "\(document)")
            let pre = Result { () throws(EventHashError) in try EventHash.preHashes(document: tree) }
            #expect(try EventHash.preHashes(json: bytes) == (try? pre.get()), "\(document)")
            let counts = try Self.compare(bytes, document)
            total += counts.0
            written += counts.1
        }
        // Most standard-shaped events are written from the tape (else it would be dead weight).
        #expect(total > 100 && Double(written) >= 0.6 * Double(total), "tape path wrote \(written) of \(total)")
    }

    /// Values taken from their bytes must canonise exactly as their strings do: EPC URIs of every common scheme, links,
    /// words, integers and what only looks like them.
    @Test func bytePathValuesEqualTheStringPath() throws {
        let values = [
            "urn:epc:id:sgtin:4012345.011111.9876", "urn:epc:id:sgtin:4012345.011111.a%2Fb", "urn:epc:class:lgtin:4012345.012345.L1",
            "urn:epc:id:sscc:4012345.0000000001", "urn:epc:id:pgln:4012345.00000", "urn:epc:id:sgln:4012345.00005.0",
            "urn:epc:id:sgln:4012345.00005.12", "urn:epc:id:grai:4012345.00005.1", "urn:epc:id:sgtin:4012345.01111.9876",
            "https://id.gs1.org/01/04012345111118/21/1", "https://id.gs1.org/01/4012345111118/21/1", "https://example.com/01/04012345111118",
            "https://ref.gs1.org/cbv/BizStep-shipping", "http://x.org/abcdefghij", "12", "012", "-5", "1.5", "1e3", "inf", "nan", "+1",
            "1_000", "ADD", "KGM", "a.b", "urn:epcglobal:cbv:bizstep:receiving", "x urn:epcglobal:cbv:disp:active", "2021-03-04T05:06:07Z"
        ]
        let events = values.map { v -> JSONValue in
            [
                "type": "ObjectEvent", "eventTime": "2021-03-04T05:06:07.5+01:00", "epcList": [.string(v)], "action": .string(v),
                "bizStep": .string(v), "example:x": .string(v), "ilmd": ["example:y": .string(v)]
            ]
        }
        let document: JSONValue = [
            "@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld", ["example": "https://ns.example.com/"]],
            "epcisBody": ["eventList": .array(events)]
        ]
        let (total, written) = try Self.compare(JSONWriter.bytes(document), "values")
        // All but "inf", an infinite number, which both writers leave to the tree (it reports the error).
        #expect(total == values.count && written == values.count - 1, "\(written) written")
    }

    /// JSON numbers of every shape and bare vocabulary words, where the tape writer takes them from their bytes (numbers
    /// outside time fields, words after the bare-value replacement), against the direct writer and the tree.
    @Test func numbersAndBareWordsFromBytesEqualTheStringPath() throws {
        let literals = [
            "0", "-0", "7", "-5", "2989", "123456789012345", "1234567890123456", "-123456789012345", "1.5", "-0.25", "2.0",
            "-0.0", "1e3", "1.5e-7", "1E+2", "0.1", "12.345678901234567", "1e-5", "5e-324", "1.7976931348623157e308",
            "1e400", "-1e400"
        ]
        let events = literals.map { literal -> JSONValue in
            let n = JSONValue.number(JSONNumber(literal: literal))
            return [
                "type": "ObjectEvent", "eventTime": "2021-03-04T05:06:07.5+01:00", "action": "OBSERVE", "bizStep": "shipping",
                "disposition": "in_transit", "quantityList": [["epcClass": "urn:epc:class:lgtin:4012345.012345.L1", "quantity": n, "uom": "KGM"]],
                "sensorElementList": [["sensorReport": [["type": "Temperature", "value": n, "uom": "CEL"]]]],
                "bizTransactionList": [["type": "po", "bizTransaction": "urn:epcglobal:cbv:bt:4012345000009:1"]],
                "example:x": n, "ilmd": ["example:y": n, "example:z": "shipping"]
            ]
        }
        let document: JSONValue = [
            "@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld", ["example": "https://ns.example.com/"]],
            "epcisBody": ["eventList": .array(events)]
        ]
        let bytes = JSONWriter.bytes(document)
        let (total, written) = try Self.compare(bytes, "numbers")
        // All but the two infinite numbers, which both writers leave to the tree (it reports the error).
        #expect(total == literals.count && written == literals.count - 2, "\(written) written")
        let tape = try #require(JSONTape.parse(bytes))
        let (nodes, context, _) = try EventHash.eventsOf(tape: tape)
        let hasher = EventHash.Hasher(context: context.map(tape.value))
        let names = TapeNames(tape, ignoredFields: [])
        for (literal, (event, node)) in zip(literals, zip(events, nodes)) {
            guard let fromTape = hasher.tapePreHash(tape: tape, names: names, event: node)?.string else { continue }
            #expect(fromTape == (try hasher.treePreHash(event: event)), "\(literal)")
        }
    }
}
