/// A scheduled subscription's schedule (EPCIS 2.0 REST binding, `query-schedule.json`; the QuerySchedule of EPCIS 1.2
/// §8.2.5.3): each of second, minute, hour, dayOfMonth, month and dayOfWeek is a comma-separated list of numbers and
/// `[lo-hi]` ranges. A field left out takes every value, except the fields finer than the finest one given, which take
/// their least (`{"hour":"1","minute":"5"}` runs once a day at 01:05:00, not every second of that minute). Times are
/// UTC; dayOfWeek 1 is Monday (ISO 8601); when both days are given, both must hold.
public struct QuerySchedule: Sendable, Equatable {
    public enum Field: String, Sendable, CaseIterable {
        case second, minute, hour, dayOfMonth, month, dayOfWeek

        var range: ClosedRange<Int> {
            switch self {
            case .second, .minute: 0...59
            case .hour: 0...23
            case .dayOfMonth: 1...31
            case .month: 1...12
            case .dayOfWeek: 1...7
            }
        }

        /// Finer fields come first; the two days are equally fine.
        var fineness: Int {
            switch self {
            case .second: 0
            case .minute: 1
            case .hour: 2
            case .dayOfMonth, .dayOfWeek: 3
            case .month: 4
            }
        }
    }

    public struct Invalid: Error, Sendable, Equatable, CustomStringConvertible {
        public var field: String
        public var reason: String
        public var description: String { "\(field): \(reason)" }
        public init(field: String, reason: String) { self.field = field; self.reason = reason }
    }

    /// The values each field takes.
    public var values: [Field: Set<Int>]

    /// Parses the schedule object; every member must be one of the six fields, each a well-formed list within its range.
    public init(_ object: JSONObject) throws(Invalid) {
        var given: [Field: Set<Int>] = [:]
        for (key, value) in object {
            guard let field = Field(rawValue: key) else {
                throw Invalid(field: key, reason: "not a schedule field (second, minute, hour, dayOfMonth, month, dayOfWeek)")
            }
            guard let text = value.stringValue ?? value.numberValue.map(\.literal) else {
                throw Invalid(field: key, reason: "must be a string such as \"0,30\" or \"[1-5]\"")
            }
            given[field] = try Self.parse(text, field)
        }
        guard let finest = given.keys.map(\.fineness).min() else {
            throw Invalid(field: "schedule", reason: "names no field; give at least one (e.g. {\"minute\": \"0\"} for every hour)")
        }
        var values: [Field: Set<Int>] = [:]
        for f in Field.allCases {
            values[f] = given[f] ?? (f.fineness < finest ? [f.range.lowerBound] : Set(f.range))
        }
        self.values = values
    }

    static func parse(_ text: String, _ field: Field) throws(Invalid) -> Set<Int> {
        var out = Set<Int>()
        for element in text.split(separator: ",", omittingEmptySubsequences: false) {
            let e = element.trimmingASCII()
            func number(_ s: Substring) throws(Invalid) -> Int {
                guard !s.isEmpty, s.allSatisfy(\.isASCIIDigit), s.count <= 2, let n = Int(s), field.range.contains(n) else {
                    throw Invalid(field: field.rawValue, reason: "\"\(s)\" is not a number from \(field.range.lowerBound) to \(field.range.upperBound)")
                }
                return n
            }
            if e.hasPrefix("["), e.hasSuffix("]") {
                let inner = e.dropFirst().dropLast()
                let bounds = inner.split(separator: "-", omittingEmptySubsequences: false)
                guard bounds.count == 2 else { throw Invalid(field: field.rawValue, reason: "a range is written [lo-hi], not \(e)") }
                let (lo, hi) = (try number(bounds[0]), try number(bounds[1]))
                guard lo <= hi else { throw Invalid(field: field.rawValue, reason: "the range \(e) is empty") }
                out.formUnion(lo...hi)
            } else {
                out.insert(try number(e))
            }
        }
        return out
    }

    /// The first time the schedule fires strictly after `after` (epoch ms), nil when it never does within five years
    /// (a 31 February).
    public func next(after: Int64) -> Int64? {
        let start = (after >= 0 ? after / 1000 : (after - 999) / 1000) + 1  // whole seconds, strictly after
        let startDay = Self.floorDiv(start, 86_400)
        let startSecond = Int(start - startDay * 86_400)
        let seconds = values[.second]!.sorted(), minutes = values[.minute]!.sorted(), hours = values[.hour]!.sorted()
        for day in startDay..<(startDay + 5 * 366 + 1) {
            let (_, month, dom) = Self.civil(day)
            // 1970-01-01 was a Thursday (ISO 4).
            let r = (day + 3) % 7
            let dow = Int(r < 0 ? r + 7 : r) + 1
            guard values[.month]!.contains(month), values[.dayOfMonth]!.contains(dom), values[.dayOfWeek]!.contains(dow) else { continue }
            let from = day == startDay ? startSecond : 0
            for h in hours where (h + 1) * 3600 > from {
                for m in minutes where h * 3600 + (m + 1) * 60 > from {
                    for s in seconds where h * 3600 + m * 60 + s >= from {
                        return (day * 86_400 + Int64(h * 3600 + m * 60 + s)) * 1000
                    }
                }
            }
        }
        return nil
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }

    /// Year, month and day of a day count since 1970-01-01 (H. Hinnant's civil_from_days).
    static func civil(_ days: Int64) -> (Int64, Int, Int) {
        let z = days + 719_468
        let era = floorDiv(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = Int(doy - (153 * mp + 2) / 5 + 1)
        let m = Int(mp < 10 ? mp + 3 : mp - 9)
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
