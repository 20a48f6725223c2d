import ArgumentParser
import Foundation
import JunkanLedger
import JunkanServer
import JunkanSQLite

struct Verify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Audit a node's database: every event hash, leaf, tile and checkpoint recomputed from what is stored.",
        discussion: "Exits 1 and names each event, leaf, tile or checkpoint that does not match.")

    @OptionGroup var db: DatabaseOptions
    @Option(help: "The log's verifier key (default: the key file beside the database).") var key: String?

    func run() async throws {
        guard FileManager.default.fileExists(atPath: db.database) else { throw ValidationError("no database at \(db.database)") }
        let store = try SQLiteStore(path: db.database)
        var logKey: NoteVerifierKey?
        if let key { logKey = try NoteVerifierKey(parsing: key) } else {
            let path = LogKeyFile.path(database: db.database, suffix: "log-key")
            if FileManager.default.fileExists(atPath: path) {
                logKey = try NoteSigner(parsing: try String(contentsOfFile: path, encoding: .utf8)).verifierKey
            }
        }
        let report = try await LogAudit(store: store, logKey: logKey).run()
        for f in report.findings { print("MISMATCH \(f)") }
        print("checked \(report.events) events, \(report.leaves) leaves, \(report.tiles) tiles, \(report.checkpoints) checkpoints"
              + (logKey == nil ? " (no log key: checkpoint signatures not checked)" : "") + ": "
              + (report.findings.isEmpty ? "all consistent" : "\(report.findings.count) mismatches"))
        if !report.findings.isEmpty { throw ExitCode(1) }
    }
}

struct VerifyProof: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-proof",
        abstract: "Verify a tlog-proof (C2SP tlog-proof@v1) offline: checkpoint signature, witness cosignatures, inclusion, leaf.")

    @Argument(help: "The proof file (from GET /tlog/proof), or - for standard input.") var file: String
    @Option(help: "The log's verifier key (name+id+key).") var key: String
    @Option(name: .customLong("witness"), help: "A trusted witness's cosignature verifier key (repeatable).") var witnesses: [String] = []
    @Option(help: "How many of the witnesses must have cosigned.") var quorum: Int = 0
    @Option(help: "The event hash the proof must be for (ni:///sha-256;…?ver=CBV2.0).") var eventHash: String?

    func run() async throws {
        let data = file == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: file))
        let proof = try TlogProof(parsing: String(decoding: data, as: UTF8.self))
        guard let extra = proof.extra else { throw ValidationError("the proof carries no leaf (extra line); Junkan proofs always do") }
        let leaf = try CaptureLeaf(parsing: extra)
        if let eventHash, eventHash != leaf.eventHashURI {
            throw ValidationError("the proof is for event \(leaf.eventHashURI), not \(eventHash)")
        }
        let checkpoint = try proof.verify(leafHash: .leaf(extra), logKey: try NoteVerifierKey(parsing: key),
                                          witnessKeys: try witnesses.map(NoteVerifierKey.init(parsing:)), witnessQuorum: quorum)
        print("OK: event \(leaf.eventHashURI), captured by \(leaf.organisationID) at "
              + "\(Date(timeIntervalSince1970: Double(leaf.recordTime) / 1000)), is leaf \(proof.index) of \(checkpoint.origin) "
              + "at size \(checkpoint.size)")
    }
}
