import Foundation
import HTTPTypes
import Hummingbird
import JunkanCore
import NIOCore

/// The Ouranos API's error body (`common.HTTP4xxError`: `code`, `message`, `detail`), with the `x-track` header it
/// names: every refusal on the Ouranos routes is one of these, never a problem document.
struct OuranosError: Error, Sendable {
    var status: HTTPResponse.Status
    var message: String

    static func badRequest(_ m: String) -> OuranosError { OuranosError(status: .badRequest, message: m) }
    static func unauthorized(_ m: String) -> OuranosError { OuranosError(status: .unauthorized, message: m) }
    static func forbidden(_ m: String) -> OuranosError { OuranosError(status: .forbidden, message: m) }
    static func notFound(_ m: String) -> OuranosError { OuranosError(status: .notFound, message: m) }

    var code: String {
        switch status.code {
        case 400: "BadRequest"
        case 401: "Unauthorized"
        case 403: "AccessDenied"
        case 404: "NotFound"
        default: "BadRequest"
        }
    }

    /// The response; `detail` names the request as the API's examples do (`id:… timeStamp:… dataTarget:… method:…`).
    func response(_ request: Request) -> Response {
        let track = UUID().uuidString.lowercased()
        let detail =
            "id:\(track) timeStamp:\(ISO8601Timestamp.utcString(epochMilliseconds: Int64(Date().timeIntervalSince1970 * 1000))) "
            + "dataTarget:\(request.uri.queryParameters.get("dataTarget") ?? "") method:\(request.method.rawValue)"
        let body = JSONObject([("code", .string(code)), ("message", .string(message)), ("detail", .string(detail))])
        return Response(
            status: status, headers: [.contentType: "application/json", HTTPField.Name("x-track")!: track],
            body: .init(byteBuffer: ByteBuffer(string: JSONWriter.string(.object(body)))))
    }

    /// Runs `body`, every refusal (a JSON body that does not read, a problem of the shared readers) as this error.
    static func answering(_ request: Request, _ body: () async throws -> Response) async throws -> Response {
        do { return try await body() } catch let e as OuranosError { return e.response(request) } catch let p as Problem {
            return OuranosError(status: p.status, message: p.detail).response(request)
        }
    }
}
