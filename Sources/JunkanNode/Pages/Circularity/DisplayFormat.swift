import Foundation

/// Numbers as a page shows them (JSON and CSV stay unrounded): fixed decimals and thousands separators, the same on
/// every machine whatever its locale.
package enum DisplayFormat {
    package static func number(_ d: Double, decimals: Int = 0) -> String {
        guard d.isFinite else { return "—" }
        let s = String(format: "%.\(decimals)f", abs(d))
        let parts = s.split(separator: ".", maxSplits: 1)
        var whole = String(parts[0])
        var grouped = ""
        while whole.count > 3 {
            grouped = "," + whole.suffix(3) + grouped
            whole = String(whole.dropLast(3))
        }
        let sign = d < 0 && s.contains(where: { $0 != "0" && $0 != "." }) ? "−" : ""
        return sign + whole + grouped + (parts.count > 1 ? "." + parts[1] : "")
    }

    package static func tonnes(_ d: Double) -> String { number(d, decimals: d != 0 && abs(d) < 10 ? 2 : 0) + " t" }

    package static func percent(_ fraction: Double?, decimals: Int = 1) -> String {
        fraction.map { number($0 * 100, decimals: decimals) + "%" } ?? "—"
    }
}
