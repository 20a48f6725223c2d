import Crypto
import Foundation
import JunkanCore
import JunkanLedger
import JunkanNode
import JunkanSQLite
import JunkanStore
import JunkanTestSupport
import Testing

/// Several processes over one database (issue 26, item 5), as two stores opened on one SQLite file: each keeps its
/// own trace index and integrator, as each `junkan serve` process does.
@Suite struct SharedStoreTests {
    static let signer = try! NoteSigner(name: "shared.test/log", privateKey: .init())

    static func capture(_ store: any NodeDatabase, _ events: [JSONValue], trace: TraceIndex? = nil) async throws {
        let org = try await store.organisations().first!
        let service = CaptureService(store: store, trace: trace)
        _ = try await service.capture(SampleEvents.document(events), organisation: org, behaviour: .rollback, jobID: UUID().uuidString)
    }

    @Test(.temporarySQLiteStore) func eachProcessesTraceIndexCatchesUpWithWhatTheOthersCommitted() async throws {
        let tmp = try TemporaryStore.forTest()
        _ = try await tmp.organisation()
        let other = try SQLiteStore(path: tmp.path)
        let mine = TraceIndex(store: tmp.store)
        let theirs = TraceIndex(store: other)
        try await Self.capture(tmp.store, [SampleEvents.transformation(1)], trace: mine)
        #expect(try await mine.snapshot().version == 1)
        // The other process's index never saw that capture: it reads it from the store.
        #expect(try await theirs.snapshot().version == 1)
        try await Self.capture(other, [SampleEvents.transformation(2), SampleEvents.transformation(3)], trace: theirs)
        #expect(try await mine.snapshot().version == 3)
        #expect(try await theirs.snapshot().version == 3)
        let id = CBVCanonical.identifier("urn:epc:class:lgtin:4012345.054321.C3")
        let graphs = (try await mine.snapshot(), try await theirs.snapshot())
        #expect(graphs.0.contains(id) && graphs.1.contains(id))
    }

    @Test(.temporarySQLiteStore) func oneProcessIntegratesAndAnotherTakesOverWhenItsLeaseRunsOut() async throws {
        let tmp = try TemporaryStore.forTest()
        _ = try await tmp.organisation()
        let other = try SQLiteStore(path: tmp.path)
        let a = LogIntegrator(store: tmp.store, signer: Self.signer, leaseDuration: .seconds(5))
        let b = LogIntegrator(store: other, signer: Self.signer, leaseDuration: .seconds(5))
        try await Self.capture(tmp.store, (0..<300).map { SampleEvents.objectEvent($0) })
        #expect(try await a.integrateIfLeader(now: 1_000))
        #expect(try await b.integrateIfLeader(now: 1_500) == false)
        #expect(try await tmp.store.latestCheckpoint()?.size == 300)
        // The first stops renewing (it died); after its lease runs out the second integrates what came since, from the
        // first one's tiles.
        try await Self.capture(other, (300..<600).map { SampleEvents.objectEvent($0) })
        #expect(try await b.integrateIfLeader(now: 5_999) == false)
        #expect(try await b.integrateIfLeader(now: 6_000))
        #expect(try await other.latestCheckpoint()?.size == 600)
        // The first comes back, and takes over again once the second stops: its own tree is out of date and reloaded.
        try await Self.capture(tmp.store, (600..<700).map { SampleEvents.objectEvent($0) })
        #expect(try await a.integrateIfLeader(now: 11_000))
        let checkpoints = try await tmp.store.checkpoints()
        #expect(checkpoints.map(\.size) == [0, 300, 600, 700])
        // Every checkpoint extends the one before: the audit finds one log, whoever integrated.
        let leaves = try await tmp.store.leaves(from: 0, limit: 1_000)
        var tree = TileIntegrator()
        _ = try tree.append(leaves)
        #expect(try #require(checkpoints.last).root == tree.root.bytes)
        let audit = try await LogAudit(store: tmp.store, logKey: Self.signer.verifierKey).run()
        #expect(audit.findings.map(\.description) == [] && audit.events == 700 && audit.checkpoints == 4)
    }
}

/// A capture stamped before one that committed first is committed at the later time, with its leaves signed again over
/// it: the audit (which checks every leaf's signature and record time against the event) still finds nothing.
@Suite struct LateCaptureTests {
    @Test(.temporarySQLiteStore) func aLateCaptureIsRestampedAndItsLeavesStillVerify() async throws {
        let tmp = try TemporaryStore.forTest()
        let org = try await tmp.organisation()
        func records(_ range: Range<Int>, now: Int64) throws -> [EventRecord] {
            var r = try CaptureService.prepare(
                SampleEvents.document(range.map { SampleEvents.objectEvent($0) }), organisationID: org.id, behaviour: .rollback, jobID: "j",
                now: now
            ).records
            try CaptureAttestation.attachLeaves(to: &r, organisation: org, signature: nil)
            return r
        }
        _ = try await tmp.store.capture(try records(0..<3, now: 5_000_000), restamp: CaptureService.restamp(organisation: org))
        let late = try records(3..<6, now: 1_000_000)
        _ = try await tmp.store.capture(late, restamp: CaptureService.restamp(organisation: org))
        let stored = try #require(try await tmp.store.event(id: late[0].eventID))
        #expect(stored.recordTime == 5_000_000)
        _ = try await LogIntegrator(store: tmp.store, signer: SharedStoreTests.signer).integrate()
        let audit = try await LogAudit(store: tmp.store, logKey: SharedStoreTests.signer.verifierKey).run()
        #expect(audit.findings.map(\.description) == [] && audit.leaves == 6)
    }
}
