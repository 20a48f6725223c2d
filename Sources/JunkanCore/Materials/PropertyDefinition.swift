/// One property Junkan knows: its code (CAMPUS / ISO 10350-1 single-point data), dimension, accepted test standards,
/// the conditions a value needs to mean anything, the range of plausible values (which catches the classic slips:
/// a density of 0.905 labelled kg/m³, a modulus in GPa labelled MPa) and how it behaves in a blend.
public struct PropertyDefinition: Sendable {
    public enum BlendRule: String, Sendable {
        /// ln P of the blend = Σ wᵢ ln Pᵢ (melt flow: the log-additive mixing rule of viscosities).
        case logLinear = "ln-linear"
        /// 1/P = Σ wᵢ/Pᵢ (density: volumes add).
        case reciprocalLinear = "reciprocal-linear"
        /// P = Σ wᵢ Pᵢ (tensile modulus to first order; mass fractions such as ash or moisture exactly).
        case linear
        /// No valid rule: a blend is bounded by its worst component and needs a test.
        case worstComponent = "worst-component"
    }

    public let code: String
    public let name: String
    public let dimension: MaterialUnit.Dimension
    /// Accepted standards (compared without spaces, case or edition year); nil takes any named standard.
    public let standards: [String]?
    public let required: [TestConditions.Key]
    /// Plausible values, in the canonical unit.
    public let plausible: ClosedRange<Double>?
    public let rule: BlendRule
    /// For `worstComponent` properties: whether a higher value is better (so the worst component is the lowest).
    public let higherIsBetter: Bool

    /// The catalogue by code.
    public static func named(_ code: String) -> PropertyDefinition? { catalogue[code] }
    public static var codes: [String] { order }

    /// The accepted spelling of `standard` ("ISO 1133-1:2011" → "ISO 1133-1"), or nil when this property does not take it.
    public func standard(_ text: String) -> String? {
        let key = Self.standardKey(text)
        guard !key.isEmpty else { return nil }
        guard let standards else { return text.split(separator: " ").joined(separator: " ") }
        return standards.first { Self.standardKey($0) == key }
    }

    static func standardKey(_ s: String) -> String {
        var k = s.uppercased().filter { !$0.isWhitespace }
        // An edition year after a colon does not change which property is measured.
        if let colon = k.lastIndex(of: ":"), k[k.index(after: colon)...].allSatisfy(\.isNumber), k.distance(from: colon, to: k.endIndex) == 5 {
            k = String(k[..<colon])
        }
        return k
    }
}
