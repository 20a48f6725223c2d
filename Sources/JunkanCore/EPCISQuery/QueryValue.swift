/// A value of a SimpleEventQuery comparison, read once in every form it may be compared in: query parameters arrive
/// as text (`GT_ex:temp=20`) or as JSON (a named query's body), and an event field may hold a number, a date-time or
/// a string.
public struct QueryValue: Sendable, Equatable, Hashable {
    public var raw: String
    public var number: Double?
    /// Epoch milliseconds, when `raw` is a date-time with its time zone.
    public var time: Int64?

    public init(_ raw: String) {
        self.raw = raw
        number = Double(raw).flatMap { $0.isFinite ? $0 : nil }
        time = ISO8601Timestamp.parse(raw).flatMap { $0.offsetSeconds == nil ? nil : $0.epochMilliseconds }
    }
}

/// How a query value is compared with a field of an event (EPCIS 2.0 §8.2.7.1: `EQ_` is one of a list, `GT_`,
/// `GE_`, `LT_`, `LE_` order numbers and times).
public enum Comparison: Sendable, Equatable, Hashable {
    case anyOf([QueryValue])
    case greater(QueryValue)
    case greaterOrEqual(QueryValue)
    case less(QueryValue)
    case lessOrEqual(QueryValue)

    /// The comparison of a parameter named with `prefix` (EQ, GT, GE, LT, LE), nil for another prefix.
    public init?(prefix: String, values: [String]) {
        let v = values.map(QueryValue.init)
        switch prefix {
        case "EQ": self = .anyOf(v)
        case "GT" where v.count == 1: self = .greater(v[0])
        case "GE" where v.count == 1: self = .greaterOrEqual(v[0])
        case "LT" where v.count == 1: self = .less(v[0])
        case "LE" where v.count == 1: self = .lessOrEqual(v[0])
        default: return nil
        }
    }

    /// Whether `field` satisfies the comparison. Numbers compare as numbers and date-times as instants; a string equals
    /// a value written the same; anything else (an object, or a number against a word) never matches.
    public func holds(_ field: JSONValue) -> Bool {
        switch self {
        case .anyOf(let values): return values.contains { Self.equal(field, $0) }
        case .greater(let v): return Self.order(field, v).map { $0 > 0 } ?? false
        case .greaterOrEqual(let v): return Self.order(field, v).map { $0 >= 0 } ?? false
        case .less(let v): return Self.order(field, v).map { $0 < 0 } ?? false
        case .lessOrEqual(let v): return Self.order(field, v).map { $0 <= 0 } ?? false
        }
    }

    /// A number compared with the number in the comparison (for fields the event types as numbers: quantities, sensor values).
    public func holds(number: Double) -> Bool { holds(.number(JSONNumber(number))) }

    static func equal(_ field: JSONValue, _ v: QueryValue) -> Bool {
        switch field {
        case .number(let n): return v.number == n.doubleValue
        case .bool(let b): return v.raw == (b ? "true" : "false")
        case .string(let s):
            if s == v.raw { return true }
            if let t = v.time, let ft = ISO8601Timestamp.parse(s), ft.offsetSeconds != nil { return ft.epochMilliseconds == t }
            return false
        case .object(let o):
            // A JSON-LD value object ({"@value": …}) compares as its value.
            if let inner = o["@value"] { return equal(inner, v) }
            return false
        default: return false
        }
    }

    /// The sign of field − value, when both are numbers or both are date-times.
    static func order(_ field: JSONValue, _ v: QueryValue) -> Int? {
        switch field {
        case .number(let n):
            guard let q = v.number else { return nil }
            let d = n.doubleValue
            return d < q ? -1 : (d > q ? 1 : 0)
        case .string(let s):
            guard let q = v.time, let t = ISO8601Timestamp.parse(s), t.offsetSeconds != nil else { return nil }
            let ms = t.epochMilliseconds
            return ms < q ? -1 : (ms > q ? 1 : 0)
        case .object(let o):
            if let inner = o["@value"] { return order(inner, v) }
            return nil
        default: return nil
        }
    }
}
