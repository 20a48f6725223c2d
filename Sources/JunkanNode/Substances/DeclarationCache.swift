import JunkanCore
import JunkanStore
import Synchronization

/// Stored declarations as read, kept while they stay the same (subject, organisation, time received, length): a
/// product of 5,000 declared parts is checked again and again (its passport, the compliance route) while its
/// declarations change seldom, and reading their JSON back is most of a check's time. Bounded (emptied when it
/// reaches `capacity`); a declaration that no longer reads is not kept, and is left out again next time.
final class DeclarationCache: Sendable {
    struct Key: Hashable {
        var subject: String
        var organisationID: String
        var receivedAt: Int64
        /// With the time, what tells a declaration from one sent again in the same millisecond.
        var length: Int
    }

    private let entries = Mutex<[Key: MaterialDeclaration]>([:])
    private let capacity: Int

    init(capacity: Int = 100_000) { self.capacity = capacity }

    /// `stored` as read, from the cache or its JSON.
    func read(_ stored: [StoredDeclaration]) -> [(StoredDeclaration, MaterialDeclaration)] {
        let keys = stored.map {
            Key(subject: $0.subject, organisationID: $0.organisationID, receivedAt: $0.receivedAt, length: $0.declaration.utf8.count)
        }
        let known = entries.withLock { entries in keys.map { entries[$0] } }
        var read: [(StoredDeclaration, MaterialDeclaration)] = []
        var added: [(Key, MaterialDeclaration)] = []
        for (i, s) in stored.enumerated() {
            if let d = known[i] {
                read.append((s, d))
            } else if let json = try? JSONParser.parse(s.declaration), let d = try? MaterialDeclaration.decode(json) {
                read.append((s, d))
                added.append((keys[i], d))
            }
        }
        if !added.isEmpty {
            entries.withLock { entries in
                if entries.count + added.count > capacity { entries.removeAll(keepingCapacity: true) }
                for (k, d) in added { entries[k] = d }
            }
        }
        return read
    }
}
