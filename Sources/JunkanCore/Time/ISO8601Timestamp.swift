/// An ISO 8601 / xsd:dateTimeStamp timestamp, parsed without Foundation so the core stays pure and
/// fast. Keeps microseconds (digits past six are truncated, as Python's dateutil does).
public struct ISO8601Timestamp: Sendable, Hashable {
    public var year: Int, month: Int, day: Int
    public var hour: Int, minute: Int, second: Int
    public var microsecond: Int
    /// Offset from UTC in seconds; nil when the text had no zone (read as UTC).
    public var offsetSeconds: Int?

    /// Parses `YYYY-MM-DD[(T|t| )hh:mm[:ss[.f…]]][Z|±hh[:mm]|±hhmm]`.
    public static func parse(_ raw: String) -> ISO8601Timestamp? {
        // Read in place (every timestamp of every captured or hashed event comes through here).
        let text = PythonString.strip(raw)
        return text.utf8.withContiguousStorageIfAvailable(parse(bytes:)) ?? Array(text.utf8).withUnsafeBufferPointer(parse(bytes:))
    }

    static func parse(bytes b: UnsafeBufferPointer<UInt8>) -> ISO8601Timestamp? {
        var i = 0
        func num(_ n: Int) -> Int? {
            guard i + n <= b.count else { return nil }
            var v = 0
            for k in 0..<n {
                let c = b[i + k]
                guard ASCII.isDigit(c) else { return nil }
                v = v * 10 + Int(c - 0x30)
            }
            i += n
            return v
        }
        func eat(_ c: Unicode.Scalar) -> Bool {
            if i < b.count, b[i] == UInt8(ascii: c) { i += 1; return true }
            return false
        }
        guard let y = num(4), eat("-"), let mo = num(2), eat("-"), let d = num(2) else { return nil }
        var t = ISO8601Timestamp(year: y, month: mo, day: d, hour: 0, minute: 0, second: 0, microsecond: 0, offsetSeconds: nil)
        if i < b.count, b[i] == UInt8(ascii: "T") || b[i] == UInt8(ascii: "t") || b[i] == UInt8(ascii: " ") {
            i += 1
            guard let h = num(2), eat(":"), let mi = num(2) else { return nil }
            t.hour = h
            t.minute = mi
            if eat(":") {
                guard let s = num(2) else { return nil }
                t.second = s
                if eat(".") || eat(",") {
                    var frac = 0, count = 0
                    while i < b.count, b[i] >= 0x30, b[i] <= 0x39 {
                        if count < 6 { frac = frac * 10 + Int(b[i] - 0x30); count += 1 }
                        i += 1
                    }
                    guard count > 0 else { return nil }
                    for _ in count..<6 { frac *= 10 }
                    t.microsecond = frac
                }
            }
            if eat("Z") || eat("z") {
                t.offsetSeconds = 0
            } else if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
                let sign = b[i] == UInt8(ascii: "-") ? -1 : 1
                i += 1
                guard let oh = num(2) else { return nil }
                var om = 0
                if eat(":") { guard let m = num(2) else { return nil }; om = m } else if let m = num(2) { om = m }
                guard oh < 24, om < 60 else { return nil }
                t.offsetSeconds = sign * (oh * 3600 + om * 60)
            }
        }
        guard i == b.count, t.isValid else { return nil }
        return t
    }

    var isValid: Bool {
        guard (1...12).contains(month), day >= 1, hour < 24, minute < 60, second < 60 else { return false }
        return day <= Self.daysIn(month: month, year: year)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Seconds since 1970-01-01T00:00:00Z (days-from-civil, H. Hinnant).
    public var epochSeconds: Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = Int64((month + 9) % 12)
        let doy = (153 * mp + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146097 + doe - 719468
        return days * 86400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetSeconds ?? 0)
    }

    /// Milliseconds since the epoch, truncated: what the store indexes and queries compare.
    public var epochMilliseconds: Int64 { epochSeconds * 1000 + Int64(microsecond / 1000) }
    public var epochMicroseconds: Int64 { epochSeconds * 1_000_000 + Int64(microsecond) }

    /// `YYYY-MM-DDThh:mm:ss.mmmZ` in UTC, with the given milliseconds.
    public static func utcString(epochSeconds: Int64, milliseconds: Int) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(24)
        appendUTC(epochSeconds: epochSeconds, milliseconds: milliseconds, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `utcString`'s text appended to `out` (the event hash writes it straight into the pre-hash).
    static func appendUTC(epochSeconds: Int64, milliseconds: Int, to out: inout [UInt8]) {
        let days = epochSeconds >= 0 ? epochSeconds / 86400 : (epochSeconds - 86399) / 86400
        let secs = Int(epochSeconds - days * 86400)
        let (y, m, d) = civil(days: days)
        // Written into a buffer on the stack and appended once (an append per digit, and turning each field round, were
        // most of this function's time when the event hash wrote a timestamp per event). 64 bytes hold any Int64 fields.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { b in
            var n = 0
            func put(_ c: UInt8) { b[n] = c; n += 1 }
            func pad(_ v: Int64, _ width: Int) {  // String(v) left-padded with zeros to `width` characters
                var digits = 1
                var x = v.magnitude
                while x >= 10 { x /= 10; digits += 1 }
                for _ in 0..<max(0, width - digits - (v < 0 ? 1 : 0)) { put(0x30) }
                if v < 0 { put(UInt8(ascii: "-")) }
                x = v.magnitude
                for k in stride(from: n + digits - 1, through: n, by: -1) {
                    b[k] = UInt8(x % 10) + 0x30
                    x /= 10
                }
                n += digits
            }
            pad(y, 4); put(UInt8(ascii: "-")); pad(m, 2); put(UInt8(ascii: "-")); pad(d, 2)
            put(UInt8(ascii: "T")); pad(Int64(secs / 3600), 2); put(UInt8(ascii: ":")); pad(Int64(secs % 3600 / 60), 2)
            put(UInt8(ascii: ":")); pad(Int64(secs % 60), 2); put(UInt8(ascii: ".")); pad(Int64(milliseconds), 3)
            put(UInt8(ascii: "Z"))
            out.append(contentsOf: UnsafeBufferPointer(rebasing: b[..<n]))
        }
    }

    /// The calendar date of a day number (days since 1970-01-01), civil-from-days (H. Hinnant).
    public static func civil(days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// The local calendar date of this instant at a UTC offset written `+hh:mm` / `-hh:mm` (EPCIS eventTimeZoneOffset);
    /// nil when the offset does not read.
    public func localDate(offset: String) -> (year: Int, month: Int, day: Int)? {
        let u = Array(offset.utf8)
        guard u.count == 6, u[0] == UInt8(ascii: "+") || u[0] == UInt8(ascii: "-"), u[3] == UInt8(ascii: ":"),
            let h = Int(offset.dropFirst(1).prefix(2)), let m = Int(offset.suffix(2)), h <= 14, m < 60
        else { return nil }
        let local = epochSeconds + Int64((u[0] == UInt8(ascii: "-") ? -1 : 1) * (h * 3600 + m * 60))
        let (y, mo, d) = Self.civil(days: local >= 0 ? local / 86400 : (local - 86399) / 86400)
        return (Int(y), Int(mo), Int(d))
    }

    public static func utcString(epochMilliseconds ms: Int64) -> String {
        let s = ms >= 0 ? ms / 1000 : (ms - 999) / 1000
        return utcString(epochSeconds: s, milliseconds: Int(ms - s * 1000))
    }
}
