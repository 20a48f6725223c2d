import Foundation

/// Small readers for material documents: each names the member it failed on, so errors carry a JSON pointer.
enum MaterialJSON {
    static func allowOnly(_ keys: Set<String>, in o: JSONObject) throws(MaterialError) {
        for k in o.keys where !keys.contains(k) {
            throw MaterialError("/\(k)", "unknown member; this object takes " + keys.sorted().joined(separator: ", "))
        }
    }

    static func string(_ o: JSONObject, _ key: String, maxLength: Int = 500) throws(MaterialError) -> String {
        guard let v = o[key] else { throw MaterialError("/\(key)", "\(key) is required") }
        guard let s = v.stringValue else { throw MaterialError("/\(key)", "\(key) is a string, found \(v.typeName)") }
        // Blank is empty (scalars, not Foundation's trimming: this runs for every string of every record read).
        guard !s.unicodeScalars.allSatisfy(\.properties.isWhitespace) else { throw MaterialError("/\(key)", "\(key) is empty") }
        // By scalars: a control character or a line break (Character.isNewline's U+0085, U+2028, U+2029) is refused; a
        // string of few enough bytes is short enough without counting its characters.
        guard s.utf8.count <= maxLength || s.count <= maxLength,
            !s.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x85 || $0.value == 0x2028 || $0.value == 0x2029 })
        else {
            throw MaterialError("/\(key)", "\(key) is one line of at most \(maxLength) characters")
        }
        return s
    }

    static func optionalString(_ o: JSONObject, _ key: String, maxLength: Int = 500) throws(MaterialError) -> String? {
        guard let v = o[key], v != .null else { return nil }
        return try string(o, key, maxLength: maxLength)
    }

    static func number(_ o: JSONObject, _ key: String, in range: ClosedRange<Double>? = nil, exclusiveMin: Bool = false) throws(MaterialError) -> Double {
        guard let v = o[key] else { throw MaterialError("/\(key)", "\(key) is required") }
        guard let n = v.numberValue?.doubleValue, n.isFinite else { throw MaterialError("/\(key)", "\(key) is a number, found \(v.typeName)") }
        if let range {
            guard range.contains(n), !(exclusiveMin && n == range.lowerBound) else {
                throw MaterialError(
                    "/\(key)",
                    "\(key) must be \(exclusiveMin ? "above" : "at least") \(JSONNumber(range.lowerBound).literal)"
                        + (range.upperBound.isFinite ? " and at most \(JSONNumber(range.upperBound).literal)" : "") + ", found \(JSONNumber(n).literal)")
            }
        }
        return n
    }

    static func optionalNumber(
        _ o: JSONObject, _ key: String, in range: ClosedRange<Double>? = nil, exclusiveMin: Bool = false
    ) throws(MaterialError) -> Double? {
        guard let v = o[key], v != .null else { return nil }
        return try number(o, key, in: range, exclusiveMin: exclusiveMin)
    }

    static func object(_ o: JSONObject, _ key: String) throws(MaterialError) -> JSONObject? {
        guard let v = o[key], v != .null else { return nil }
        guard let obj = v.objectValue else { throw MaterialError("/\(key)", "\(key) is an object, found \(v.typeName)") }
        return obj
    }

    static func array(_ o: JSONObject, _ key: String) throws(MaterialError) -> [JSONValue]? {
        guard let v = o[key], v != .null else { return nil }
        guard let a = v.arrayValue else { throw MaterialError("/\(key)", "\(key) is an array, found \(v.typeName)") }
        return a
    }

    /// Property values, none twice for the same property and conditions.
    static func properties(_ o: JSONObject) throws(MaterialError) -> [PropertyValue] {
        var values: [PropertyValue] = []
        var seen: Set<String> = []
        for (i, item) in (try array(o, "properties") ?? []).enumerated() {
            let v: PropertyValue
            do { v = try PropertyValue.decode(item) } catch { throw error.under("/properties/\(i)") }
            guard seen.insert(v.property + "|" + v.conditions.canonical).inserted else {
                throw MaterialError("/properties/\(i)", "\(v.property)\(v.conditions.isEmpty ? "" : " at " + v.conditions.label) is given twice")
            }
            values.append(v)
        }
        return values
    }

    static func conditions(_ c: TestConditions) -> JSONValue {
        .object(
            JSONObject(
                c.keys.map { k in
                    switch c[k]! {
                    case .number(let d): (key: k, value: .number(JSONNumber(d)))
                    case .text(let s): (key: k, value: .string(s))
                    }
                }))
    }

    static func number(_ d: Double) -> JSONValue { .number(JSONNumber(d)) }
}
