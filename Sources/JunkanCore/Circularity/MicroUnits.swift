/// Exact sums of decimal amounts. Imported amounts have at most six decimals and stay below 10⁹ (`CircularityImport`
/// checks), so each is a whole number of millionths (grams of a tonne, milligrams of a kilogram) that a Double's
/// 53-bit significand recovers exactly; summing those integers and dividing once gives the decimal total a person
/// adds up by hand (38,516, not 38,515.99999999999).
package enum MicroUnits {
    static let perUnit = 1_000_000.0
    package static func units(_ d: Double) -> Int64 { Int64((d * perUnit).rounded()) }
    package static func value(_ u: Int64) -> Double { Double(u) / perUnit }
}
