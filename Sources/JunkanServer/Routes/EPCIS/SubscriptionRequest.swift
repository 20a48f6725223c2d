import JunkanCore
import JunkanNode

/// A subscription's body (EPCIS 2.0 REST binding: `dest`, `signatureToken`, and either `stream: true` or a `schedule`
/// with `reportIfEmpty`; `initialRecordTime`), checked member by member, each refusal with the JSON pointer of what is
/// wrong.
struct SubscriptionRequest {
    var dest: String
    var signatureToken: String?
    var stream: Bool
    var schedule: JSONObject?
    var parsedSchedule: QuerySchedule?
    var reportIfEmpty: Bool
    var initialRecordTime: Int64?

    static let members: Set<String> = ["dest", "signatureToken", "stream", "schedule", "reportIfEmpty", "initialRecordTime"]

    init(_ body: JSONValue, allowPrivateWebhooks: Bool) throws(Problem) {
        guard case .object(let o) = body else { throw .validation("the body must be a JSON object with dest and stream or schedule", pointer: "") }
        for key in o.keys where !Self.members.contains(key) {
            throw .validation("unknown member '\(key)'; a subscription has " + Self.members.sorted().joined(separator: ", "), pointer: "/" + key)
        }
        guard let dest = o["dest"]?.stringValue else { throw .validation("missing 'dest' (the webhook URL)", pointer: "/dest") }
        if let refusal = WebhookTarget.refusal(dest, allowPrivate: allowPrivateWebhooks) { throw .validation(refusal, pointer: "/dest") }
        self.dest = dest
        switch o["signatureToken"] {
        case nil, .null?: signatureToken = nil
        case .string(let t)? where !t.isEmpty && t.utf8.count <= 512: signatureToken = t
        default: throw .validation("'signatureToken' must be a string of 1 to 512 bytes", pointer: "/signatureToken")
        }
        switch o["stream"] {
        case nil, .null?: stream = false
        case .bool(let b)?: stream = b
        default: throw .validation("'stream' must be true or false", pointer: "/stream")
        }
        switch o["schedule"] {
        case nil, .null?: schedule = nil
        case .object(let s)?:
            schedule = s
            do throws(QuerySchedule.Invalid) { parsedSchedule = try QuerySchedule(s) } catch {
                throw .validation("bad schedule: \(error.reason)", pointer: "/schedule/" + error.field)
            }
        default: throw .validation("'schedule' must be an object (second, minute, hour, dayOfMonth, month, dayOfWeek)", pointer: "/schedule")
        }
        guard stream != (schedule != nil) else {
            throw .validation(
                stream ? "a subscription is either stream: true or a schedule, not both" : "give stream: true (every new matching event) or a schedule",
                pointer: stream ? "/schedule" : "/stream")
        }
        switch o["reportIfEmpty"] {
        case nil, .null?: reportIfEmpty = false
        case .bool(let b)?:
            guard !b || schedule != nil else { throw .validation("reportIfEmpty applies to scheduled subscriptions", pointer: "/reportIfEmpty") }
            reportIfEmpty = b
        default: throw .validation("'reportIfEmpty' must be true or false", pointer: "/reportIfEmpty")
        }
        switch o["initialRecordTime"] {
        case nil, .null?: initialRecordTime = nil
        case .string(let s)?:
            guard let t = ISO8601Timestamp.parse(s), t.offsetSeconds != nil else {
                throw .validation("'initialRecordTime' must be a date-time with a time zone", pointer: "/initialRecordTime")
            }
            initialRecordTime = t.epochMilliseconds
        default: throw .validation("'initialRecordTime' must be a date-time string", pointer: "/initialRecordTime")
        }
    }
}
