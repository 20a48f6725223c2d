import ArgumentParser
import Foundation
import JunkanCore
import JunkanLedger
import JunkanNode
import JunkanStore

struct Verify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Audit a node's database: every event hash, index row, leaf, tile and checkpoint recomputed from what is stored.",
        discussion: """
            Exits 1 and names each event, index row, leaf, tile or checkpoint that does not match. With --witness or \
            --checkpoint it also finds a rollback: a log smaller than a witness cosigned or than a saved checkpoint \
            (docs/log-format.md).
            """)

    @OptionGroup var db: DatabaseOptions
    @Option(help: "The log's verifier key (default: the node's key file: beside a SQLite database, in --key-dir on PostgreSQL).") var key: String?
    @Option(
        name: .customLong("witness"),
        help: "A witness of this log, URL=VERIFIER-KEY (repeatable): the store must hold at least the size it last cosigned.")
    var witnesses: [String] = []
    @Option(
        name: .customLong("checkpoint"),
        help: "A checkpoint of this log saved earlier (GET /tlog/checkpoint; repeatable): the store must hold its tree.")
    var checkpoints: [String] = []

    func validate() throws {
        for w in witnesses { _ = try WitnessClient(parsing: w) }
    }

    func run() async throws {
        if let path = db.sqlitePath, !FileManager.default.fileExists(atPath: path) { throw ValidationError("no database at \(path)") }
        let store = try await db.open()
        var logKey: NoteVerifierKey?
        if let key {
            logKey = try NoteVerifierKey(parsing: key)
        } else {
            let path = db.keyFile("log-key")
            if FileManager.default.fileExists(atPath: path) {
                logKey = try NoteSigner(parsing: try String(contentsOfFile: path, encoding: .utf8)).verifierKey
            }
        }
        // Rollback: what is known outside the database.
        var floors: [LogAudit.Floor] = []
        if !checkpoints.isEmpty {
            guard let logKey else { throw ValidationError("--checkpoint needs the log's key (--key, or the key file beside the database)") }
            for file in checkpoints {
                floors.append(
                    try RollbackCheck.checkpointFloor(
                        note: try String(contentsOfFile: file, encoding: .utf8), logKey: logKey, source: "checkpoint file \(file)"))
            }
        }
        let witnessed = await RollbackCheck.witnessFloors(try witnesses.map(WitnessClient.init(parsing:)), store: store)
        floors += witnessed.floors
        for w in witnessed.unreachable { print("UNCHECKED witness \(w)") }
        let report = try await LogAudit(store: store, logKey: logKey, floors: floors).run()
        for f in report.findings { print("MISMATCH \(f)") }
        print(
            "checked \(report.events) events, \(report.leaves) leaves (\(report.releases) release records), \(report.tiles) tiles, \(report.checkpoints) checkpoints"
                + (logKey == nil ? " (no log key: checkpoint signatures not checked)" : "") + ": "
                + (report.findings.isEmpty ? "all consistent" : "\(report.findings.count) mismatches"))
        // Kept for the log page (GET /log): when the node was last audited, and what was found.
        let record = AuditRecord(
            at: Int64(Date().timeIntervalSince1970 * 1000), events: report.events, leaves: report.leaves, tiles: report.tiles,
            checkpoints: report.checkpoints, signaturesChecked: logKey != nil,
            problems: report.findings.map { "\($0)" } + witnessed.unreachable.map { "witness \($0) could not be asked" })
        try await store.replaceNodeSetting(.lastAudit, with: record.json)
        if !report.findings.isEmpty || !witnessed.unreachable.isEmpty { throw ExitCode(1) }
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
        let checkpoint = try proof.verify(
            leafHash: .leaf(extra), logKey: try NoteVerifierKey(parsing: key),
            witnessKeys: try witnesses.map(NoteVerifierKey.init(parsing:)), witnessQuorum: quorum)
        print(
            "OK: event \(leaf.eventHashURI), captured by \(leaf.organisationID) at "
                + "\(Date(timeIntervalSince1970: Double(leaf.recordTime) / 1000)), is leaf \(proof.index) of \(checkpoint.origin) "
                + "at size \(checkpoint.size)")
    }
}

struct VerifyPassport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-passport",
        abstract: "Verify a saved passport credential offline: the maker's signature, and every trail event's log proof and checkpoint.",
        discussion: """
            FILE is the passport as application/vc+jwt (GET /passports/…?format=vc%2Bjwt). Give the maker's DID document \
            (GET /orgs/{id}/did.json, saved), the log's verifier key (GET /tlog/key) and the witnesses you trust. A trail \
            that crossed nodes has steps in each node's log: give each node's key (--log-key, repeated); each proof is \
            checked with the key of its checkpoint's origin. Prints one line per check and exits 1 if any fails.
            """)

    @Argument(help: "The credential file, or - for standard input.") var file: String
    @Option(help: "The issuer's DID document (did.json).") var didDocument: String?
    @Option(name: .customLong("log-key"), help: "A log's verifier key (name+id+key); repeat it for each node of a trail that crossed nodes.")
    var logKeys: [String]
    @Option(name: .customLong("witness"), help: "A trusted witness's cosignature verifier key (repeatable).") var witnesses: [String] = []
    @Option(help: "How many of the witnesses must have cosigned each checkpoint.") var quorum: Int = 0

    func run() async throws {
        let data = file == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: file))
        var did: JSONValue?
        if let didDocument {
            guard let d = try? JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: didDocument)))) else {
                throw ValidationError("\(didDocument) is not a JSON DID document")
            }
            did = d
        }
        guard !logKeys.isEmpty else { throw ValidationError("give at least one --log-key (GET /tlog/key of the node)") }
        let verifier = PassportVerifier(
            didDocument: did, logKeys: try logKeys.map(NoteVerifierKey.init(parsing:)),
            witnessKeys: try witnesses.map(NoteVerifierKey.init(parsing:)), witnessQuorum: quorum)
        let findings = verifier.verify(String(decoding: data, as: UTF8.self))
        for f in findings { print(f) }
        let failed = findings.filter { !$0.ok }.count
        print(failed == 0 ? "passport verified: \(findings.count) checks passed" : "\(failed) of \(findings.count) checks failed")
        if failed > 0 { throw ExitCode(1) }
    }
}
