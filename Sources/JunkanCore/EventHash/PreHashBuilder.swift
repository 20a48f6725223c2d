/// The pre-hash string of one event (CBV 2.0 §8.9): standard fields in the fixed order, then user
/// extensions sorted. A faithful port of the reference's `hash_generator` so that our hashes equal
/// its hashes, quirks included (each is pinned by a fixture test).
struct PreHashBuilder {
    /// Fields left out of the hash (CBV 2.0 §8.9.3).
    static let ignoredFields: Set<String> = ["recordTime", "eventID", "type", "errorDeclaration"]

    func preHash(event: HashNode) throws(EventHashError) -> String {
        let ordered = try recurseInOrder(&event.children, PropertyOrder.event)
        let rest = try gatherNotInOrder(event.children)
        return "eventType=" + event.name + ordered + rest
    }

    private func childText(_ child: HashNode, _ subOrder: [PropertyOrder]?) throws(EventHashError) -> String {
        var text = ""
        var grandChildText = ""
        if let subOrder, !subOrder.isEmpty {
            grandChildText = try recurseInOrder(&child.children, subOrder)
        }
        if !child.text.isEmpty {
            text = PythonString.strip(child.text)
            if Self.isTimeField(child.name) {
                text = try EventHashValues.fixTimestamp(text)
            } else {
                text = try EventHashValues.canonize(text)
            }
            if !text.isEmpty { text = "=" + text }
        }
        if !text.isEmpty || !grandChildText.isEmpty { return child.name + text + grandChildText }
        return ""
    }

    /// The reference's `"time" in name.lower() and "offset" not in name.lower()`. An ASCII name is
    /// compared byte by byte (no lowercased copy per field); others go through `lowercased()`.
    static func isTimeField(_ name: String) -> Bool {
        guard name.utf8.allSatisfy({ $0 < 0x80 }) else {
            let lower = name.lowercased()
            return lower.containsBytes("time") && !lower.containsBytes("offset")
        }
        return name.utf8.containsASCIICaseInsensitive("time") && !name.utf8.containsASCIICaseInsensitive("offset")
    }

    private func recurseInOrder(_ childList: inout [HashNode], _ order: [PropertyOrder]) throws(EventHashError) -> String {
        var preHash = ""
        let userExtensions = gatherUserExtensions(&childList)
        for entry in order {
            guard case .field(let name, let subOrder) = entry else { continue }
            guard childList.contains(where: { !$0.isPair && $0.name == name }) else { continue }
            let matching = childList.filter { !$0.isPair && $0.name == name }
            var values: [String] = []
            for child in matching {
                let s = try childText(child, subOrder)
                if !s.isEmpty { values.append(s) }
                if child.children.isEmpty && !child.isPair {
                    if let i = childList.firstIndex(where: { $0 === child }) { childList.remove(at: i) }
                }
            }
            // (Only non-empty texts are kept, so "some value" is "the joined values are not empty".)
            if !values.isEmpty { preHash += HashNode.sortedStrings(values).joined() }
        }
        if !userExtensions.isEmpty {
            preHash += try generic(userExtensions)
        }
        return preHash
    }

    /// User extensions inside a standard field (readPoint, sensorElement, …) are appended to that
    /// field's part; at the event's top level they go to the generic tail instead.
    private func gatherUserExtensions(_ childList: inout [HashNode]) -> [HashNode] {
        guard childList.count > 1 else { return [] }
        for c in childList where !c.isPair && (c.name.containsBytes("eventTime") || c.name.containsBytes("action")) { return [] }
        let extensions = childList.filter { !$0.isPair && $0.name.containsBytes("{") && $0.name.containsBytes("/}") }
        if !extensions.isEmpty { childList.removeAll { c in extensions.contains { $0 === c } } }
        return extensions
    }

    private func generic(_ children: [HashNode]) throws(EventHashError) -> String {
        var values: [String] = []
        for child in children {
            if let (a, b) = child.pair {
                values.append(try generic([a, b]))
            } else {
                var text = PythonString.strip(child.text)
                if !text.isEmpty { text = "=" + (try EventHashValues.canonize(text)) }
                values.append(child.name + text + (try generic(child.children)))
            }
        }
        if children.count > 1, shouldSort(children) { values = HashNode.sortedStrings(values) }
        return values.joined()
    }

    /// bizTransaction, source and destination keep CBV 2.0's order (type first, then the value).
    private func shouldSort(_ children: [HashNode]) -> Bool {
        !children.contains { !$0.isPair && ["bizTransaction", "source", "destination"].contains($0.name) }
    }

    private func gatherNotInOrder(_ children: [HashNode]) throws(EventHashError) -> String {
        let rest = children.filter { $0.isPair || !Self.ignoredFields.contains($0.name) }
        return rest.isEmpty ? "" : try generic(rest)
    }
}
