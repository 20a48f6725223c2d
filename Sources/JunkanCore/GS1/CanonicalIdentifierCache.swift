import Synchronization

/// Canonical Digital Links of the identifiers seen recently. A capture reads each EPC three times (to
/// validate it, to index it, to put it in the trace graph) and a document repeats its read points,
/// locations and classes, so the parse and check (a few microseconds each) is done once per distinct
/// string instead. Shared by the threads of a capture; bounded (emptied when it reaches `capacity`).
/// Only successes are kept: an invalid identifier is parsed again, to word its error.
public final class CanonicalIdentifierCache: Sendable {
    public static let shared = CanonicalIdentifierCache(capacity: 65_536)

    /// Identifier as written → its canonical Digital Link, or nil when it is not a GS1 identifier.
    private let entries = Mutex<[String: String?]>([:])
    private let capacity: Int

    public init(capacity: Int) { self.capacity = capacity }

    /// `GS1Identifier.digitalLink(from:)`'s canonical URI: nil for a URI that is not a GS1 identifier,
    /// an error for one that is but is invalid.
    public func canonical(_ identifier: String) throws(GS1Error) -> String? {
        // The common spellings cost less to read than to look up (and unique serials would only fill the table).
        if let fast = FastCanonicalIdentifier.canonical(identifier) { return fast }
        if let known = entries.withLock({ $0[identifier] }) { return known }
        let canonical = try GS1Identifier.digitalLink(from: identifier)?.canonicalURI
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[identifier] = .some(canonical)
        }
        return canonical
    }
}
