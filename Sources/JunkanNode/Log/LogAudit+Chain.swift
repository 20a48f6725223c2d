import JunkanCore
public import JunkanLedger
import JunkanStore

extension LogAudit {
    /// Checkpoint rows form a chain (each names the size stored before it, migration v12): a break is a deleted row.
    /// A size a witness cosigned must be stored too.
    func auditCheckpointChain(_ audit: inout Progress) async throws {
        let (checkpoints, cosigned) = try await store.auditCheckpointChain()
        let sizes = Set(checkpoints.map(\.size))
        var before: UInt64 = 0
        for cp in checkpoints {
            if let previous = cp.previous, previous != before {
                audit.flag(
                    "checkpoint \(cp.size)",
                    sizes.contains(previous) || previous == 0
                        ? "was stored after checkpoint \(previous), but follows \(before) in the store"
                        : "was stored after checkpoint \(previous), which is no longer stored (a deleted checkpoint row)")
            }
            before = cp.size
        }
        for size in Set(cosigned).subtracting(sizes).sorted() {
            audit.flag("checkpoint \(size)", "a witness cosigned it, but it is not stored (a deleted checkpoint row)")
        }
    }

    /// No stored tile or entry bundle reaches past the latest checkpoint: the store keeps each position's widest version,
    /// which the latest checkpoint signs, so anything wider was added after it (an extended tile) or outlived its
    /// checkpoint (a deleted checkpoint row).
    func auditStoredTileWidths(_ audit: inout Progress, latest: StoredCheckpoint?) async throws {
        let size = latest?.size ?? 0
        var expected: [String: Int] = [:]
        for path in TilePath.tiles(forTreeSize: size) { expected["\(path.level ?? -1)/\(path.index)"] = path.width }
        for n in 0..<((size + 255) / 256) { expected["-1/\(n)"] = Int(min(256, size - n * 256)) }
        for t in try await store.auditTiles() {
            let width: Int
            if t.level != nil {
                width = t.bytes / 32
            } else {
                let bundle = try await store.tile(level: nil, index: t.index)
                width = bundle.flatMap { try? EntryBundle.decode($0).count } ?? -1
            }
            let name = TilePath(level: t.level, index: t.index, width: max(1, min(width, 256))).description
            guard let signed = expected["\(t.level ?? -1)/\(t.index)"] else {
                audit.flag(name, "is stored, but the latest checkpoint (size \(size)) has no such tile: added after it, or its checkpoint was deleted")
                continue
            }
            if width != signed {
                audit.flag(
                    name,
                    "holds \(width) \(t.level == nil ? "entries" : "hashes"); the latest checkpoint (size \(size)) signs \(signed): "
                        + "extended past its signed width, or its checkpoint was deleted")
            }
        }
    }

    /// Rollback: the store against the sizes (and roots) witnesses cosigned or a saved checkpoint holds.
    func auditFloors(_ audit: inout Progress, latest: StoredCheckpoint?, tree: LeafHashes) throws {
        for floor in floors {
            let subject = "log size"
            if tree.count < floor.size {
                audit.flag(
                    subject,
                    "the store holds \(tree.count) leaves, but \(floor.source) says the log reached \(floor.size): "
                        + "\(floor.size - tree.count) leaves and their events were removed (a rollback)")
                continue
            }
            if (latest?.size ?? 0) < floor.size {
                audit.flag(subject, "the latest stored checkpoint is \(latest?.size ?? 0), but \(floor.source) holds checkpoint \(floor.size)")
            }
            if let root = floor.root, try tree.rootHash(size: floor.size) != root {
                audit.flag(subject, "the stored leaves give another tree at size \(floor.size) than \(floor.source) (root \(root))")
            }
        }
    }
}
