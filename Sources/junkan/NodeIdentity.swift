import ArgumentParser
import Foundation
import JunkanLedger
import JunkanStore

/// `--base-url`, `--log-origin` and `--log-key` of `junkan serve`: who the node is, the same for every process of it.
struct NodeIdentityOptions: ParsableArguments {
    @Option(
        help: """
            The node's public base URL (its did:web, passport and credential links). Recorded in the database by the node's \
            first start (default then: http://<host>:<port>); every later process must give the same or none.
            """)
    var baseURL: String?
    @Flag(help: "Record --base-url as the node's new base URL (stop the node's other processes first).")
    var changeBaseURL = false
    @Option(
        help: """
            The log's origin (checkpoint first line and key name), recorded when the log starts and fixed after it \
            (default: the base URL's host and port + /tlog).
            """)
    var logOrigin: String?
    @Option(
        help: """
            The log's signing key file (mode 0600; created on the node's first start). Every process of a node needs the \
            same key. Default: the database path + .log-key.
            """)
    var logKey: String?

    func validate() throws {
        if let baseURL { _ = try Self.normalised(baseURL) }
        if changeBaseURL && baseURL == nil { throw ValidationError("--change-base-url needs --base-url") }
    }

    /// "scheme://host[:port][/path]" without a trailing slash; refused unless http(s) with a host, and no query.
    static func normalised(_ text: String) throws -> String {
        var t = text
        while t.hasSuffix("/") { t.removeLast() }
        guard let url = URLComponents(string: t), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), let host = url.host, !host.isEmpty,
            url.query == nil, url.fragment == nil, url.user == nil
        else { throw ValidationError("--base-url \(text): give an http(s) URL with a host and no query, such as https://junkan.example.com") }
        return t
    }

    /// The default origin of a log served at `baseURL`: its host, port and path, + /tlog (as C2SP origins are written).
    static func origin(forBaseURL baseURL: String) -> String {
        let afterScheme = baseURL.components(separatedBy: "://").last ?? baseURL
        return afterScheme + "/tlog"
    }
}

/// The node's base URL and log signer as its database records them (issue 26, item 5): the first process to start
/// records them, and every other one must match, so all processes of a node sign as one log and link to one place.
struct NodeIdentity {
    let baseURL: String
    let signer: NoteSigner

    static func resolve(
        _ options: NodeIdentityOptions, store: any NodeSettingsStore, defaultKeyFile: String?, host: String, port: Int
    ) async throws -> NodeIdentity {
        let given = try options.baseURL.map(NodeIdentityOptions.normalised)
        var baseURL = try await store.nodeSetting(.baseURL, proposing: given ?? "http://\(host):\(port)")
        if let given, given != baseURL {
            guard options.changeBaseURL else {
                throw ValidationError(
                    "this node's base URL is \(baseURL) (recorded in its database); every process of a node serves as the same node. "
                        + "Start with --base-url \(baseURL) or without it, or move the node with --base-url \(given) --change-base-url.")
            }
            try await store.replaceNodeSetting(.baseURL, with: given)
            baseURL = given
        }
        guard let keyFile = options.logKey ?? defaultKeyFile else {
            throw ValidationError("--log-key FILE is required: the log's signing key, the same file for every process of the node")
        }
        let existing = try LogKeyFile.load(path: keyFile)
        let proposedOrigin = existing?.name ?? options.logOrigin ?? NodeIdentityOptions.origin(forBaseURL: baseURL)
        let origin = try await store.nodeSetting(.logOrigin, proposing: proposedOrigin)
        if let wanted = options.logOrigin, wanted != origin {
            throw ValidationError("the log's origin is \(origin), fixed when the log started; --log-origin \(wanted) cannot change it")
        }
        let signer = try existing ?? LogKeyFile.create(path: keyFile, name: origin)
        guard signer.name == origin else {
            throw ValidationError("the key file \(keyFile) is named \(signer.name), but this node's log is \(origin): give the node's own key (--log-key)")
        }
        let key = try await store.nodeSetting(.logKey, proposing: signer.verifierKey.description)
        guard key == signer.verifierKey.description else {
            throw ValidationError(
                "this node's log is signed with the key \(key), and \(keyFile) holds another (\(signer.verifierKey)): "
                    + "give every process of the node the same key file (--log-key)")
        }
        return NodeIdentity(baseURL: baseURL, signer: signer)
    }
}
