/// What is wrong with an EPCIS XML document: each problem with the line and the element where it was found (XML Schema
/// validation reports several at once).
public struct EPCISXMLError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Issue: Sendable, Equatable, CustomStringConvertible {
        public var line: Int?
        /// The element's name as written (`epcList`, `ext1:temperature`), when known.
        public var element: String?
        public var message: String

        public init(line: Int?, element: String?, message: String) {
            self.line = line
            self.element = element
            self.message = message
        }

        public var description: String {
            var at: [String] = []
            if let line, line > 0 { at.append("line \(line)") }
            if let element { at.append("element <\(element)>") }
            return at.isEmpty ? message : at.joined(separator: ", ") + ": " + message
        }
    }

    public var issues: [Issue]

    public init(_ issues: [Issue]) { self.issues = issues }
    public init(line: Int?, element: String?, _ message: String) { issues = [Issue(line: line, element: element, message: message)] }
    public init(at node: XMLElementNode, _ message: String) { self.init(line: node.line, element: node.qualifiedName, message) }

    public var description: String { issues.map(\.description).joined(separator: "; ") }
}
