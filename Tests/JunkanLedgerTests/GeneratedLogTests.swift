import Crypto
import Foundation
import JunkanCore
import JunkanLedger
import JunkanTestSupport
import Testing

/// `generated-aics-tlog/`: a 1000-entry log built by aics-tlog with fixed seeds. Our writer, fed the same entries
/// (700, then 300), must produce the same roots, signatures, proofs and byte-identical tiles.
@Suite struct GeneratedLogTests {
    static let dir = "tlog/generated-aics-tlog/"
    let spec: JSONObject
    let entries: [[UInt8]] = (0..<1000).map { Array("passport-event-\($0)".utf8) }
    let logSigner: NoteSigner
    let witnessSigner: NoteSigner

    init() throws {
        spec = try Fixtures.json(Self.dir + "cosigned-checkpoint-1000.json").objectValue!
        logSigner = try NoteSigner(
            name: "dpp.example/log1", privateKey: .init(rawRepresentation: hexBytes(spec["log"]!.objectValue!["ed25519_seed_hex"]!.stringValue!)))
        witnessSigner = try NoteSigner(
            name: "witness.example/w1", privateKey: .init(rawRepresentation: hexBytes(spec["witness"]!.objectValue!["ed25519_seed_hex"]!.stringValue!)))
    }

    @Test func keysMatch() {
        #expect(logSigner.verifierKey.description == spec["log"]!.objectValue!["vkey"]!.stringValue!)
        #expect(Cosignature.verifierKey(of: witnessSigner).description == spec["witness"]!.objectValue!["vkey_cosignature_v1"]!.stringValue!)
    }

    @Test func signedAndCosignedCheckpointIsByteIdentical() throws {
        var integrator = TileIntegrator()
        let result = try integrator.append(entries)
        let checkpoint = Checkpoint(origin: "dpp.example/log1", size: 1000, root: result.root)
        #expect(result.root.base64 == spec["checkpoint_1000"]!.objectValue!["root_b64"]!.stringValue!)
        var note = try SignedNote(parsing: try logSigner.sign(checkpoint.text))
        let cosig = try Cosignature.line(signer: witnessSigner, checkpointText: checkpoint.text, time: 1_767_000_000)
        note.signatures.append(cosig)
        let expected = spec["checkpoint_1000"]!.objectValue!["signed_note"]!.stringValue!
        #expect(note.serialized == expected)
        #expect(
            Cosignature.message(checkpointText: checkpoint.text, time: 1_767_000_000)
                == spec["cosignature"]!.objectValue!["signed_message"]!.stringValue!)
        // Both keys verify it; the file on disk is the same note.
        let (parsed, signed) = try Checkpoint.open(expected, logKey: logSigner.verifierKey)
        #expect(parsed == checkpoint)
        #expect(try signed.verify([Cosignature.verifierKey(of: witnessSigner)]).count == 1)
        #expect(try String(contentsOf: Fixtures.url(Self.dir + "log1000/checkpoint"), encoding: .utf8) == expected)
    }

    @Test func proofsEqualTheGeneratedOnes() throws {
        let tree = LeafHashes(entries.map { TreeHash.leaf($0) })
        #expect(try tree.rootHash(size: 700).base64 == spec["checkpoint_700"]!.objectValue!["root_b64"]!.stringValue!)
        #expect(try tree.consistencyProof(from: 700, to: 1000).map(\.base64) == spec["consistency_700_1000_b64"]!.arrayValue!.map { $0.stringValue! })
        #expect(try tree.inclusionProof(index: 523, size: 1000).map(\.base64) == spec["inclusion_523_1000_b64"]!.arrayValue!.map { $0.stringValue! })
    }

    /// Writing the log in two steps (700, then 300) produces every tile and entry bundle of `log1000/`
    /// byte for byte, and the tiles alone (read back through `TileHashSource`) give the same proofs.
    @Test func tilesAreByteIdentical() throws {
        var integrator = TileIntegrator()
        var written: [String: [UInt8]] = [:]
        var latest: [String: [UInt8]] = [:]  // what a store keeps: the widest tile per level and index
        func keep(_ tiles: [TilePath: [UInt8]]) {
            for (k, v) in tiles {
                written[k.description] = v
                latest["\(k.level.map(String.init) ?? "entries")/\(k.index)"] = v
            }
        }
        keep(try integrator.append(Array(entries[..<700])).tiles)
        // Resume from the stored state, as a restarted node does.
        var resumed = try TileIntegrator(size: 700, tile: { l, n in latest["\(l)/\(n)"] }, entryBundle: { n in latest["entries/\(n)"] })
        keep(try resumed.append(Array(entries[700...])).tiles)
        let files = Fixtures.files(under: String(Self.dir + "log1000/tile"), suffix: "").filter {
            var isDir: ObjCBool = false
            return FileManager.default.fileExists(atPath: Fixtures.url($0).path, isDirectory: &isDir) && !isDir.boolValue
        }
        #expect(files.count == 10)
        for f in files {
            let rel = String(f.dropFirst((Self.dir + "log1000/").count))
            let want = Array(try Data(contentsOf: Fixtures.url(f)))
            #expect(written[rel] == want, "\(rel)")
            _ = try TilePath(parsing: String(rel.dropFirst(5)))
        }
        let source = TileHashSource(size: 1000) { l, n, w in
            written[TilePath(level: l, index: n, width: w).description] ?? written[TilePath(level: l, index: n).description]
        }
        #expect(try source.rootHash(size: 1000) == resumed.root)
        #expect(try source.inclusionProof(index: 523, size: 1000).map(\.base64) == spec["inclusion_523_1000_b64"]!.arrayValue!.map { $0.stringValue! })
        #expect(try source.consistencyProof(from: 700, to: 1000).map(\.base64) == spec["consistency_700_1000_b64"]!.arrayValue!.map { $0.stringValue! })
        #expect(try EntryBundle.decode(written["tile/entries/003.p/232"]!) == Array(entries[768...]))
    }

    @Test func tilePathsMatchTheVectors() throws {
        let v = try Fixtures.json(Self.dir + "tile-paths.json").objectValue!
        let t70k = TilePath.tiles(forTreeSize: 70000)
        let s = v["size_70000"]!.objectValue!
        #expect(t70k.filter { $0.level == 0 && $0.isFull }.count == Int(s.uint("level0_full")!))
        #expect(t70k.filter { !$0.isFull }.map(\.description) == s["partials"]!.arrayValue!.map { $0.stringValue! })
        #expect(t70k.filter { $0.level == 1 && $0.isFull }.map(\.description) == s["level1_full"]!.arrayValue!.map { $0.stringValue! })
        #expect(TilePath.tiles(forTreeSize: 256).map(\.description) == v["size_256"]!.arrayValue!.map { $0.stringValue! })
        for (index, path) in v["index_encoding_examples"]!.objectValue! {
            #expect(TilePath.encode(index: UInt64(index)!) == path.stringValue!)
            #expect(try TilePath(parsing: "0/" + path.stringValue!).index == UInt64(index)!)
        }
    }

    @Test func nonCanonicalTilePathsAreRefused() throws {
        for bad in [
            "0/1", "0/0001", "0/x000/001", "00/000", "64/000", "0/000.p/0", "0/000.p/256", "0/000.p/07", "0/001/002",
            "entries/abc", "0", "0/x1/000", "-1/000"
        ] {
            #expect(throws: LedgerError.self, "\(bad)") { try TilePath(parsing: bad) }
        }
        #expect(try TilePath(parsing: "entries/x001/234.p/17") == TilePath(level: nil, index: 1234, width: 17))
    }
}
