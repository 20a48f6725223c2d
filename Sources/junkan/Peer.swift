import ArgumentParser
import Foundation
import JunkanCore
import JunkanLedger
import JunkanNode
import JunkanStore

/// `junkan peer add|list|remove|pact|releases`: the other Junkan nodes this node trusts, each pinned to its log key (issue 27;
/// docs/federation.md). A running node reads them on each use: no restart.
struct PeerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "peer", abstract: "Manage the peer nodes this node knows (their logs' keys pinned).",
        subcommands: [Add.self, List.self, Remove.self, Pact.self, Releases.self, Group.self])

    /// `junkan peer pact URL --client-id ID --client-secret SECRET`: the PACT v3 client credentials the peer issued this
    /// node, kept in the key directory (never the database). With them, a walk that cannot have a lot's steps from that
    /// peer uses the lot's PACT footprint the peer publishes as its boundary factor (docs/federation.md).
    struct Pact: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pact", abstract: "Keep the PACT client credentials a peer issued this node (for boundary factors).")
        @Argument(help: "The peer's base URL.") var url: String
        @Option(help: "The client ID the peer issued (junkan pact-client add on its side).") var clientId: String
        @Option(help: "The client secret the peer issued.") var clientSecret: String
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            let store = try await db.open()
            let base = try PeerURL.normalise(url)
            guard try await store.peer(baseURL: base) != nil else { throw ValidationError("no peer \(base) (junkan peer add first)") }
            try store.keys.writePeerPact(baseURL: base, clientID: clientId, secret: clientSecret)
            print(JSONWriter.string(.object(JSONObject([("peer", .string(base)), ("pactClientId", .string(clientId))]))))
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Register the Junkan node at URL as a peer and print it as JSON.",
            discussion: """
                Reads the node's /.well-known/junkan-node, its did:web document and its latest checkpoint, and checks that \
                they agree: the same base URL, the log key in the DID document, a checkpoint signed by that key. The key is \
                then pinned. Give it with --log-key (ask the peer's operator): the node must serve that very key. Without \
                --log-key the key served is shown and must be confirmed (or --yes).
                """)

        @Argument(help: "The peer's base URL (http or https).") var url: String
        @Option(help: "The peer's log verifier key (origin+keyid+key), as its operator gave it.") var logKey: String?
        @Flag(help: "Pin the key the peer serves without asking (when --log-key is not given).") var yes = false
        @Flag(help: "A plain EPCIS 2.0 interface, not a Junkan node: walked with standard queries, its steps unverified.") var epcis = false
        @Flag(
            help:
                "A Dataspace Protocol 2025-1 provider: walks negotiate and pull its lots' upstream (junkan:traceability), its steps unverified."
        )
        var dsp = false
        @Option(name: .customLong("gs1-prefix"), help: "With --epcis or --dsp: a GS1 Company Prefix its companies own (repeatable).")
        var prefixes: [String] = []
        @Option(help: "With --epcis: its events query endpoint (default: URL/events).") var eventsURL: String?
        @OptionGroup var db: DatabaseOptions

        func validate() throws {
            if dsp {
                guard !epcis, logKey == nil, eventsURL == nil else { throw ValidationError("--dsp takes --gs1-prefix only") }
                guard !prefixes.isEmpty, prefixes.allSatisfy(IdentifierOwnership.validPrefix) else {
                    throw ValidationError("--dsp needs --gs1-prefix P (6 to 12 digits, repeatable): the prefixes whose lots the provider offers")
                }
                do { _ = try PeerURL.normalise(url) } catch { throw ValidationError("\(error)") }
                return
            }
            if epcis {
                guard !prefixes.isEmpty, prefixes.allSatisfy(IdentifierOwnership.validPrefix) else {
                    throw ValidationError("--epcis needs --gs1-prefix P (6 to 12 digits, repeatable): the prefixes whose identifiers the peer holds")
                }
                guard logKey == nil else { throw ValidationError("a plain EPCIS peer has no log: --log-key is for Junkan nodes") }
            } else if !prefixes.isEmpty || eventsURL != nil {
                throw ValidationError("--gs1-prefix and --events-url are for --epcis peers (a Junkan node describes its own)")
            }
            if let logKey, (try? NoteVerifierKey(parsing: logKey)) == nil { throw ValidationError("--log-key is not a verifier key (origin+keyid+key)") }
            do { _ = try PeerURL.normalise(url) } catch { throw ValidationError("\(error)") }
        }

        func run() async throws {
            let store = try await db.open()
            if epcis { return try await addPlain(store) }
            if dsp { return try await addDSP(store) }
            let candidate = try await PeerEnrolment().inspect(url)
            if let own = try await store.nodeSetting(.baseURL), (try? PeerURL.normalise(own)) == candidate.description.baseURL {
                throw ValidationError("\(own) is this node's own base URL")
            }
            let given = try logKey.map { try NoteVerifierKey(parsing: $0) }
            if given == nil && !yes { try confirm(candidate) }
            let peer = try PeerEnrolment.pin(candidate, given: given, now: Int64(Date().timeIntervalSince1970 * 1000))
            try await store.addPeer(peer)
            // A node that witnesses its peers (`junkan serve --witness-peers`) cosigns this log from now on.
            try await store.follow(origin: peer.logOrigin, key: try NoteVerifierKey(parsing: peer.logKey))
            print(JSONWriter.string(PeerCommand.json(peer, checkpointSize: candidate.checkpointSize)))
        }

        /// A DSP provider: it must serve /.well-known/dspace-version with 2025-1 over HTTPS.
        func addDSP(_ store: any NodeDatabase) async throws {
            let base = try PeerURL.normalise(url)
            let consumer = DSPConsumer(signer: nil, callbackAddress: "", inbox: DSPConsumerInbox(), timeout: 10, report: { _ in })
            do { _ = try await consumer.connector(base) } catch { throw ValidationError("\(base) is not a Dataspace Protocol 2025-1 provider: \(error)") }
            let peer = DSPPeer.record(baseURL: base, prefixes: prefixes, now: Int64(Date().timeIntervalSince1970 * 1000))
            try await store.addPeer(peer)
            print(JSONWriter.string(.object(peer.summary)))
        }

        /// A plain EPCIS peer: its events endpoint must answer a query with an EPCIS document.
        func addPlain(_ store: any NodeDatabase) async throws {
            let base = try PeerURL.normalise(url)
            let events = eventsURL ?? base + "/events"
            let answer: PeerHTTP.Answer
            do { answer = try await PeerHTTP.send(events + "?perPage=1", timeout: 10, maxBytes: PeerEnrolment.maxBody) } catch {
                throw ValidationError("cannot reach the peer: \(error)")
            }
            guard answer.status == 200, let doc = try? JSONParser.parse(answer.body), (try? PlainEPCISPeer.records(of: doc)) != nil else {
                throw ValidationError("\(events) did not answer an EPCIS 2.0 query (HTTP \(answer.status))")
            }
            let peer = PlainEPCISPeer.record(baseURL: base, events: events, prefixes: prefixes, now: Int64(Date().timeIntervalSince1970 * 1000))
            try await store.addPeer(peer)
            print(JSONWriter.string(.object(peer.summary)))
        }

        /// Shows the served key and asks; refuses when no one can answer (not a terminal).
        func confirm(_ candidate: PeerEnrolment.Candidate) throws {
            let key = candidate.description.logKey.description
            guard isatty(STDIN_FILENO) != 0 else {
                throw ValidationError(
                    "\(candidate.description.baseURL) serves the log key \(key): confirm it with its operator, then pass --log-key \(key) (or --yes)")
            }
            FileHandle.standardError.write(
                Data("\(candidate.description.baseURL) serves the log key\n  \(key)\nat checkpoint size \(candidate.checkpointSize). Pin it? [y/N] ".utf8))
            guard let answer = readLine(), ["y", "yes"].contains(answer.lowercased()) else { throw ValidationError("not added") }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Print the peer nodes as JSON.")
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            let store = try await db.open()
            print(JSONWriter.string(.array(try await store.peers().map { PeerCommand.json($0) })))
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "remove", abstract: "Forget a peer node.")
        @Argument(help: "The peer's base URL.") var url: String
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            let store = try await db.open()
            let base: String
            do { base = try PeerURL.normalise(url) } catch { throw ValidationError("\(error)") }
            guard try await store.removePeer(baseURL: base) else { throw ValidationError("no peer \(base) (junkan peer list)") }
            print(JSONWriter.string(.object(JSONObject([("removed", .string(base))]))))
        }
    }

    static func json(_ p: Peer, checkpointSize: UInt64? = nil) -> JSONValue {
        var o = p.summary
        if let d = try? JSONParser.parse(p.description), let orgs = d.objectValue?["organisations"]?.arrayValue {
            o["organisations"] = .array(orgs)
        }
        if let checkpointSize { o["checkpointSize"] = .number(JSONNumber(literal: String(checkpointSize))) }
        return .object(o)
    }
}
