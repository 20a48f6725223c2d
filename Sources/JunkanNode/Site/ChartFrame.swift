import JunkanCore

/// The frame of a site page's inline SVG chart: a 640-wide viewBox, labelled by its title and description (for screen
/// readers, and for check-pages, which fails a chart without them), and the same frame saying it has nothing to show.
enum ChartFrame {
    static let width = 640.0, height = 220.0

    /// The SVG's opening, its title and its description; the caller draws, then closes with `</svg>`.
    static func open(id: String, title: String, desc: String, width: Double = Self.width, height: Double = Self.height) -> String {
        "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" "
            + "aria-labelledby=\"\(id)-title \(id)-desc\"><title id=\"\(id)-title\">\(XMLText.content(title))</title>"
            + "<desc id=\"\(id)-desc\">\(XMLText.content(desc))</desc>"
    }

    /// A whole chart that says it is empty (check-pages accepts a chart without shapes only with its `.empty` text).
    static func empty(id: String, title: String, text: String) -> String {
        open(id: id, title: title, desc: text)
            + "<text class=\"empty\" x=\"\(Int(width / 2))\" y=\"\(Int(height / 2))\" text-anchor=\"middle\">\(XMLText.content(text))</text></svg>"
    }
}
