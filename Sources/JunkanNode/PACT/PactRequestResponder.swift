package import Foundation
package import JunkanCore
package import JunkanStore
package import Logging

/// Answers a partner's RequestCreatedEvent: the Active footprints that match its criteria go back in a
/// RequestFulfilledEvent, or a RequestRejectedEvent (NotFound) says there are none. The answer is posted to the
/// request's `source`, retried with growing waits, and the outcome recorded with the request.
public struct PactRequestResponder: Sendable {
    package let store: any PactStore
    package let configuration: PactConfiguration
    package let logger: Logger
    /// The most footprints one Fulfilled event carries.
    package static let maxFootprints = 100

    package init(store: any PactStore, configuration: PactConfiguration, logger: Logger = Logger(label: "junkan.pact")) {
        self.store = store; self.configuration = configuration; self.logger = logger
    }

    /// The URL to answer at: `source` as an absolute https URL (http only when plain HTTP is allowed), or a network-path
    /// reference `//host/path` read as https (the form of the PACT examples).
    package func callbackURL(_ source: String) -> URL? {
        let text = source.hasPrefix("//") ? "https:" + source : source
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), url.host?.isEmpty == false else { return nil }
        guard scheme == "https" || (scheme == "http" && configuration.allowPlainHTTP) else { return nil }
        return url
    }

    /// `host`: this host as the request named it; the answer's `source` is this host's events endpoint there.
    package func answer(_ event: PactEvent, to url: URL, host: String) {
        Task { await self.respond(event, to: url, source: "//\(host)/3/events") }
    }

    package func respond(_ event: PactEvent, to url: URL, source: String) async {
        guard case .requestCreated(var filter, _) = event.payload else { return }
        if filter.status == nil { filter.status = "Active" }
        var outcome: String
        do {
            let body = try await answerBody(event, filter: filter, source: source)
            outcome = body.outcome
            var lastError: (any Error)?
            for attempt in 0...configuration.deliveryRetryDelays.count {
                if attempt > 0 { try? await Task.sleep(for: configuration.deliveryRetryDelays[attempt - 1]) }
                do {
                    try await configuration.sender.send(body.json, to: url)
                    lastError = nil
                    break
                } catch {
                    lastError = error
                }
            }
            if let lastError {
                outcome += "; delivery to \(url) failed after \(configuration.deliveryRetryDelays.count + 1) attempts: \(lastError)"
            } else {
                outcome += "; delivered to \(url)"
            }
        } catch {
            outcome = "failed: \(error)"
        }
        logger.info("PACT request answered", metadata: ["source": "\(event.source)", "id": "\(event.id)", "outcome": "\(outcome)"])
        try? await store.setPactEventOutcome(source: event.source, id: event.id, outcome: outcome)
    }

    package func answerBody(_ event: PactEvent, filter: PactFilter, source: String) async throws -> (json: String, outcome: String) {
        let matches = try await store.pactFootprints(matching: filter, after: 0, limit: Self.maxFootprints).page
        let now = configuration.now()
        let id = UUID().uuidString.lowercased()
        if matches.isEmpty {
            let error = JSONObject([("code", "NotFound"), ("message", "no active product footprint on this host matches the request's criteria")])
            let data = JSONObject([("requestEventId", .string(event.id)), ("error", .object(error))])
            return (JSONWriter.string(PactEvent.envelope(kind: .requestRejected, id: id, source: source, time: now, data: data)), "rejected (NotFound)")
        }
        let pfs = matches.map(PactFootprintJSON.render)
        let data = JSONObject([("requestEventId", .string(event.id)), ("pfs", .array(pfs))])
        return (
            JSONWriter.string(PactEvent.envelope(kind: .requestFulfilled, id: id, source: source, time: now, data: data)),
            "fulfilled with \(matches.count) footprint\(matches.count == 1 ? "" : "s")"
        )
    }
}
