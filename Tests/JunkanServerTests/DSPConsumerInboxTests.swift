import JunkanCore
import JunkanNode
import Testing

/// The consumer's side of the state machines (`DSPConsumerInbox`): a provider's callback is acknowledged only along the
/// figure's edges, only for a process this consumer opened, only from the provider that answered it, and handed to
/// whoever waits for it.
struct DSPConsumerInboxTests {
    func body(_ v: JSONValue) -> [UInt8] { JSONWriter.bytes(v) }

    @Test func callbacksMoveTheConsumersStateOnlyAlongTheFigure() async throws {
        let inbox = DSPConsumerInbox()
        // Not opened here: 404.
        let stranger = await inbox.receive(
            transfer: false, consumerPid: "urn:uuid:x", kind: "agreement",
            body: body(DSPWire.negotiationEvent(providerPid: "p", consumerPid: "urn:uuid:x", eventType: "FINALIZED")))
        #expect(stranger.status == 404 && stranger.body?.objectValue?["@type"] == "ContractNegotiationError")

        await inbox.track(negotiation: "urn:uuid:c", provider: "", state: .requested)
        // FINALIZED before an agreement: no such edge from REQUESTED.
        var r = await inbox.receive(
            transfer: false, consumerPid: "urn:uuid:c", kind: "events",
            body: body(DSPWire.negotiationEvent(providerPid: "urn:uuid:p", consumerPid: "urn:uuid:c", eventType: "FINALIZED")))
        #expect(r.status == 400 && r.body?.objectValue?["reason"]?.arrayValue?.first?.stringValue?.contains("REQUESTED") == true)
        // The agreement may come before the provider's answer named its ID: it names it then.
        let agreement = ODRLPolicy(
            id: "urn:uuid:a", kind: .agreement, permissions: [.init(action: "use")], target: "urn:d", assigner: "did:web:p", assignee: "did:web:c")
        r = await inbox.receive(
            transfer: false, consumerPid: "urn:uuid:c", kind: "agreement",
            body: body(DSPWire.agreement(providerPid: "urn:uuid:p", consumerPid: "urn:uuid:c", agreement: agreement)))
        #expect(r.status == 200 && r.body == nil)
        #expect(await inbox.negotiationState("urn:uuid:c") == .agreed)
        await inbox.track(negotiation: "urn:uuid:c", provider: "urn:uuid:p", state: .requested)
        #expect(await inbox.negotiationState("urn:uuid:c") == .agreed, "tracking after a callback keeps the state it moved to")
        // ACCEPTED (a consumer's event) from the provider is refused, as is another provider's message.
        r = await inbox.receive(
            transfer: false, consumerPid: "urn:uuid:c", kind: "events",
            body: body(DSPWire.negotiationEvent(providerPid: "urn:uuid:p", consumerPid: "urn:uuid:c", eventType: "ACCEPTED")))
        #expect(r.status == 400)
        await inbox.move(negotiation: "urn:uuid:c", to: .verified)
        r = await inbox.receive(
            transfer: false, consumerPid: "urn:uuid:c", kind: "events",
            body: body(DSPWire.negotiationEvent(providerPid: "urn:uuid:other", consumerPid: "urn:uuid:c", eventType: "FINALIZED")))
        #expect(r.status == 400)
        r = await inbox.receive(
            transfer: false, consumerPid: "urn:uuid:c", kind: "events",
            body: body(DSPWire.negotiationEvent(providerPid: "urn:uuid:p", consumerPid: "urn:uuid:c", eventType: "FINALIZED")))
        let finalized = await inbox.negotiationState("urn:uuid:c")
        #expect(r.status == 200 && finalized == .finalized)
        // Handed on in order: the agreement, then FINALIZED.
        #expect(await inbox.next("urn:uuid:c", seconds: 1)?.kind == "agreement")
        #expect(await inbox.next("urn:uuid:c", seconds: 1)?.kind == "events")
        #expect(await inbox.next("urn:uuid:c", seconds: 0.05) == nil)

        // Transfers: a completion before the start is refused; the start moves it to STARTED.
        await inbox.track(transfer: "urn:uuid:t", provider: "urn:uuid:tp", state: .requested)
        r = await inbox.receive(
            transfer: true, consumerPid: "urn:uuid:t", kind: "completion",
            body: body(DSPWire.transferMessage(.completion, providerPid: "urn:uuid:tp", consumerPid: "urn:uuid:t")))
        #expect(r.status == 400 && r.body?.objectValue?["@type"] == "TransferError")
        r = await inbox.receive(
            transfer: true, consumerPid: "urn:uuid:t", kind: "start",
            body: body(DSPWire.transferStart(providerPid: "urn:uuid:tp", consumerPid: "urn:uuid:t", dataAddress: nil)))
        let started = await inbox.transferState("urn:uuid:t")
        #expect(r.status == 200 && started == .started)
    }
}
