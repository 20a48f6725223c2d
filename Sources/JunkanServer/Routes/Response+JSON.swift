import Foundation
import Hummingbird
import JunkanCore
import JunkanNode

extension Response {
    /// A JSON body (`application/json`), written with `JSONWriter` so numbers keep their literal form.
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: JSONWriter.string(value))))
    }
}

extension Request {
    /// The media type of the body (`Content-Type` without its parameters), lower-cased; nil without the header.
    var mediaType: String? {
        headers[.contentType]?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
    }
}
