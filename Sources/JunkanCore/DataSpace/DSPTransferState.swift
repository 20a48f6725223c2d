/// The states of a transfer process and the transitions of the DSP 2025-1 state machine (Transfer Process Protocol):
/// a consumer's request opens it; the provider starts it; either party completes, suspends, restarts a suspended
/// transfer or terminates it. A message that would make any other transition is refused with a 400 and a
/// `TransferError`.
public enum DSPTransferState: String, Sendable, CaseIterable {
    case requested = "REQUESTED"
    case started = "STARTED"
    case suspended = "SUSPENDED"
    case completed = "COMPLETED"
    case terminated = "TERMINATED"

    public enum Message: String, Sendable {
        case start = "TransferStartMessage"
        case completion = "TransferCompletionMessage"
        case suspension = "TransferSuspensionMessage"
        case termination = "TransferTerminationMessage"
    }

    public var isTerminal: Bool { self == .completed || self == .terminated }

    /// The state `message` from `party` moves this one to, or nil when the state machine has no such transition. Only
    /// the provider starts a requested transfer; either party restarts a suspended one.
    public func next(_ message: Message, by party: DSPNegotiationState.Party) -> DSPTransferState? {
        switch (self, message, party) {
        case (.requested, .start, .provider): .started
        case (.requested, .termination, _): .terminated
        case (.started, .completion, _): .completed
        case (.started, .suspension, _): .suspended
        case (.started, .termination, _): .terminated
        case (.suspended, .start, _): .started
        case (.suspended, .termination, _): .terminated
        default: nil
        }
    }
}
