import ArgumentParser
import Foundation
import JunkanCore
import JunkanLedger
import JunkanNode
import JunkanServer
import JunkanStore

/// `junkan demo --nodes 3` (issue 27, item 8): the demo's product loop across three nodes, each a SQLite database with its
/// own log and key, served from this process: the recycler and the compounder on the first (PORT), the molder on the
/// second (PORT+1), the maker and the market authority on the third (PORT+2). Each node pins the other two as `junkan
/// peer add` would, from the description, did:web document and key each serves, and witnesses their logs (`junkan serve
/// --witness-peers`), so each log is cosigned by the other two nodes; every organisation releases its events to partners.
/// The maker's passport then shows the whole trail, each step with the node that vouches for it.
struct DemoNodes {
    let host: String
    let port: Int
    let database: String

    static let names = ["recycler", "molder", "maker"]

    func run() async throws {
        let stem = database.hasSuffix(".sqlite") ? String(database.dropLast(".sqlite".count)) : database
        let paths = Self.names.map { "\(stem)-\($0).sqlite" }
        let urls = (0..<3).map { "http://\(host):\(port + $0)" }
        for p in paths { try Demo.fresh(sqlite: p) }
        let options = try paths.map { try DatabaseOptions.parse(["--database", $0]) }
        var stores: [any NodeDatabase] = []
        for o in options { stores.append(try await o.open()) }

        let recycler = try await stores[0].addOrganisation(
            name: "Junkan Demo Recycler", tokenHash: TokenHash.sha256Hex(TokenHash.newToken()), key: .newHosted())
        try await DemoPassports.register(DemoPassports.recyclerPrefixes, of: recycler, in: stores[0])
        let outcome = try await CaptureService(store: stores[0]).capture(DemoTrace.document, organisation: recycler, behaviour: .rollback, jobID: "demo")
        guard outcome.job.errors.isEmpty else { throw ValidationError("demo events do not capture: \(outcome.job.errors)") }
        let materials = try await DemoMaterialsLoad.run(store: stores[0], owner: recycler.id)
        let loop = try await DemoPassports.load(
            stores: .init(recycler: stores[0], compounder: stores[0], molder: stores[1], maker: stores[2], federated: true), recycler: recycler)
        for file in try DemoCircularity.files() {
            if let error = try await CircularityImportRun.run(
                bytes: Array(file.text.utf8), fileName: file.name, store: stores[2], organisationID: loop.makerID, by: "junkan demo")
            {
                throw ValidationError("demo data does not import: \(error)")
            }
        }
        for store in stores {
            for o in try await store.organisations() { try await store.setReleasePolicy(organisationID: o.id, .partners) }
        }

        // Each node's log key and peer-witness key (as `junkan serve` makes them), and the peers pinned. Node j's log is
        // cosigned by the witnesses of the other two.
        let signers = try (0..<3).map { try LogKeyFile.loadOrCreate(path: options[$0].keyFile("log-key"), name: "\(host):\(port + $0)/tlog") }
        let witnessKeys = try (0..<3).map {
            Cosignature.verifierKey(of: try LogKeyFile.loadOrCreate(path: options[$0].keyFile("witness-key"), name: "\(host):\(port + $0)/witness"))
        }
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        for i in 0..<3 {
            for j in 0..<3 where j != i {
                let description = NodeDescription.of(
                    baseURL: urls[j], logKey: signers[j].verifierKey, witnessKeys: (0..<3).filter { $0 != j }.map { witnessKeys[$0] },
                    organisations: try await stores[j].organisations(), ownership: try await stores[j].identifierOwnership()
                )
                .witnessing(with: witnessKeys[j])
                let did = DIDWeb.document(did: DIDWeb.did(baseURL: urls[j]), publicKey: signers[j].verifierKey.publicKey)
                try await stores[i].addPeer(
                    Peer(
                        baseURL: urls[j], logOrigin: signers[j].name, logKey: signers[j].verifierKey.description, didDocument: JSONWriter.string(did),
                        description: JSONWriter.string(description.json), addedAt: now))
            }
        }

        let maker = urls[2]
        let item = PercentEncoding.encode(DemoPassports.item(DemoPassports.serials[0]))
        print(
            """
            Demo across three nodes (\(outcome.result.stored.count + loop.events) trace events, \(materials)):
              \(urls[0])  recycler and compounder  (\(paths[0]))
              \(urls[1])  molder                   (\(paths[1]))
              \(urls[2])  maker, market authority  (\(paths[2]))
            The maker's passport, its trail from all three nodes (an authority sees more with: Authorization: Bearer \(loop.authorityToken)):
            \(DemoPassports.urls(base: maker).joined(separator: "\n"))
            \(maker)/trace/upstream?id=\(item)
            \(maker)/trace/footprint?id=\(item)
            \(maker)/federation/status
            \(urls[0])/materials/offers.html
            \(maker)/reports/circularity.html?fiscalYear=2023
            Check a saved passport offline (curl -o nb.jwt '\(maker)/passports/01/\(DemoPassports.notebookGTIN)/21/\(DemoPassports.serials[0])?format=vc%2Bjwt'; \
            did.json from \(maker)/orgs/\(loop.makerID)/did.json):
              junkan verify-passport nb.jwt --did-document did.json \(signers.map { "--log-key \($0.verifierKey)" }.joined(separator: " ")) \
            \(witnessKeys.map { "--witness \($0)" }.joined(separator: " ")) --quorum 1
            """)
        fflush(nil)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<3 {
                // The others' witnesses start with them: a checkpoint one could not cosign yet is offered again.
                let witnesses = (0..<3).filter { $0 != i }.flatMap { ["--witness", "\(urls[$0])/witness=\(witnessKeys[$0])"] }
                let serve = try Serve.parse(["--host", host, "--port", String(port + i), "--database", paths[i], "--witness-peers"] + witnesses)
                group.addTask { try await serve.run() }
            }
            // The nodes stop on SIGTERM/SIGINT; then stop the others too.
            try await group.next()
            group.cancelAll()
        }
    }
}
