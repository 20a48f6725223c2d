import Foundation
public import HTTPTypes
public import Hummingbird
public import JunkanCore
import JunkanNode

/// An RFC 9457 problem detail. EPCIS 2.0 (§12.6, openapi.yaml) names its exception types; we use
/// them as `type` and `title`, and always say in `detail` what is wrong and where (`pointer`).
public struct Problem: Error, HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var type: String
    public var title: String
    public var detail: String
    public var pointer: String?
    public var instance: String?
    public var headers: HTTPFields = [:]
    /// RFC 9457 §3.2 extension members (e.g. the list of bad rows of an import).
    public var extensions = JSONObject()

    public init(status: HTTPResponse.Status, type: String, title: String, detail: String, pointer: String? = nil) {
        self.status = status
        self.type = type
        self.title = title
        self.detail = detail
        self.pointer = pointer
    }

    static func epcis(_ exception: String, _ status: HTTPResponse.Status, _ detail: String, pointer: String? = nil) -> Problem {
        Problem(status: status, type: "epcisException:" + exception, title: exception, detail: detail, pointer: pointer)
    }

    public static func validation(_ detail: String, pointer: String? = nil) -> Problem { .epcis("ValidationException", .badRequest, detail, pointer: pointer) }
    public static func queryParameter(_ detail: String) -> Problem { .epcis("QueryParameterException", .badRequest, detail) }
    public static func noSuchResource(_ detail: String) -> Problem { .epcis("NoSuchResourceException", .notFound, detail) }
    /// No named query of that name (EPCIS 2.0 NoSuchNameException).
    public static func noSuchName(_ name: String) -> Problem { .epcis("NoSuchNameException", .notFound, "no query is named \(name)") }
    public static func captureLimitExceeded(_ detail: String) -> Problem { .epcis("CaptureLimitExceededException", .contentTooLarge, detail) }
    public static func unsupportedMediaType(_ detail: String) -> Problem { .epcis("UnsupportedMediaTypeException", .unsupportedMediaType, detail) }
    public static func notAcceptable(_ detail: String) -> Problem { .epcis("NotAcceptableException", .notAcceptable, detail) }
    public static func unauthorized(_ detail: String) -> Problem {
        var p = Problem.epcis("SecurityException", .unauthorized, detail)
        p.headers[.wwwAuthenticate] = "Bearer realm=\"junkan\""
        return p
    }
    public static func methodNotAllowed(_ detail: String) -> Problem { .epcis("MethodNotAllowedException", .methodNotAllowed, detail) }
    public static func conflict(_ detail: String, pointer: String? = nil) -> Problem { .epcis("ValidationException", .conflict, detail, pointer: pointer) }

    public static func forbidden(_ detail: String) -> Problem { .epcis("SecurityException", .forbidden, detail) }

    public var json: JSONValue {
        var o = JSONObject([("type", .string(type)), ("title", .string(title)), ("status", .number(JSONNumber(Int(status.code)))), ("detail", .string(detail))])
        if let pointer { o["pointer"] = .string(pointer) }
        if let instance { o["instance"] = .string(instance) }
        for (k, v) in extensions { o[k] = v }
        return .object(o)
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var p = self
        p.instance = request.uri.path
        var h = headers
        h[.contentType] = "application/problem+json"
        return Response(status: status, headers: h, body: .init(byteBuffer: ByteBuffer(string: JSONWriter.string(p.json))))
    }
}

extension HTTPField.Name {
    static let gs1CaptureLimit = HTTPField.Name("GS1-EPCIS-Capture-Limit")!
    static let gs1CaptureFileSizeLimit = HTTPField.Name("GS1-EPCIS-Capture-File-Size-Limit")!
    static let gs1CaptureErrorBehaviour = HTTPField.Name("GS1-Capture-Error-Behaviour")!
    static let gs1EPCISVersion = HTTPField.Name("GS1-EPCIS-Version")!
    static let gs1EPCFormat = HTTPField.Name("GS1-EPC-Format")!
    static let gs1CBVXMLFormat = HTTPField.Name("GS1-CBV-XML-Format")!
    static let gs1CBVVersion = HTTPField.Name("GS1-CBV-Version")!
    static let gs1NextPageToken = HTTPField.Name("GS1-Next-Page-Token")!
    /// Junkan: an organisation's Ed25519 signature over its capture statement (docs/log-format.md).
    static let junkanCaptureSignature = HTTPField.Name("Junkan-Capture-Signature")!
    /// RFC 8288 Link.
    static let linkHeader = HTTPField.Name("Link")!
}

extension Problem {
    /// An EPCIS XML document refused: `detail` lists each problem with its line and element, and `errors` has them
    /// one by one (`line`, `element`, `detail`).
    public static func xml(_ error: EPCISXMLError) -> Problem {
        var p = Problem.validation("the EPCIS XML document is refused: " + error.description)
        p.extensions["errors"] = .array(
            error.issues.map { issue in
                var o = JSONObject()
                if let line = issue.line { o["line"] = .number(JSONNumber(line)) }
                if let element = issue.element { o["element"] = .string(element) }
                o["detail"] = .string(issue.message)
                return .object(o)
            })
        return p
    }
}
