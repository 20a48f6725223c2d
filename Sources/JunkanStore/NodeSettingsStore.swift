/// What every process of one node must agree on, recorded once in the node's database (issue 26, item 5): several
/// `junkan serve` processes in front of one database serve as one node only if they sign as the same log and name the
/// same public base URL, whatever address each listens on.
public protocol NodeSettingsStore: Sendable {
    /// The node's value of `setting`, or nil when none is recorded.
    func nodeSetting(_ setting: NodeSetting) async throws -> String?
    /// The node's value of `setting`; when none is recorded yet, `proposed` is recorded and returned. One statement: of
    /// several processes starting at once, the first to record wins and the others get its value.
    func nodeSetting(_ setting: NodeSetting, proposing proposed: String) async throws -> String
    /// Replaces a recorded value (an operator moving the node to a new base URL).
    func replaceNodeSetting(_ setting: NodeSetting, with value: String) async throws
}

public enum NodeSetting: String, Sendable, CaseIterable {
    /// Where the node is reached from outside: its did:web, passport and credential links.
    case baseURL = "base_url"
    /// The log's origin: the first line of its checkpoints and its key's name.
    case logOrigin = "log_origin"
    /// The log's verifier key (`name+id+key`): every process must sign with the matching private key.
    case logKey = "log_key"
    /// What `junkan verify` found when it last ran (`AuditRecord` as JSON), for the log page.
    case lastAudit = "last_audit"
}
