package import JunkanCore

/// A whole number in a JSON body (`7` or `7.0`, as JSON Schema's `integer` allows both) within its range, else a 400
/// naming where.
package enum WholeNumber {
    /// `value` from 0 to `max` (both included); `d` when it is absent.
    package static func read(_ value: JSONValue?, at pointer: String, default d: Int, max: Int) throws -> Int {
        guard let value else { return d }
        let refusal = Problem.validation("must be a whole number from 0 to \(max)", pointer: pointer)
        guard let n = value.numberValue else { throw refusal }
        if n.isIntegerLiteral {
            guard let i = Int(n.literal), i >= 0, i <= max else { throw refusal }
            return i
        }
        let x = n.doubleValue
        guard x.rounded() == x, x >= 0, x <= Double(max) else { throw refusal }
        return Int(x)
    }
}
