import ArgumentParser
import Foundation
import JunkanNode
import JunkanStore

/// `junkan mirror`: this node keeps a copy of its Junkan peers' logs and checks each new checkpoint against it (issue 27,
/// item 7; docs/federation.md). A split view found is stored as the walk's are: `/federation/status`, `/metrics`, and
/// the peer's steps unverified in every walk until it is pinned again.
struct Mirror: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Mirror the peers' logs (tiles and entry bundles) and check every new checkpoint against the mirror.",
        discussion: """
            Each round reads each peer's checkpoint (verified with its pinned key), fetches the entries since the size \
            mirrored, and checks that they extend the mirrored tree to the checkpoint's root. One line per peer and round \
            that changed something. Each round also reads the split views every peer lists (its witness, its walks, its \
            mirror) and records those whose two checkpoints check out with the keys pinned here. With --once, one round, \
            exiting 1 if a peer could not be mirrored or a split view was found.
            """)

    @Argument(help: "The peers to mirror (their base URLs; default: every Junkan peer).") var urls: [String] = []
    @Option(help: "Seconds between rounds.") var interval: Double = 10
    @Option(help: "Seconds a peer has to answer one request.") var peerTimeout: Double = 30
    @Flag(help: "One round, then exit.") var once = false
    @OptionGroup var db: DatabaseOptions

    func validate() throws {
        guard interval > 0, interval.isFinite, peerTimeout > 0, peerTimeout.isFinite else {
            throw ValidationError("--interval and --peer-timeout must be positive numbers of seconds")
        }
    }

    func run() async throws {
        let store = try await db.open()
        var wanted: Set<String>?
        if !urls.isEmpty {
            do { wanted = Set(try urls.map { try PeerURL.normalise($0) }) } catch { throw ValidationError("\(error)") }
        }
        let mirror = PeerMirror(store: store, timeout: peerTimeout)
        var last: [String: String] = [:]
        while true {
            let peers = try await store.peers().filter { p in wanted.map { $0.contains(p.baseURL) } ?? (p.logKey != "") }
            if let wanted, let unknown = wanted.subtracting(peers.map(\.baseURL)).first {
                throw ValidationError("no peer \(unknown) (junkan peer list)")
            }
            var bad = false
            for peer in peers {
                let outcome = await mirror.mirror(peer)
                switch outcome {
                case .splitView, .failed: bad = true
                default: break
                }
                // Each change once: a quiet peer prints nothing round after round.
                if last[peer.baseURL] != outcome.description || once {
                    print("\(ISO8601DateFormatter().string(from: Date())) \(peer.baseURL): \(outcome)")
                    fflush(nil)
                }
                last[peer.baseURL] = outcome.description
            }
            // What each peer saw of the others, checked here (split views seen through another peer's witness).
            for source in peers where source.logKey != "" {
                let lines: [String]
                do {
                    lines = try await mirror.relay(from: source).map { r in
                        if case .recorded = r { bad = true }
                        return r.description
                    }
                } catch {
                    lines = ["its split views could not be read: \(error)"]
                }
                for line in lines where last["relay " + source.baseURL + line] == nil || once {
                    print("\(ISO8601DateFormatter().string(from: Date())) \(source.baseURL): \(line)")
                    fflush(nil)
                    last["relay " + source.baseURL + line] = line
                }
            }
            if once { throw ExitCode(bad ? 1 : 0) }
            // What was printed is kept to print changes only; a long run with ever new messages starts that over.
            if last.count > 10_000 { last.removeAll() }
            try await Task.sleep(for: .seconds(interval))
        }
    }
}
