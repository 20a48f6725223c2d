import Foundation
import Hummingbird
import HummingbirdWebSocket
import JunkanCore
import JunkanNode
import JunkanStore

/// WebSocket subscriptions (EPCIS 2.0 REST binding: `GET /queries/{name}/events` with `Upgrade: websocket`): while the
/// socket is open, every event committed that the named query matches is sent as a text message holding an
/// EPCISQueryDocument (at most 100 events each), in commit order. Such a subscription lives as long as its connection:
/// it starts at `initialRecordTime` (a query parameter; default: the time of the upgrade) and keeps no position; a client
/// that must never miss an event subscribes a webhook. Anyone may open one, as anyone may run the query.
enum QueryStreamSocket {
    static let batch = 100

    /// The router the server consults for an upgrade request (its other requests go to the main router).
    static func router(store: any NodeStore, poll: Duration = .milliseconds(250)) -> Router<BasicWebSocketRequestContext> {
        let router = Router(context: BasicWebSocketRequestContext.self)
        router.ws(
            "/queries/{name}/events",
            shouldUpgrade: { request, context in
                // Not upgraded: the request goes on to the main router, which answers it (404 for an unknown query, 400
                // for a bad parameter) as a plain GET.
                guard (try? start(request)) != nil, let name = context.parameters.get("name"),
                    (try? await store.namedQuery(name: PercentEncoding.decode(name) ?? name)) != nil
                else { return .dontUpgrade }
                return .upgrade([:])
            },
            onUpgrade: { inbound, outbound, context in
                let raw = context.requestContext.parameters.get("name") ?? ""
                guard let named = try await store.namedQuery(name: PercentEncoding.decode(raw) ?? raw) else { return }
                let query = try NamedQueryParser.eventQuery(named)
                let since = try start(context.request) ?? Int64(Date().timeIntervalSince1970 * 1000)
                let first = try await store.commitSequence(recordedBefore: since)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    // The client's messages are not read for anything; the stream ends when it closes.
                    group.addTask { for try await _ in inbound.messages(maxSize: 1 << 16) {} }
                    group.addTask {
                        var position = first
                        while !Task.isCancelled {
                            // Master data filters (`WD_…`) read the hierarchy as it stands at each read.
                            let resolved = try await store.resolvingMasterData(query)
                            let next = try await CommittedMatches.read(store, after: position, query: resolved, since: since, most: batch)
                            if !next.events.isEmpty {
                                let text = EPCISQueryDocument.text(
                                    events: next.events.map(\.json), queryName: named.name, creationDate: Int64(Date().timeIntervalSince1970 * 1000))
                                try await outbound.write(.text(text))
                            }
                            position = next.reached
                            if next.caughtUp { try await Task.sleep(for: poll) }
                        }
                    }
                    try await group.next()
                    group.cancelAll()
                }
            })
        return router
    }

    /// The `initialRecordTime` query parameter (nil when absent); throws when it is not a date-time with a zone.
    static func start(_ request: Request) throws -> Int64? {
        guard let raw = request.uri.queryParameters["initialRecordTime"] else { return nil }
        guard let t = ISO8601Timestamp.parse(String(raw)), t.offsetSeconds != nil else {
            throw Problem.queryParameter("initialRecordTime must be a date-time with a time zone")
        }
        return t.epochMilliseconds
    }
}
