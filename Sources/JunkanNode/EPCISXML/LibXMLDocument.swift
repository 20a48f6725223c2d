import CLibXML2
import Foundation
import JunkanCore

/// A document parsed by libxml2: well-formed, with no DTD declarations, no network access, no entity expansion
/// beyond XML's own five. It is validated against an XML Schema here and then read into `XMLElementNode`s, after which
/// nothing of libxml2 is held.
struct LibXMLDocument: ~Copyable {
    private let doc: xmlDocPtr

    /// A limit on nesting, below libxml2's own (256), so reading the tree never recurses deep.
    static let maxDepth = 128

    /// Parses `bytes`; the errors carry the parser's line numbers.
    init(_ bytes: UnsafeRawBufferPointer) throws(EPCISXMLError) {
        LibXML.initialise()
        let collector = XMLIssueCollector()
        guard let context = xmlNewParserCtxt() else { throw EPCISXMLError(line: nil, element: nil, "the XML parser could not start") }
        defer { xmlFreeParserCtxt(context) }
        // NONET: nothing is fetched (no external DTD or entity); without NOENT and DTDLOAD no entity of a DTD is
        // expanded, and a document that declares any is refused below.
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue)
        let parsed = collector.collecting { handler, data in
            xmlSetStructuredErrorFunc(data, handler)
            defer { xmlSetStructuredErrorFunc(nil, nil) }
            return bytes.withMemoryRebound(to: CChar.self) { chars in
                xmlCtxtReadMemory(context, chars.baseAddress, Int32(clamping: chars.count), "document.xml", nil, options)
            }
        }
        guard let parsed, context.pointee.wellFormed != 0, context.pointee.nsWellFormed != 0 else {
            if let parsed { xmlFreeDoc(parsed) }
            throw EPCISXMLError(collector.issues.isEmpty ? [.init(line: nil, element: nil, message: "the body is not well-formed XML")] : collector.issues)
        }
        if let dtd = parsed.pointee.intSubset, dtd.pointee.children != nil {
            xmlFreeDoc(parsed)
            throw EPCISXMLError(
                line: nil, element: nil, "the document declares a DTD (entities or elements); EPCIS XML is defined by its XML Schema, and DTDs are refused")
        }
        doc = parsed
    }

    deinit { xmlFreeDoc(doc) }

    /// Checks the document against `schema`: every problem (up to 20) with its line and element.
    func validate(against schema: XMLSchema) throws(EPCISXMLError) {
        let collector = XMLIssueCollector()
        guard let validation = xmlSchemaNewValidCtxt(schema.pointer) else {
            throw EPCISXMLError(line: nil, element: nil, "the XML Schema validator could not start")
        }
        defer { xmlSchemaFreeValidCtxt(validation) }
        let result = collector.collecting { handler, data in
            xmlSchemaSetValidStructuredErrors(validation, handler, data)
            return xmlSchemaValidateDoc(validation, doc)
        }
        guard result == 0 else {
            throw EPCISXMLError(
                collector.issues.isEmpty ? [.init(line: nil, element: nil, message: "the document is not valid against \(schema.name)")] : collector.issues)
        }
    }

    /// The root element and everything under it.
    func root() throws(EPCISXMLError) -> XMLElementNode {
        guard let root = xmlDocGetRootElement(doc) else { throw EPCISXMLError(line: nil, element: nil, "the document has no root element") }
        return try Self.element(root, depth: 1)
    }

    private static func element(_ node: xmlNodePtr, depth: Int) throws(EPCISXMLError) -> XMLElementNode {
        let n = node.pointee
        var e = XMLElementNode(name: String(cString: n.name), line: xmlGetLineNo(node))
        if let ns = n.ns {
            e.namespace = ns.pointee.href.map { String(cString: $0) }
            e.prefix = ns.pointee.prefix.map { String(cString: $0) }
        }
        guard depth <= maxDepth else { throw EPCISXMLError(at: e, "the document nests deeper than \(maxDepth) elements") }
        var attribute = n.properties
        while let a = attribute {
            var value = ""
            var text = a.pointee.children
            while let t = text {
                if let content = t.pointee.content { value += String(cString: content) }
                text = t.pointee.next
            }
            e.attributes.append(
                .init(
                    name: String(cString: a.pointee.name), namespace: a.pointee.ns?.pointee.href.map { String(cString: $0) },
                    prefix: a.pointee.ns?.pointee.prefix.map { String(cString: $0) }, value: value))
            attribute = a.pointee.next
        }
        var child = n.children
        while let c = child {
            switch c.pointee.type {
            case XML_ELEMENT_NODE: e.children.append(try element(c, depth: depth + 1))
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE: if let content = c.pointee.content { e.text += String(cString: content) }
            default: break
            }
            child = c.pointee.next
        }
        return e
    }
}

/// libxml2's one-time set-up: its documentation asks that `xmlInitParser` run before threads use the library.
/// libxml2 2.9 also builds its XML Schema built-in types lazily, in the first `xmlSchemaParse`, with no lock: two
/// schemas parsed at once on two threads (the four schemas are four lazy statics, first used by concurrent requests
/// or tests) could each build them, and one schema then failed with "not validly derived from … anyType" or the
/// process aborted in `free`. They are built here, once, before any schema is parsed.
enum LibXML {
    private static let initialised: Bool = {
        xmlInitParser()
        xmlSchemaInitTypes()
        return true
    }()

    static func initialise() { _ = initialised }

    /// Serialises schema parsing: libxml2 documents its schema *parser* as not safe to run on two threads at once
    /// (validation with a context per request is). It runs four times per process, so the lock costs nothing.
    static let schemaParsing = NSLock()
}

/// Collects libxml2's structured errors (at most 20) while one call runs, on this thread.
final class XMLIssueCollector {
    private(set) var issues: [EPCISXMLError.Issue] = []
    private static let limit = 20

    /// Runs `body` with a C error handler and the pointer to pass it as its user data.
    func collecting<T>(_ body: (xmlStructuredErrorFunc, UnsafeMutableRawPointer) -> T) -> T {
        let data = Unmanaged.passUnretained(self).toOpaque()
        return withExtendedLifetime(self) {
            body(
                { data, error in
                    guard let data, let error else { return }
                    Unmanaged<XMLIssueCollector>.fromOpaque(data).takeUnretainedValue().add(error.pointee)
                }, data)
        }
    }

    private func add(_ error: xmlError) {
        // Warnings (a namespace URI that is not absolute, say) do not make a document wrong.
        guard error.level.rawValue >= XML_ERR_ERROR.rawValue, issues.count < Self.limit else { return }
        var element: String?
        if let raw = error.node {
            let node = raw.assumingMemoryBound(to: xmlNode.self).pointee
            if node.type == XML_ELEMENT_NODE || node.type == XML_ATTRIBUTE_NODE, let name = node.name {
                element = String(cString: name)
                if let prefix = node.ns?.pointee.prefix { element = String(cString: prefix) + ":" + element! }
            }
        }
        let message = error.message.map { String(cString: $0).trimmingXMLWhitespace } ?? "XML error \(error.code)"
        issues.append(.init(line: error.line > 0 ? Int(error.line) : nil, element: element, message: message))
    }
}
