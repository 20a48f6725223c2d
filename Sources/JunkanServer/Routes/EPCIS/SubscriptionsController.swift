import Foundation
import Hummingbird
import JunkanCore
import JunkanNode
import JunkanStore

/// Subscriptions to named queries (`/queries/{name}/subscriptions`): an organisation subscribes a webhook, lists and
/// reads its own subscriptions, and unsubscribes them. `SubscriptionDispatcher` delivers them.
struct SubscriptionsController<Context: CallerRequestContext> {
    let store: any NodeStore
    let dispatcher: SubscriptionDispatcher?
    let allowPrivateWebhooks: Bool
    let now: @Sendable () -> Int64

    /// Mounted at `/queries`.
    var routes: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.post("/{name}/subscriptions") { request, context in try await self.subscribe(request, context: context) }
        routes.get("/{name}/subscriptions") { request, context in try await self.list(request, context: context) }
        routes.get("/{name}/subscriptions/{id}") { request, context in
            try request.onlyQueryParameters([])
            return Response.json(Self.json(try await self.own(context)))
        }
        routes.delete("/{name}/subscriptions/{id}") { request, context in
            try request.onlyQueryParameters([])
            let s = try await self.own(context)
            _ = try await self.store.removeSubscription(id: s.id)
            return Response(status: .noContent)
        }
        return routes
    }

    func subscribe(_ request: Request, context: Context) async throws -> Response {
        try request.onlyQueryParameters([])
        let org = try context.organisation()
        let name = Self.name(context)
        let body = SubscriptionRequest.self
        let r = try body.init(try await JSONBodyReader.namedQuery.read(request), allowPrivateWebhooks: allowPrivateWebhooks)
        let t = now()
        // Where it starts: after the last event recorded before initialRecordTime (default: now).
        let position = try await store.commitSequence(recordedBefore: r.initialRecordTime ?? t)
        let s = QuerySubscription(
            id: UUID().uuidString.lowercased(), queryName: name, organisationID: org.id, dest: r.dest, signatureToken: r.signatureToken,
            stream: r.stream, schedule: r.schedule.map { JSONWriter.string(.object($0)) }, reportIfEmpty: r.reportIfEmpty,
            initialRecordTime: r.initialRecordTime, position: position, createdAt: t, nextRun: r.parsedSchedule?.next(after: t))
        guard try await store.addSubscription(s) else { throw Problem.noSuchName(name) }
        dispatcher?.poke()
        var response = Response.json(Self.json(s), status: .created)
        response.headers[.location] = "/queries/\(PercentEncoding.encode(name))/subscriptions/\(s.id)"
        return response
    }

    /// The caller's subscriptions to the query (a subscriber's webhook and schedule are its own business), by id.
    func list(_ request: Request, context: Context) async throws -> Response {
        try request.onlyQueryParameters(["perPage", "nextPageToken"])
        let org = try context.organisation()
        let name = Self.name(context)
        guard try await store.namedQuery(name: name) != nil else { throw Problem.noSuchName(name) }
        let paging = try ValuePaging(request)
        var after = paging.after
        var mine: [QuerySubscription] = []
        var more = false
        scan: while true {
            let page = try await store.subscriptions(queryName: name, after: after, limit: 500)
            for s in page {
                after = s.id
                guard s.organisationID == org.id else { continue }
                if mine.count == paging.perPage {
                    more = true
                    break scan
                }
                mine.append(s)
            }
            if page.count < 500 { break }
        }
        var response = Response.json(.array(mine.map(Self.json)))
        paging.link(&response, path: "/queries/\(PercentEncoding.encode(name))/subscriptions", last: mine.last?.id, more: more)
        return response
    }

    /// The path's subscription, when the caller made it (another organisation's is answered as no subscription at all).
    func own(_ context: Context) async throws -> QuerySubscription {
        let org = try context.organisation()
        let name = Self.name(context)
        let id = context.parameters.get("id") ?? ""
        guard let s = try await store.subscription(id: id), s.queryName == name, s.organisationID == org.id else {
            guard try await store.namedQuery(name: name) != nil else { throw Problem.noSuchName(name) }
            throw Problem.noSuchResource("query \(name) has no subscription \(id) of yours")
        }
        return s
    }

    static func name(_ context: Context) -> String {
        let raw = context.parameters.get("name") ?? ""
        return PercentEncoding.decode(raw) ?? raw
    }

    /// A subscription as the REST binding shows it (never its token), with how its deliveries are going.
    static func json(_ s: QuerySubscription) -> JSONValue {
        var o = JSONObject([
            ("subscriptionID", .string(s.id)), ("dest", .string(s.dest)),
            ("createdAt", .string(ISO8601Timestamp.utcString(epochMilliseconds: s.createdAt)))
        ])
        if let t = s.lastNotifiedAt { o["lastNotifiedAt"] = .string(ISO8601Timestamp.utcString(epochMilliseconds: t)) }
        if let t = s.initialRecordTime { o["initialRecordTime"] = .string(ISO8601Timestamp.utcString(epochMilliseconds: t)) }
        if s.stream {
            o["stream"] = .bool(true)
        } else if let text = s.schedule, let schedule = try? JSONParser.parse(text) {
            o["schedule"] = schedule
            o["reportIfEmpty"] = .bool(s.reportIfEmpty)
            if let t = s.nextRun { o["nextRunAt"] = .string(ISO8601Timestamp.utcString(epochMilliseconds: t)) }
        }
        o["signed"] = .bool(s.signatureToken != nil)
        o["failing"] = .bool(s.isFailing)
        o["consecutiveFailures"] = .number(JSONNumber(s.failures))
        if let e = s.lastError { o["lastError"] = .string(e) }
        if let t = s.retryAt, s.failures > 0 { o["nextAttemptAt"] = .string(ISO8601Timestamp.utcString(epochMilliseconds: t)) }
        return .object(o)
    }
}
