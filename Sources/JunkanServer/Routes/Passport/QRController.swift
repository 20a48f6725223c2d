import Hummingbird
import JunkanCore
import JunkanNode

/// `GET /qr?uri=…`: a Digital Link as a QR code (ISO/IEC 18004, `QRCode`), PNG for `Accept: image/png` (the default)
/// and SVG for `image/svg+xml`. `ecc` sets the error-correction level (L, M — the default —, Q, H), `scale` the PNG's
/// pixels per module.
struct QRController<Context: RequestContext> {
    var routes: RouteCollection<Context> {
        RouteCollection(context: Context.self).get("/qr") { request, _ in try Self.qr(request) }
    }

    static func qr(_ request: Request) throws -> Response {
        try request.onlyQueryParameters(["uri", "ecc", "scale"])
        let params = request.uri.queryParameters
        guard let uri = params.get("uri"), !uri.isEmpty else { throw Problem.queryParameter("uri is required: the Digital Link to encode") }
        do throws(GS1Error) { _ = try DigitalLink.parse(uri) } catch {
            throw Problem.queryParameter("uri is not a valid GS1 Digital Link: \(error.description)")
        }
        let levels: [String: QRCode.ErrorCorrection] = ["L": .low, "M": .medium, "Q": .quartile, "H": .high]
        let eccText = params.get("ecc") ?? "M"
        guard let ecc = levels[eccText.uppercased()] else { throw Problem.queryParameter("ecc is L, M, Q or H, found \(eccText)") }
        let scaleText = params.get("scale") ?? "8"
        guard let scale = Int(scaleText), (1...32).contains(scale) else {
            throw Problem.queryParameter("scale is 1 to 32 pixels per module, found \(scaleText)")
        }
        let code: QRCode
        do throws(QRCode.Failure) { code = try QRCode(text: uri, errorCorrection: ecc) } catch { throw Problem.queryParameter("uri: \(error.description)") }
        guard let type = MediaTypeNegotiation.best(accept: request.headers[.accept], offers: ["image/png", "image/svg+xml"]) else {
            throw Problem.notAcceptable("a QR code is image/png or image/svg+xml; Accept asks for \(request.headers[.accept] ?? "")")
        }
        let headers: HTTPFields = [.contentType: type, .cacheControl: "public, max-age=86400", .vary: "Accept"]
        if type == "image/svg+xml" {
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: code.svg(title: uri))))
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: code.png(scale: scale))))
    }
}
