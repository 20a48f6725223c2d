import JunkanLedger
import JunkanStore

extension LogAudit {
    /// The release records beside the log (issue 27, item 6), each checked against its leaf in `auditLeaves`.
    func loadReleaseRecords(_ audit: inout Progress) async throws {
        var from: UInt64 = 0
        while true {
            let batch = try await store.releaseRecords(from: from, limit: 5000)
            guard let last = batch.last?.leafIndex else { break }
            for r in batch { if let i = r.leafIndex { audit.releases[i] = r } }
            from = last + 1
        }
    }

    /// A release leaf against the record stored for it: the leaf rebuilt from the record must be the leaf logged (an
    /// edited requester, time or event list changes it), and every event it names must be stored here, of an
    /// organisation the leaf names.
    static func checkRelease(_ l: AuditedLeaf, index: UInt64, _ audit: inout Progress) {
        audit.report.releases += 1
        let subject = "leaf \(index)"
        guard let leaf = try? ReleaseLeaf(parsing: l.leaf) else { audit.flag(subject, "not a well-formed release record leaf"); return }
        if l.eventHash != ReleaseRecord.leafKey(index: index) { audit.flag(subject, "is a release record, indexed as \(l.eventHash)") }
        guard let record = audit.releases[index] else {
            audit.flag(subject, "records a release to \(leaf.requester) that is not stored (a deleted release record)")
            return
        }
        guard let rebuilt = try? record.leaf, rebuilt == leaf else {
            audit.flag(subject, "differs from its stored release record (requester, time, organisations or events were edited)")
            return
        }
        for hash in record.eventHashes {
            guard let event = audit.eventsByHash[hash] else {
                audit.flag(subject, "records the release of event \(hash), which is not stored")
                continue
            }
            if !record.organisations.contains(event.organisationID) {
                audit.flag(subject, "releases event \(hash) of \(event.organisationID), an organisation the record does not name")
            }
        }
    }
}
