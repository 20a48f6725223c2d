import JunkanCore
import Testing

/// The state machines of DSP 2025-1 as its figures draw them (contract.negotiation.state.machine.puml,
/// transfer-process-state-machine.puml): every transition drawn is allowed for the party marked on it, and every other
/// (state, message, party) is refused. The tables below are written from the figures, edge by edge.
struct DSPStateMachineTests {
    typealias N = DSPNegotiationState

    /// "FROM MESSAGE PARTY TO", C for consumer, P for provider.
    static let negotiationEdges: Set<String> = [
        "REQUESTED ContractOfferMessage P OFFERED", "REQUESTED ContractAgreementMessage P AGREED",
        "REQUESTED ContractNegotiationTerminationMessage C TERMINATED", "REQUESTED ContractNegotiationTerminationMessage P TERMINATED",
        "OFFERED ContractRequestMessage C REQUESTED", "OFFERED ContractNegotiationEventMessage:ACCEPTED C ACCEPTED",
        "OFFERED ContractNegotiationTerminationMessage C TERMINATED", "OFFERED ContractNegotiationTerminationMessage P TERMINATED",
        "ACCEPTED ContractAgreementMessage P AGREED", "ACCEPTED ContractNegotiationTerminationMessage P TERMINATED",
        "AGREED ContractAgreementVerificationMessage C VERIFIED", "AGREED ContractNegotiationTerminationMessage C TERMINATED",
        "VERIFIED ContractNegotiationEventMessage:FINALIZED P FINALIZED", "VERIFIED ContractNegotiationTerminationMessage P TERMINATED"
    ]

    static let transferEdges: Set<String> = [
        "REQUESTED TransferStartMessage P STARTED", "REQUESTED TransferTerminationMessage C TERMINATED",
        "REQUESTED TransferTerminationMessage P TERMINATED", "STARTED TransferCompletionMessage C COMPLETED",
        "STARTED TransferCompletionMessage P COMPLETED", "STARTED TransferSuspensionMessage C SUSPENDED",
        "STARTED TransferSuspensionMessage P SUSPENDED", "STARTED TransferTerminationMessage C TERMINATED",
        "STARTED TransferTerminationMessage P TERMINATED", "SUSPENDED TransferStartMessage C STARTED",
        "SUSPENDED TransferStartMessage P STARTED", "SUSPENDED TransferTerminationMessage C TERMINATED",
        "SUSPENDED TransferTerminationMessage P TERMINATED"
    ]

    static let negotiationMessages: [N.Message] = [.request, .offer, .accepted, .agreement, .verification, .finalized, .termination]
    static let transferMessages: [DSPTransferState.Message] = [.start, .completion, .suspension, .termination]

    @Test func contractNegotiationMovesExactlyAlongTheDrawnEdges() {
        var allowed: Set<String> = []
        for s in N.allCases {
            for m in Self.negotiationMessages {
                for party in [N.Party.consumer, .provider] {
                    if let next = s.next(m, by: party) {
                        allowed.insert("\(s.rawValue) \(m.rawValue) \(party == .consumer ? "C" : "P") \(next.rawValue)")
                    }
                }
            }
        }
        #expect(allowed == Self.negotiationEdges)
        #expect(N.initial(.request, by: .consumer) == .requested && N.initial(.offer, by: .provider) == .offered)
        #expect(N.initial(.agreement, by: .provider) == nil && N.initial(.request, by: .provider) == nil)
        #expect(N.allCases.filter(\.isTerminal) == [.finalized, .terminated])
    }

    @Test func transferProcessMovesExactlyAlongTheDrawnEdges() {
        var allowed: Set<String> = []
        for s in DSPTransferState.allCases {
            for m in Self.transferMessages {
                for party in [N.Party.consumer, .provider] {
                    if let next = s.next(m, by: party) {
                        allowed.insert("\(s.rawValue) \(m.rawValue) \(party == .consumer ? "C" : "P") \(next.rawValue)")
                    }
                }
            }
        }
        #expect(allowed == Self.transferEdges)
        #expect(DSPTransferState.allCases.filter(\.isTerminal) == [.completed, .terminated])
    }
}
