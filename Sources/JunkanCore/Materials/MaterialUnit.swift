import Foundation

/// The units property values may be given in, each with its dimension and the factor (and offset) to the dimension's
/// canonical unit, in which values are stored compared and blended. Spellings on data sheets vary (`g/10 min`,
/// `cm³/10min`, `N/mm²`); `parse` takes the common ones.
public enum MaterialUnit: String, Sendable, CaseIterable {
    case gramsPer10min = "g/10min"
    case cubicCentimetresPer10min = "cm3/10min"
    case kilogramsPerCubicMetre = "kg/m3"
    case gramsPerCubicCentimetre = "g/cm3"
    case megapascal = "MPa"
    case gigapascal = "GPa"
    case percent = "%"
    case partsPerMillion = "ppm"
    case kilojoulesPerSquareMetre = "kJ/m2"
    case degreesCelsius = "°C"
    case kelvin = "K"
    case millimetre = "mm"
    case micrometre = "µm"
    /// A grade on a scale (VDA 270 odour 1–6) or a class (UL 94): no physical unit.
    case grade = "grade"
    case classification = "class"

    public enum Dimension: String, Sendable {
        case massFlowRate = "mass flow rate", volumeFlowRate = "volume flow rate", density, stress, ratio, impactEnergy = "impact energy"
        case temperature, length, grade, classification = "class"

        public var canonical: MaterialUnit {
            switch self {
            case .massFlowRate: .gramsPer10min
            case .volumeFlowRate: .cubicCentimetresPer10min
            case .density: .kilogramsPerCubicMetre
            case .stress: .megapascal
            case .ratio: .percent
            case .impactEnergy: .kilojoulesPerSquareMetre
            case .temperature: .degreesCelsius
            case .length: .millimetre
            case .grade: .grade
            case .classification: .classification
            }
        }
        public var units: [MaterialUnit] { MaterialUnit.allCases.filter { $0.dimension == self } }
    }

    public var dimension: Dimension {
        switch self {
        case .gramsPer10min: .massFlowRate
        case .cubicCentimetresPer10min: .volumeFlowRate
        case .kilogramsPerCubicMetre, .gramsPerCubicCentimetre: .density
        case .megapascal, .gigapascal: .stress
        case .percent, .partsPerMillion: .ratio
        case .kilojoulesPerSquareMetre: .impactEnergy
        case .degreesCelsius, .kelvin: .temperature
        case .millimetre, .micrometre: .length
        case .grade: .grade
        case .classification: .classification
        }
    }

    /// `value` in this unit expressed in the dimension's canonical unit.
    public func toCanonical(_ value: Double) -> Double {
        switch self {
        case .gramsPerCubicCentimetre: value * 1000
        case .gigapascal: value * 1000
        case .partsPerMillion: value / 10_000
        case .kelvin: value - 273.15
        case .micrometre: value / 1000
        default: value
        }
    }

    /// A canonical value expressed in this unit.
    public func fromCanonical(_ value: Double) -> Double {
        switch self {
        case .gramsPerCubicCentimetre: value / 1000
        case .gigapascal: value / 1000
        case .partsPerMillion: value * 10_000
        case .kelvin: value + 273.15
        case .micrometre: value * 1000
        default: value
        }
    }

    public static func parse(_ text: String) -> MaterialUnit? {
        let compact = text.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "³", with: "3")
            .replacingOccurrences(of: "²", with: "2").replacingOccurrences(of: "μ", with: "µ")
        if let u = MaterialUnit(rawValue: compact) { return u }
        return spellings[compact.lowercased()]
    }

    private static let spellings: [String: MaterialUnit] = [
        "g/10min": .gramsPer10min, "cm3/10min": .cubicCentimetresPer10min, "ml/10min": .cubicCentimetresPer10min,
        "kg/m3": .kilogramsPerCubicMetre, "g/cm3": .gramsPerCubicCentimetre, "g/ml": .gramsPerCubicCentimetre,
        "mpa": .megapascal, "n/mm2": .megapascal, "gpa": .gigapascal, "%": .percent, "ppm": .partsPerMillion,
        "mg/kg": .partsPerMillion, "kj/m2": .kilojoulesPerSquareMetre, "°c": .degreesCelsius, "degc": .degreesCelsius,
        "celsius": .degreesCelsius, "k": .kelvin, "mm": .millimetre, "µm": .micrometre, "um": .micrometre,
        "grade": .grade, "class": .classification
    ]
}
