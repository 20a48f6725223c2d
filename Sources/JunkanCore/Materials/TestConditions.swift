import Foundation

/// The conditions a property value was measured under (ISO 10350-1 / CAMPUS: a value means nothing without them):
/// MFR at 230 °C / 2.16 kg is not MFR at 190 °C / 2.16 kg. Keys are typed; a value measured under other conditions
/// is another value, never compared with this one.
public struct TestConditions: Sendable, Hashable {
    public enum Value: Sendable, Hashable, CustomStringConvertible {
        case number(Double)
        case text(String)
        public var description: String {
            switch self {
            case .number(let d): JSONNumber(d).literal
            case .text(let s): s
            }
        }
    }

    public private(set) var values: [String: Value]

    public init(_ values: [String: Value] = [:]) { self.values = values }

    public subscript(key: String) -> Value? {
        get { values[key] }
        set { values[key] = newValue }
    }
    public var isEmpty: Bool { values.isEmpty }
    public var keys: [String] { values.keys.sorted() }

    /// The keys Junkan knows, what each means and whether it is a number (with its plausible range) or a word.
    public enum Key: String, Sendable, CaseIterable {
        case temperature = "temperature_C", load = "load_kg", stress = "stress_MPa", thickness = "thickness_mm"
        case method, testSpeed = "testSpeed_mm_min", conditioning

        var range: ClosedRange<Double>? {
            switch self {
            case .temperature: -100...500
            case .load: 0.1...30
            case .stress: 0.1...10
            case .thickness: 0.01...20
            case .testSpeed: 0.1...1000
            case .method, .conditioning: nil
            }
        }
        /// Words allowed for text keys.
        var words: Set<String>? {
            switch self {
            // ISO 1110 / ISO 291: polyamides are tested dry as moulded or conditioned to 50% RH.
            case .conditioning: ["dry", "conditioned"]
            default: nil
            }
        }
    }

    /// `temperature_C=230;load_kg=2.16`: one string per set of conditions (keys sorted), for lookups and storage.
    public var canonical: String { keys.map { "\($0)=\(values[$0]!)" }.joined(separator: ";") }

    /// The conditions without `key` (UL 94 ratings compare thickness by order, not by equality).
    public func removing(_ key: Key) -> TestConditions {
        var c = self
        c.values[key.rawValue] = nil
        return c
    }

    /// Human-readable: "230 °C, 2.16 kg".
    public var label: String {
        let order = Key.allCases.map(\.rawValue)
        return keys.sorted { (order.firstIndex(of: $0) ?? 99, $0) < (order.firstIndex(of: $1) ?? 99, $1) }.map { k -> String in
            let v = values[k]!.description
            switch Key(rawValue: k) {
            case .temperature: return "\(v) °C"
            case .load: return "\(v) kg"
            case .stress: return "\(v) MPa"
            case .thickness: return "\(v) mm"
            case .testSpeed: return "\(v) mm/min"
            default: return "\(k) \(v)"
            }
        }.joined(separator: ", ")
    }
}
