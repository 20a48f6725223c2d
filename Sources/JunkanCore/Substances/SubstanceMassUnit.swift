/// The mass units of material declarations (IEC 62474's `unitOfMeasure`: SI symbols), in kilograms.
public struct SubstanceMassUnit: Sendable {
    public let kilograms: Double

    private static let units: [String: Double] = ["kg": 1, "g": 1e-3, "mg": 1e-6, "ug": 1e-9, "µg": 1e-9, "t": 1e3]
    public static let names = "kg, g, mg, µg (ug), t"

    public init?(_ symbol: String) {
        guard let k = Self.units[symbol.trimmingXMLWhitespace] else { return nil }
        kilograms = k
    }
}
