import JunkanLedger
import JunkanStore
import JunkanTestSupport
import Testing

/// `MirrorStore`: a peer's mirrored tiles keep their widest version, a commit happens only from the size it was
/// computed from, and removing the peer removes its mirror.
extension StoreContractTests {
    @Test(arguments: StoreBackend.available) func mirrorsGrowOnlyFromTheSizeTheyWereComputedFrom(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let node = "https://b.example"
            try await store.addPeer(Self.peer(node, origin: "b.example/tlog"))
            #expect(try await store.mirroredCheckpoint(node: node) == nil)
            let first = Self.checkpoint(3)
            let partial: [UInt8] = Array(repeating: 7, count: 3 * 32)
            try await store.commitMirror(
                node: node, tiles: [TilePath(level: 0, index: 0, width: 3): partial, TilePath(level: nil, index: 0, width: 3): [0, 1, 9, 0, 1, 8, 0, 1, 7]],
                checkpoint: first, previousSize: nil)
            #expect(try await store.mirroredCheckpoint(node: node) == first)
            #expect(try await store.mirroredTile(node: node, level: 0, index: 0) == partial)
            #expect(try await store.mirroredTile(node: node, level: nil, index: 0) == [0, 1, 9, 0, 1, 8, 0, 1, 7])
            #expect(try await store.mirroredTile(node: "https://c.example", level: 0, index: 0) == nil)
            // Computed from a size that is no longer the mirror's: refused, nothing changed.
            await #expect(throws: MirrorStoreError.moved(node: node, expected: nil, found: 3)) {
                try await store.commitMirror(node: node, tiles: [:], checkpoint: Self.checkpoint(9), previousSize: nil)
            }
            // A wider version of a tile replaces it; a narrower one never does.
            let wider: [UInt8] = partial + Array(repeating: 8, count: 2 * 32)
            try await store.commitMirror(node: node, tiles: [TilePath(level: 0, index: 0, width: 5): wider], checkpoint: Self.checkpoint(5), previousSize: 3)
            try await store.commitMirror(
                node: node, tiles: [TilePath(level: 0, index: 0, width: 3): partial], checkpoint: Self.checkpoint(6), previousSize: 5)
            #expect(try await store.mirroredTile(node: node, level: 0, index: 0) == wider)
            #expect(try await store.mirrors() == [node: Self.checkpoint(6)])
            // Pinned again, a peer is mirrored from the start.
            #expect(try await store.removePeer(baseURL: node))
            #expect(try await store.mirrors().isEmpty)
            #expect(try await store.mirroredTile(node: node, level: 0, index: 0) == nil)
        }
    }
}
