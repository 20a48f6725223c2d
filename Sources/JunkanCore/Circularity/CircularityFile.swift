/// The six import files, their exact headers, and what a re-import replaces (docs/circularity.md).
public enum CircularityFile: String, Sendable, CaseIterable {
    case waste, collection, plasticWaste = "plastic_waste", sales, targets, prtr

    public var fileName: String { rawValue + ".csv" }

    public var header: [String] {
        switch self {
        case .waste: ["fiscal_year", "site", "region", "category", "subcategory", "treatment", "mass_t"]
        case .collection:
            [
                "fiscal_year", "product_type", "collected_t", "reused_t", "parts_reused_t", "material_recycled_t",
                "thermal_recycled_t", "disposed_t"
            ]
        case .plasticWaste: ["fiscal_year", "scope", "mass_t"]
        case .sales: ["fiscal_year", "scope", "net_sales_million_jpy"]
        case .targets: ["indicator", "scope", "base_year", "target_year", "target_change_pct", "basis"]
        case .prtr:
            [
                "fiscal_year", "site", "substance", "cas", "handled_kg", "consumed_kg", "recycled_kg", "emitted_air_kg",
                "emitted_water_kg", "transferred_waste_kg", "treated_kg"
            ]
        }
    }

    /// `waste.csv` → `.waste`; nil for any other name.
    public init?(fileName: String) {
        guard fileName.hasSuffix(".csv"), let f = CircularityFile(rawValue: String(fileName.dropLast(4))) else { return nil }
        self = f
    }

    /// The file whose header this is: the six headers differ, so a body sent without a name still says what it is.
    public init?(header: [String]) {
        guard let f = Self.allCases.first(where: { $0.header == header }) else { return nil }
        self = f
    }
}

/// A row (or the file) that cannot be imported: file, 1-based line, and why.
public struct CircularityRowError: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var reason: String
    public init(file: String, line: Int, reason: String) { self.file = file; self.line = line; self.reason = reason }
    public var description: String { "\(file):\(line): \(reason)" }
}

/// Why nothing of a file was stored: every bad row it has (up to `CircularityImport.maxErrors`).
public struct CircularityImportError: Error, Sendable, Equatable {
    public var file: String
    public var errors: [CircularityRowError]
    /// Bad rows beyond those listed.
    public var more: Int
    public init(file: String, errors: [CircularityRowError], more: Int = 0) { self.file = file; self.errors = errors; self.more = more }
}

extension CircularityImportError {
    /// A file refused for one reason, at one line.
    static func single(file: String, line: Int, reason: String) -> CircularityImportError {
        CircularityImportError(file: file, errors: [.init(file: file, line: line, reason: reason)])
    }
}
