import Crypto

extension EventHash {
    /// The hashes of a document's events from its tape, in document order (`hashes(document:)` without the tree).
    static func hashes(tape: JSONTape) throws(EventHashError) -> [String] {
        try eachEvent(of: tape) { writer, event throws(EventHashError) in try writer.hasher.hash(event: event, with: writer) }
    }

    static func preHashes(tape: JSONTape) throws(EventHashError) -> [String] {
        try eachEvent(of: tape) { writer, event throws(EventHashError) in try writer.hasher.preHash(event: event, with: writer) }
    }

    /// The hashes of a JSON document's events, or nil when it is not JSON (`JSONParser` then says why).
    public static func hashes(json: some Collection<UInt8>) throws(EventHashError) -> [String]? {
        guard let tape = JSONTape.parse(json) else { return nil }
        return try hashes(tape: tape)
    }

    public static func preHashes(json: some Collection<UInt8>) throws(EventHashError) -> [String]? {
        guard let tape = JSONTape.parse(json) else { return nil }
        return try preHashes(tape: tape)
    }

    /// `transform` of each event, in runs of events on all cores, each run with a writer of its own.
    private static func eachEvent<T>(of tape: JSONTape, _ transform: (TapePreHash, Int) throws(EventHashError) -> T) throws(EventHashError) -> [T] {
        let (events, context, ignored) = try eventsOf(tape: tape)
        let hasher = Hasher(context: context.map(tape.value), ignoredFields: ignored)
        let names = TapeNames(tape, ignoredFields: ignored)
        let run = 64
        let runs = ParallelMap.map((events.count + run - 1) / run, chunk: 1) { r in
            let writer = TapePreHash(tape: tape, names: names, hasher: hasher)
            return events[(r * run)..<min(events.count, (r + 1) * run)].map { event in
                Result { () throws(EventHashError) in try transform(writer, event) }
            }
        }
        var out: [T] = []
        out.reserveCapacity(events.count)
        for results in runs { for r in results { out.append(try r.get()) } }
        return out
    }

    /// `eventsOf(document:)` on the tape: the event nodes, the `@context` node and the ignored fields.
    static func eventsOf(tape: JSONTape) throws(EventHashError) -> ([Int], Int?, Set<String>) {
        let doc = tape.root
        guard tape.kind(doc) == .object else { throw .notAnEPCISDocument("the document is not a JSON object") }
        guard let body = tape.member(doc, "epcisBody"), tape.kind(body) == .object else {
            throw .notAnEPCISDocument("the document has no epcisBody object")
        }
        let context = tape.member(doc, "@context")
        var ignored = ignoreFields(in: doc, tape)
        if let list = tape.member(body, "eventList"), tape.kind(list) == .array { return (Array(tape.elements(list)), context, ignored) }
        if let results = tape.member(body, "queryResults"), tape.kind(results) == .object {
            ignored.formUnion(ignoreFields(in: results, tape))
            if let rb = tape.member(results, "resultsBody"), tape.kind(rb) == .object, let list = tape.member(rb, "eventList"), tape.kind(list) == .array {
                return (Array(tape.elements(list)), context, ignored)
            }
            throw .notAnEPCISDocument("queryResults has no resultsBody.eventList array")
        }
        if let single = tape.member(body, "event") { return ([single], context, ignored) }
        throw .notAnEPCISDocument("epcisBody has neither eventList, queryResults nor event")
    }

    static func ignoreFields(in object: Int, _ tape: JSONTape) -> Set<String> {
        var out = Set<String>()
        for m in tape.members(object) where declaresIgnoredFields(tape.names[m.name]) { out.formUnion(ignoredFields(tape.value(m.value))) }
        return out
    }
}

extension EventHash.Hasher {
    /// The hash of an event on the writer's tape; an event the tape writer gives up on is hashed from its tree, as
    /// `hash(event:)`.
    func hash(event: Int, with writer: TapePreHash) throws(EventHashError) -> String {
        if writer.write(event: event) { return writer.out.bytes.withUnsafeBytes { EventHash.uri(digest: SHA256.hash(data: $0)) } }
        return try hash(event: writer.tape.value(event))
    }

    func preHash(event: Int, with writer: TapePreHash) throws(EventHashError) -> String {
        if writer.write(event: event) { return writer.out.string }
        return try preHash(event: writer.tape.value(event))
    }

    /// The tape writer alone: nil when the event needs the tree (the tests hold it to the other paths).
    func tapePreHash(tape: JSONTape, names: TapeNames, event: Int) -> PreHashBytes? {
        let writer = TapePreHash(tape: tape, names: names, hasher: self)
        return writer.write(event: event) ? writer.out : nil
    }
}
