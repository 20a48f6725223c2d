/// The sources of a roll-up from the trace graph: how each lot or item upstream of `id` was made, and the identifiers
/// whose declarations the roll-up may read (each one, and the product class of each: a declaration of a GTIN covers
/// every lot and item of it that has none of its own).
extension SubstanceSources {
    /// The makings upstream of `id` (at most `maxNodes` identifiers), and every identifier a declaration may name.
    public static func upstream(of id: String, in graph: TraceGraph, maxNodes: Int = 200_000) -> (makings: [String: Making], subjects: [String]) {
        var makings: [String: Making] = [:]
        var seen: Set<String> = [id]
        var queue = [id]
        var next = 0
        while next < queue.count, seen.count < maxNodes {
            let current = queue[next]
            next += 1
            // The latest step that made it (a lot re-made, say relabelled, is what the last step says it is).
            guard let t = graph.producers(of: current).max(by: { graph.steps[$0].eventTime < graph.steps[$1].eventTime }) else { continue }
            let step = graph.steps[t]
            let isAssembly = step.kind != .transformation || step.processKind == .assembly
            makings[current] = Making(
                kind: isAssembly ? .assembly : .blend, inputs: step.inputs.map { .init(identifier: $0.id, massKg: $0.massKg) },
                outputMassKg: step.outputs.first { $0.id == current }?.massKg, event: step.eventHash)
            for input in step.inputs where seen.insert(input.id).inserted { queue.append(input.id) }
        }
        var subjects = Set(queue)
        for q in queue { if let c = productClass(of: q) { subjects.insert(c) } }
        return (makings, subjects.sorted())
    }

    /// The product class (`https://id.gs1.org/01/GTIN`) of a lot or item's Digital Link, when it has a qualifier.
    public static func productClass(of id: String) -> String? {
        // The trace graph's identifiers are canonical Digital Links: `https://id.gs1.org/01/` + 14 digits + `/` and a
        // qualifier is read without a parse (a product of 5,000 parts asks 5,000 times).
        let prefix = "https://id.gs1.org/01/"
        let bytes = id.utf8
        if bytes.count > prefix.utf8.count + 15, id.hasPrefix(prefix) {
            let gtinStart = bytes.index(bytes.startIndex, offsetBy: prefix.utf8.count)
            let gtinEnd = bytes.index(gtinStart, offsetBy: 14)
            if bytes[gtinStart..<gtinEnd].allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }), bytes[gtinEnd] == UInt8(ascii: "/") {
                return String(id[..<gtinEnd])
            }
        }
        guard let link = try? DigitalLink.parse(id), link.primaryKey.ai == "01", !link.qualifiers.isEmpty else { return nil }
        return (try? DigitalLink(primaryKey: link.primaryKey))?.description
    }

    /// The declaration for `id`: its own, else its product class's.
    func declaration(for id: String) -> MaterialDeclaration? {
        declarations[id] ?? Self.productClass(of: id).flatMap { declarations[$0] }
    }
}
