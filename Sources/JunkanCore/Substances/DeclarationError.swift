/// Why a material declaration was refused: every element that could not be read, with its path in the document
/// (`/Main/Product/Composition/ProductPart[2]/Material[1]/Substance[3]`, or a JSON pointer), its line when it came
/// from XML, and the reason. A declaration with any issue is refused whole: nothing of it is stored.
public struct DeclarationError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Issue: Sendable, Equatable, CustomStringConvertible {
        public var path: String
        public var line: Int?
        public var reason: String

        public init(path: String, line: Int? = nil, reason: String) {
            self.path = path
            self.line = line
            self.reason = reason
        }

        public var description: String { (line.map { "line \($0), " } ?? "") + path + ": " + reason }
    }

    public var issues: [Issue]

    public init(_ issues: [Issue]) { self.issues = issues }
    public init(path: String, line: Int? = nil, _ reason: String) { issues = [Issue(path: path, line: line, reason: reason)] }

    public var description: String { issues.map(\.description).joined(separator: "; ") }

    /// At most this many issues are kept: a broken file of 100,000 substances says what is wrong without 100,000 lines.
    public static let limit = 50
}
