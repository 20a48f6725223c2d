public import Foundation
public import JunkanCore

/// The shared fixtures (`../shared/fixtures` beside the checkout, or `$JUNKAN_FIXTURES`).
public enum Fixtures {
    public static let root: URL = {
        if let env = ProcessInfo.processInfo.environment["JUNKAN_FIXTURES"] { return URL(fileURLWithPath: env) }
        // Tests/JunkanTestSupport/Fixtures.swift → package root → ../shared/fixtures
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/fixtures")
    }()

    public static func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }

    public static func data(_ relative: String) throws -> Data { try Data(contentsOf: url(relative)) }

    public static func json(_ relative: String) throws -> JSONValue { try JSONParser.parse(Array(try data(relative))) }

    /// Files below a fixture folder (recursively) whose names end with `suffix`, relative to the fixtures root, sorted.
    public static func files(under folder: String, suffix: String) -> [String] {
        let base = url(folder)
        guard let e = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { return [] }
        var out: [String] = []
        for case let f as URL in e where f.lastPathComponent.hasSuffix(suffix) {
            out.append(folder + "/" + f.path.dropFirst(base.path.count + 1))
        }
        return out.sorted()
    }

    /// Lines of a text fixture, without a trailing empty line.
    public static func lines(_ relative: String) throws -> [String] {
        let text = String(decoding: try data(relative), as: UTF8.self)
        var lines = text.components(separatedBy: "\n")
        while lines.last == "" { lines.removeLast() }
        return lines.map { $0.hasSuffix("\r") ? String($0.dropLast()) : $0 }
    }
}
