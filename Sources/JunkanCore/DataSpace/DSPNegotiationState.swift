/// The states of a contract negotiation and the transitions the DSP 2025-1 state machine draws between them
/// (Contract Negotiation Protocol, "State Machine"): each transition is made by one party's message, `C` for the
/// consumer and `P` for the provider. A message that would make any other transition is refused with a 400 and a
/// `ContractNegotiationError`.
public enum DSPNegotiationState: String, Sendable, CaseIterable {
    case requested = "REQUESTED"
    case offered = "OFFERED"
    case accepted = "ACCEPTED"
    case agreed = "AGREED"
    case verified = "VERIFIED"
    case finalized = "FINALIZED"
    case terminated = "TERMINATED"

    public enum Party: String, Sendable { case consumer, provider }

    /// The messages that move a negotiation.
    public enum Message: String, Sendable {
        case request = "ContractRequestMessage"
        case offer = "ContractOfferMessage"
        case accepted = "ContractNegotiationEventMessage:ACCEPTED"
        case agreement = "ContractAgreementMessage"
        case verification = "ContractAgreementVerificationMessage"
        case finalized = "ContractNegotiationEventMessage:FINALIZED"
        case termination = "ContractNegotiationTerminationMessage"

        /// Who may send it (the event message: the consumer accepts, the provider finalizes).
        public var sender: Party {
            switch self {
            case .request, .accepted, .verification: .consumer
            case .offer, .agreement, .finalized: .provider
            case .termination: .consumer  // either; see `next`
            }
        }
    }

    public var isTerminal: Bool { self == .finalized || self == .terminated }

    /// The state a negotiation starts in when `message` opens it: a consumer's request, or a provider's offer.
    public static func initial(_ message: Message, by party: Party) -> DSPNegotiationState? {
        switch (message, party) {
        case (.request, .consumer): .requested
        case (.offer, .provider): .offered
        default: nil
        }
    }

    /// The state `message` from `party` moves this one to, or nil when the state machine has no such transition.
    public func next(_ message: Message, by party: Party) -> DSPNegotiationState? {
        switch (self, message, party) {
        case (.requested, .offer, .provider): .offered
        case (.requested, .agreement, .provider): .agreed
        case (.requested, .termination, _): .terminated
        case (.offered, .request, .consumer): .requested
        case (.offered, .accepted, .consumer): .accepted
        case (.offered, .termination, _): .terminated
        case (.accepted, .agreement, .provider): .agreed
        case (.accepted, .termination, .provider): .terminated
        case (.agreed, .verification, .consumer): .verified
        case (.agreed, .termination, .consumer): .terminated
        case (.verified, .finalized, .provider): .finalized
        case (.verified, .termination, .provider): .terminated
        default: nil
        }
    }
}
