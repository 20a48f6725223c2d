import ArgumentParser
import Foundation
import JunkanStore

/// The demo's data, kept as files in the junkan target's resources (`Resources/Demo/`, written by
/// scripts/gen-demo-circularity.py and scripts/gen-demo-materials.py) and read when the demo starts.
enum DemoResources {
    /// The text of `Resources/Demo/<path>`.
    static func text(_ path: String) throws -> String {
        let url = Bundle.module.resourceURL?.appendingPathComponent("Demo").appendingPathComponent(path)
        guard let url, let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw ValidationError("the demo's data file \(path) is missing from junkan's resources (\(Bundle.module.bundlePath))")
        }
        return text
    }
}

/// Five fiscal years of circularity records, shaped after the figures in PRODUCT.md.
enum DemoCircularity {
    /// File name → contents, as `junkan import circularity` would read them, in the order they are imported.
    static func files() throws -> [(name: String, text: String)] {
        try ["waste.csv", "collection.csv", "plastic_waste.csv", "sales.csv", "targets.csv", "prtr.csv"].map { name in
            (name, try DemoResources.text("circularity/" + name))
        }
    }
}

/// The materials bank (docs/materials.md): grades, each citing its source and whether its values were checked against a
/// stored copy, recalled from the data sheet or are illustrative; lots on offer; buyers' requests.
enum DemoMaterials {
    static func json() throws -> String { try DemoResources.text("materials.json") }
}
