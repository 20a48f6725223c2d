/// What the writer needs to know of each member name of a document, worked out once per document instead of once
/// per member: where it goes at an event's top level.
struct TapeNames: Sendable {
    enum Role: Sendable { case ordered(Int), type, notHashed, ignored, other }
    let role: [Role]
    /// The names `BareValueExpansion.vocabulary(key:container:)` may answer for.
    let mayHaveVocabulary: [Bool]

    init(_ tape: JSONTape, ignoredFields: Set<String>) {
        role = tape.names.map { name in
            // `Hasher.prepared` drops the document's ignored fields before anything else reads the event.
            if ignoredFields.contains(name) { return .ignored }
            if let i = DirectPreHash.topLevelIndex[name] { return .ordered(i) }
            switch name {
            case "type": return .type
            case "recordTime", "eventID", "errorDeclaration": return .notHashed  // not hashed (CBV 2.0 §8.9.3)
            default: return .other
            }
        }
        mayHaveVocabulary = tape.names.map { ["bizStep", "disposition", "set", "unset", "type", "exception", "component", "reason"].contains($0) }
    }
}
