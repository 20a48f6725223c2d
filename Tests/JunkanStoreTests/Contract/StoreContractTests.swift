import JunkanCore
import JunkanNode
import JunkanStore
import JunkanTestSupport
import Testing

/// The store contract (issue 26, item 2): every requirement of every store protocol, as one suite each backend must
/// pass — `StoreBackend.available` lists the backends this run reaches. Each promise the protocols' doc comments make
/// is a test here; a backend-specific test (a file surviving a reopen, a migration) stays with its backend.
@Suite struct StoreContractTests {
    static let context = SampleEvents.context

    /// Stored records of sample events `range` as capture makes them, each with a log leaf of its own.
    static func records(
        _ range: Range<Int>, org: String = "org-1", recordTime: Int64 = 1_000, transformation: Bool = false
    ) throws -> [EventRecord] {
        let decoder = EPCISEventDecoder(context: context)
        let hasher = EventHash.Hasher(context: context)
        return try range.map { n in
            let raw = transformation ? SampleEvents.transformation(n) : SampleEvents.objectEvent(n, bizStep: n % 2 == 0 ? "shipping" : "receiving")
            var r = try CaptureService.record(
                for: try decoder.decode(raw), raw: raw, context: context, hasher: hasher, organisationID: org,
                recordTime: recordTime + Int64(n))
            r.leaf = Array("leaf of \(r.eventHash)".utf8)
            return r
        }
    }

    /// Every event `query` matches, page by page.
    static func all(_ store: any ContractStore, _ query: EventQuery) async throws -> [EventRecord] {
        var q = query
        var seen: [EventRecord] = []
        while true {
            let page = try await store.events(matching: q)
            seen += page.events
            guard let next = page.next else { return seen }
            q.after = next
        }
    }
}
