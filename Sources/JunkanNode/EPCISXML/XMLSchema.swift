import CLibXML2
import Foundation
import JunkanCore

/// A parsed XML Schema (with everything it imports). libxml2 does not change a parsed schema while validating, so one
/// is shared by every request, each validating with its own context.
final class XMLSchema: @unchecked Sendable {
    let pointer: xmlSchemaPtr
    /// The schema file's name, for messages.
    let name: String

    /// Parses the schema at `url` (its imports are found beside it).
    init(url: URL) throws(EPCISXMLError) {
        LibXML.initialise()
        name = url.lastPathComponent
        let collector = XMLIssueCollector()
        guard let parser = xmlSchemaNewParserCtxt(url.path) else { throw EPCISXMLError(line: nil, element: nil, "cannot read the XML Schema \(url.path)") }
        defer { xmlSchemaFreeParserCtxt(parser) }
        let schema = LibXML.schemaParsing.withLock {
            collector.collecting { handler, data in
                xmlSchemaSetParserStructuredErrors(parser, handler, data)
                return xmlSchemaParse(parser)
            }
        }
        guard let schema else {
            throw EPCISXMLError(
                collector.issues.isEmpty ? [.init(line: nil, element: nil, message: "cannot parse the XML Schema \(url.path)")] : collector.issues)
        }
        pointer = schema
    }

    deinit { xmlSchemaFree(pointer) }
}

/// The EPCIS XML Schemas junkan ships (`XMLSchemas/`, copied unmodified from GS1), each parsed once, when first used.
public enum EPCISXMLSchemas {
    /// EPCIS 2.0 capture documents.
    static let epcis2 = load("EPCIS-2.0/EPCglobal-epcis-2_0.xsd")
    /// EPCIS 1.2 capture documents, checked before they are converted to 2.0.
    static let epcis12 = load("EPCIS-1.2/EPCglobal-epcis-1_2.xsd")
    /// EPCIS 2.0 query documents (what `Accept: application/xml` answers).
    static let query2 = load("EPCIS-2.0/EPCglobal-epcis-query-2_0.xsd")
    /// EPCIS 2.0 master data documents (captured for their master data alone).
    static let masterData2 = load("EPCIS-2.0/EPCglobal-epcis-masterdata-2_0.xsd")

    /// Where the schemas are: the module's `XMLSchemas` resource folder.
    static var folder: URL? { Bundle.module.resourceURL?.appendingPathComponent("XMLSchemas") }

    private static func load(_ path: String) -> Result<XMLSchema, EPCISXMLError> {
        guard let folder else {
            return .failure(EPCISXMLError(line: nil, element: nil, "junkan's XML Schemas are missing from its resources"))
        }
        return Result { () throws(EPCISXMLError) in try XMLSchema(url: folder.appendingPathComponent(path)) }
    }
}
