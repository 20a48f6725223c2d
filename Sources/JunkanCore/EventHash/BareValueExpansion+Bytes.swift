extension BareValueExpansion {
    /// `expandedValues(of:)` of an event on a tape, its ignored fields left out as `Hasher.prepared` leaves them out.
    func expandedValues(tape: JSONTape, event: Int, names: TapeNames) -> [String] {
        var found = Distinct()
        if tape.kind(event) == .object {
            for m in tape.members(event) {
                if case .ignored = names.role[m.name] { continue }
                collect(tape, m.value, key: m.name, container: -1, names: names, into: &found)
            }
        } else {
            collect(tape, event, key: -1, container: -1, names: names, into: &found)
        }
        return found.values
    }

    /// `collect` on the tape; `key` and `container` are interned names, -1 for none.
    private func collect(_ tape: JSONTape, _ node: Int, key: Int, container: Int, names: TapeNames, into found: inout Distinct) {
        switch tape.kind(node) {
        case .string:
            if key >= 0, names.mayHaveVocabulary[key],
                let table = vocabulary(key: tape.names[key], container: container >= 0 ? tape.names[container] : nil)
            {
                let s = tape.string(node)
                let e = table[s] ?? expandCURIE(s)
                if Self.isWebVocabulary(e) { found.insert(e) }
                return
            }
            // `webVocabularyIRI`, answered from the bytes where it can be: an https IRI is its own expansion, and only a
            // string starting like a declared prefix can be a CURIE.
            let b = tape.text(node)
            if b.hasPrefix("https://") {
                if b.hasPrefix("https://ref.gs1.org/cbv") || b.hasPrefix("https://gs1.org/voc") { found.insert(tape.string(node)) }
                return
            }
            guard let first = b.first, prefixStarts.mayStart(byte: first) else { return }
            if let e = webVocabularyIRI(tape.string(node), key: key >= 0 ? tape.names[key] : nil) { found.insert(e) }
        case .array:
            for e in tape.elements(node) { collect(tape, e, key: key, container: container, names: names, into: &found) }
        case .object:
            for m in tape.members(node) { collect(tape, m.value, key: m.name, container: key, names: names, into: &found) }
        default: break
        }
    }
}
