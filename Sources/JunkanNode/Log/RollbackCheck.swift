public import JunkanLedger
public import JunkanStore

/// The sizes this log is known to have reached outside its own database — what its witnesses last cosigned, a saved
/// checkpoint — for `junkan verify` (`LogAudit.Floor`) and for `junkan serve`, which refuses to start on a log smaller
/// than its witnesses' (a database restored from an old backup, or events deleted with their leaves and checkpoints).
public enum RollbackCheck {
    /// The size `witness` last cosigned for this log: a C2SP tlog-witness `add-checkpoint` from size 0 with the latest
    /// stored checkpoint, which a witness that has cosigned any size refuses with 409 and that size (one that never saw
    /// the log cosigns it: the store's own size). Nil when the store has no checkpoint to ask with.
    public static func witnessedSize(by witness: WitnessClient, store: any LedgerStore) async throws -> UInt64? {
        guard let latest = try await store.latestCheckpoint() else { return nil }
        switch try await witness.addCheckpoint(oldSize: 0, proof: [], note: latest.note) {
        case .conflict(let size): return size
        case .cosigned: return latest.size
        }
    }

    /// Floors from every witness (unreachable witnesses are reported, not fatal).
    public static func witnessFloors(
        _ witnesses: [WitnessClient], store: any LedgerStore
    ) async -> (floors: [LogAudit.Floor], unreachable: [String]) {
        var floors: [LogAudit.Floor] = [], unreachable: [String] = []
        for w in witnesses {
            do {
                if let size = try await witnessedSize(by: w, store: store) {
                    floors.append(LogAudit.Floor(source: "witness \(w.name) (\(w.url))", size: size, root: nil))
                }
            } catch {
                unreachable.append("\(w.name) (\(w.url)): \(error)")
            }
        }
        return (floors, unreachable)
    }

    /// A saved checkpoint (`GET /tlog/checkpoint`, kept by an auditor) as a floor: its signature must verify with the
    /// log key.
    public static func checkpointFloor(note: String, logKey: NoteVerifierKey, source: String) throws -> LogAudit.Floor {
        let (checkpoint, _) = try Checkpoint.open(note, logKey: logKey)
        return LogAudit.Floor(source: source, size: checkpoint.size, root: checkpoint.root)
    }
}
