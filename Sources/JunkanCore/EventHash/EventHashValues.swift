/// Value canonicalisation for the event hash (CBV 2.0 §8.9.3): web-vocabulary URIs for old CBV URNs,
/// numbers without redundant zeros, timestamps in UTC at millisecond precision, and GS1 keys as
/// canonical Digital Link URIs.
enum EventHashValues {
    static func canonize(_ text: String) throws(EventHashError) -> String {
        var t = webVocabulary(text)
        t = try PythonNumber.formatNumeric(t)
        return EventHashDigitalLink.normalise(t) ?? t
    }

    /// CBV 2.0 §8.9.3: CBV 1.x URN values are hashed as their web-vocabulary equivalents.
    static func webVocabulary(_ text: String) -> String {
        guard text.containsBytes("urn:epcglobal:cbv:") else { return text }
        // One pass over the bytes: each "urn:epcglobal:cbv:{kind}:" of the five kinds becomes its web prefix. (No
        // replacement text contains "urn:", so replacing all at once is replacing the kinds one after another.)
        let b = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(b.count + 16)
        var i = 0
        outer: while i < b.count {
            if b[i] == UInt8(ascii: "u") {
                for (urn, web) in webPrefixes where b.count - i >= urn.count && b[i..<(i + urn.count)].elementsEqual(urn) {
                    out += web
                    i += urn.count
                    continue outer
                }
            }
            out.append(b[i])
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    static let webPrefixes: [([UInt8], [UInt8])] = [
        ("urn:epcglobal:cbv:bizstep:", "https://ref.gs1.org/cbv/BizStep-"), ("urn:epcglobal:cbv:disp:", "https://ref.gs1.org/cbv/Disp-"),
        ("urn:epcglobal:cbv:btt:", "https://ref.gs1.org/cbv/BTT-"), ("urn:epcglobal:cbv:sdt:", "https://ref.gs1.org/cbv/SDT-"),
        ("urn:epcglobal:cbv:er:", "https://ref.gs1.org/cbv/ER-")
    ].map { (Array($0.0.utf8), Array($0.1.utf8)) }

    /// CBV 2.0 §8.9.3: timestamps in UTC, millisecond precision, 'Z'. A value that is not a timestamp
    /// is kept as it is (as the reference does).
    static func fixTimestamp(_ text: String) throws(EventHashError) -> String {
        guard let ts = ISO8601Timestamp.parse(text) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(24)
        appendUTC(of: ts, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The timestamp in UTC at millisecond precision, appended to `out`.
    static func appendUTC(of ts: ISO8601Timestamp, to out: inout [UInt8]) {
        // The reference rounds microseconds to milliseconds half-to-even (Python's round(x, -3)).
        let micro = ts.microsecond
        var milli = micro / 1000
        let rest = micro % 1000
        if rest > 500 || (rest == 500 && milli % 2 == 1) { milli += 1 }
        if milli == 1000 {
            // Rounds up into the next second. (The reference generator raises here, on Python's
            // datetime.replace(microsecond=1000000), and leaves the event out; CBV 2.0 asks only for
            // millisecond precision, so we carry.)
            return ISO8601Timestamp.appendUTC(epochSeconds: ts.epochSeconds + 1, milliseconds: 0, to: &out)
        }
        ISO8601Timestamp.appendUTC(epochSeconds: ts.epochSeconds, milliseconds: milli, to: &out)
    }
}
