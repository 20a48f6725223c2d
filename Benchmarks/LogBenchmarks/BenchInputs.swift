import Crypto
import Foundation
import JunkanCore
import JunkanLedger
import JunkanSQLite
import JunkanStore

/// What the log benchmarks run on: signed leaves, a built tree kept as tiles in memory, fresh SQLite stores and a
/// random capture document.
enum BenchInputs {
    static let organisationID = "org-bench"
    static let key = Curve25519.Signing.PrivateKey()

    /// `count` real capture leaves (hosted-key attestation, signed), with distinct event hashes.
    static func leaves(_ count: Int, from start: Int = 0) -> [[UInt8]] {
        (start..<(start + count)).map { i in
            try! CaptureLeaf.signed(eventHash: digest(i), recordTime: 1_763_700_000_000 + Int64(i), organisationID: organisationID,
                                    key: key).bytes
        }
    }

    static func digest(_ i: Int) -> [UInt8] { Array(SHA256.hash(data: Array("event \(i)".utf8))) }

    /// Event records that carry the given leaves, as capture would store them (minimal JSON: the benchmark is the log).
    static func records(leaves: [[UInt8]], from start: Int) -> [EventRecord] {
        leaves.enumerated().map { k, leaf in
            let hash = EventHash.uri(digest: digest(start + k))
            return EventRecord(eventID: hash, eventHash: hash, type: "ObjectEvent", eventTime: 0, recordTime: 0, action: "OBSERVE",
                               bizStep: nil, disposition: nil, readPoint: nil, bizLocation: nil, transformationID: nil,
                               organisationID: organisationID, identifiers: [], json: "{}", leaf: leaf)
        }
    }

    /// A new SQLite database in a temporary folder (removed by `discard`).
    static func freshStore() throws -> (SQLiteStore, URL) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("junkan-bench-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return (try SQLiteStore(path: dir.appendingPathComponent("db.sqlite").path), dir)
    }

    static func discard(_ dir: URL) { try? FileManager.default.removeItem(at: dir) }

    /// The capture document: `JUNKAN_BENCH_DOC` if set, else 10,000 random events from scripts/random_epcis.py.
    static func captureDocument() throws -> JSONValue {
        let data: Data
        if let path = ProcessInfo.processInfo.environment["JUNKAN_BENCH_DOC"] {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } else {
            let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("scripts/random_epcis.py")
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = ["python3", script.path, "2001", "10000"]
            let out = Pipe()
            p.standardOutput = out
            try p.run()
            data = out.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
        }
        return try JSONParser.parse(Array(data))
    }
}
