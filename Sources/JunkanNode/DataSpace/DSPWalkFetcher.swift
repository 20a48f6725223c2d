import Foundation
public import JunkanCore

/// The node as a Dataspace Protocol consumer inside a trace walk (issue 28, item 3): for a lot a `DSPPeer` owns, its
/// events dataset is negotiated once (the agreement kept while it works), then each walk requests a transfer, pulls
/// the data for `junkan:traceability` and completes the transfer. The provider's callbacks reach the node's own
/// `/dsp/callback/…` routes (its base URL's host, as providers require), through the shared inbox.
public actor DSPWalkFetcher {
    let consumer: DSPConsumer
    /// The connector root of each provider, and the agreement of each dataset.
    var roots: [String: String] = [:]
    var agreements: [String: String] = [:]

    public init(consumer: DSPConsumer) { self.consumer = consumer }

    /// The EPCISQueryDocument of `lot`'s events dataset at `provider`.
    public func fetch(provider: String, lot: String) async throws -> [UInt8] {
        guard let link = try? GS1Identifier.digitalLink(from: lot), link.primaryKey.ai == "01" else {
            throw DSPConsumer.Failure("\(lot) is not a lot or item of a GTIN")
        }
        let dataset = DSPDataset.of(.events, link: link, organisationID: "").id
        let root = try await connector(provider)
        for attempt in 0..<2 {
            let agreement: String
            if let known = agreements[dataset] {
                agreement = known
            } else {
                agreement = try await consumer.negotiate(root, datasetID: dataset, offerID: nil)
                agreements[dataset] = agreement
            }
            do {
                let started = try await consumer.startTransfer(root, agreementID: agreement)
                let (status, body) = try await consumer.pull(endpoint: started.endpoint, token: started.token, purpose: "junkan:traceability")
                try? await consumer.complete(root, providerPid: started.providerPid, consumerPid: started.consumerPid)
                guard status == 200 else { throw DSPConsumer.Failure("the pull was refused (HTTP \(status))") }
                return body
            } catch let f as DSPConsumer.Failure where attempt == 0 && agreements[dataset] == agreement {
                // The agreement may have ended at the provider: negotiate once more.
                agreements[dataset] = nil
                _ = f
            }
        }
        throw DSPConsumer.Failure("no transfer of \(dataset) under a new agreement")
    }

    func connector(_ provider: String) async throws -> String {
        if let root = roots[provider] { return root }
        let root = try await consumer.connector(provider)
        roots[provider] = root
        return root
    }
}
