import Foundation
public import JunkanLedger
public import JunkanStore
public import Logging

/// The integrate → checkpoint → witness steps of the log pipeline (after Tessera's append lifecycle): takes the
/// leaves sequenced since the last checkpoint, extends the tree, stores the new tiles and a checkpoint signed with
/// the log key in one transaction, then asks the configured witnesses to cosign it. Several processes may serve one
/// database: `run` integrates only while this process holds the store's integration lease, and a step always starts
/// from the latest stored checkpoint, whoever signed it.
public actor LogIntegrator {
    package let store: any LedgerStore
    package let signer: NoteSigner
    package let witnesses: [WitnessClient]
    package let reader: LogReader
    package let logger: Logger
    /// Leaves per checkpoint at most, so one step stays a short transaction.
    package let batchLimit: Int
    private var tree: TileIntegrator?
    /// The size each witness is known to have cosigned, and when it was last asked in vain: a witness that was down when
    /// a checkpoint was made is asked again while the log is quiet, not only at the next checkpoint.
    private var witnessed: [String: UInt64] = [:]
    private var lastAsked: [String: ContinuousClock.Instant] = [:]
    /// How long a witness that did not cosign is left before it is asked again.
    package let witnessRetry: Duration
    /// This process, as the integration lease names it.
    public nonisolated let leaseHolder = "integrator-" + UUID().uuidString.lowercased()
    /// How long a lease lasts (ms) unless renewed: another process takes over this long after this one stops.
    package let leaseDuration: Int64

    public init(
        store: any LedgerStore, signer: NoteSigner, witnesses: [WitnessClient] = [], reader: LogReader? = nil,
        batchLimit: Int = 65_536, leaseDuration: Duration = .seconds(5), witnessRetry: Duration = .seconds(10),
        logger: Logger = Logger(label: "junkan.log")
    ) {
        self.witnessRetry = witnessRetry
        self.store = store
        self.signer = signer
        self.witnesses = witnesses
        self.reader = reader ?? LogReader(store: store)
        self.batchLimit = batchLimit
        self.leaseDuration = leaseDuration.components.seconds * 1000 + leaseDuration.components.attoseconds / 1_000_000_000_000_000
        self.logger = logger
    }

    public nonisolated var origin: String { signer.name }
    public nonisolated var verifierKey: NoteVerifierKey { signer.verifierKey }

    /// Integrates everything sequenced so far; returns the checkpoints it signed (the empty tree's on first run).
    @discardableResult
    public func integrate() async throws -> [StoredCheckpoint] {
        do { return try await integrateSteps() } catch {
            // Another process may have integrated meanwhile (a lease that ran out during a long pause): start the next
            // step again from what is stored.
            tree = nil
            throw error
        }
    }

    /// Integrates while this process holds the integration lease (taking or renewing it first); false when another
    /// process holds it. A process that loses the lease forgets its tree: it reloads it if it becomes the integrator again.
    @discardableResult
    public func integrateIfLeader(now: Int64? = nil) async throws -> Bool {
        let now = now ?? Int64(Date().timeIntervalSince1970 * 1000)
        guard try await store.takeIntegrationLease(holder: leaseHolder, now: now, duration: leaseDuration) else {
            tree = nil
            return false
        }
        try await integrate()
        return true
    }

    private func integrateSteps() async throws -> [StoredCheckpoint] {
        var signed: [StoredCheckpoint] = []
        var tree: TileIntegrator
        let latest = try await store.latestCheckpoint()
        if let loaded = self.tree, loaded.size == latest?.size {
            tree = loaded
        } else if let latest {
            // The actor's copy is the state while this process alone integrates; after another process signed a
            // checkpoint (it held the lease), the tree is loaded again from the stored tiles.
            tree = try await loadTree(at: latest)
        } else {
            tree = TileIntegrator()
            signed.append(try await commit(tiles: [:], size: 0, root: .emptyTree))
        }
        self.tree = tree
        while true {
            let leaves = try await store.leaves(from: tree.size, limit: batchLimit)
            if leaves.isEmpty { break }
            var next = tree
            let step = try next.append(leaves)
            signed.append(try await commit(tiles: step.tiles, size: step.size, root: step.root))
            tree = next
            self.tree = next
        }
        if let last = signed.last {
            await submitToWitnesses(last)
        } else if let latest {
            await catchUpWitnesses(latest)
        }
        return signed
    }

    /// Integrates every `interval`, while this process holds the integration lease, until the task is cancelled.
    public func run(every interval: Duration) async {
        while !Task.isCancelled {
            do { try await integrateIfLeader() } catch { logger.error("log integration failed: \(error)") }
            try? await Task.sleep(for: interval)
        }
    }

    private func commit(tiles: [TilePath: [UInt8]], size: UInt64, root: TreeHash) async throws -> StoredCheckpoint {
        let note = try signer.sign(Checkpoint(origin: signer.name, size: size, root: root).text)
        let checkpoint = StoredCheckpoint(size: size, root: root.bytes, note: note, createdAt: Int64(Date().timeIntervalSince1970 * 1000))
        try await store.commitIntegration(tiles: tiles, checkpoint: checkpoint)
        return checkpoint
    }

    /// The tree as of the latest checkpoint, from its rightmost tiles; its root must be the checkpoint's.
    private func loadTree(at latest: StoredCheckpoint) async throws -> TileIntegrator {
        let store = self.store
        let loaded = try await TileIntegrator.resuming(size: latest.size) { try await store.tile(level: $0, index: $1) }
        guard loaded.root.bytes == latest.root else {
            throw LedgerError.proofMismatch(
                "the stored tiles give root \(loaded.root) for size \(latest.size), the checkpoint says "
                    + Base64.encode(latest.root) + "; run `junkan verify`")
        }
        return loaded
    }

    /// C2SP tlog-witness: send each witness the checkpoint with a consistency proof from the size it last
    /// cosigned; on 409 it tells us that size, and we try once more from there.
    private func submitToWitnesses(_ checkpoint: StoredCheckpoint) async {
        for witness in witnesses { await submit(checkpoint, to: witness) }
    }

    /// The latest checkpoint again to each witness that has not cosigned it (it was down, or refused for a while), at most
    /// every `witnessRetry`.
    private func catchUpWitnesses(_ latest: StoredCheckpoint) async {
        for witness in witnesses where witnessed[witness.name] != latest.size {
            if let asked = lastAsked[witness.name], asked.duration(to: .now) < witnessRetry { continue }
            do {
                let size = try await store.witnessedSize(witness: witness.name)
                if size == latest.size {
                    witnessed[witness.name] = size
                    continue
                }
            } catch { continue }
            await submit(latest, to: witness)
        }
    }

    private func submit(_ checkpoint: StoredCheckpoint, to witness: WitnessClient) async {
        lastAsked[witness.name] = .now
        do {
            var old = try await store.witnessedSize(witness: witness.name)
            for _ in 0..<2 {
                let proof = old == 0 || old > checkpoint.size ? [] : try await reader.consistencyProof(from: old, to: checkpoint.size)
                switch try await witness.addCheckpoint(oldSize: old, proof: proof, note: checkpoint.note) {
                case .cosigned(let line):
                    try await store.addCosignatures(size: checkpoint.size, lines: [witness.name: line])
                    try await store.setWitnessedSize(witness: witness.name, size: checkpoint.size)
                    witnessed[witness.name] = checkpoint.size
                    old = checkpoint.size
                case .conflict(let size):
                    old = size
                    continue
                }
                break
            }
        } catch {
            logger.warning("witness \(witness.name) did not cosign checkpoint \(checkpoint.size): \(error)")
        }
    }
}
