import Hummingbird
import JunkanCore
import NIOCore

/// Reads a JSON request body under a size limit: the media type checked, the body refused unread when its
/// Content-Length is over the limit, collected, parsed; every failure a 4xx problem. Each API keeps its own wording
/// (the readers below), so the messages clients already read do not change.
struct JSONBodyReader: Sendable {
    /// The media types accepted.
    let mediaTypes: Set<String>
    let maxBytes: Int
    /// How deep the parser nests before refusing the body.
    var limits = JSONParser.Limits()
    /// The refusal of a body of another type (given the request, to name what it sent).
    let wrongType: @Sendable (_ request: Request) -> Problem
    /// The refusal of a body over the limit (given its Content-Length, when it declared one).
    let tooLarge: @Sendable (_ length: Int?) -> Problem
    /// The refusal of a body that is not JSON.
    let notJSON: @Sendable (_ error: any Error) -> Problem

    func read(_ request: Request) async throws -> JSONValue { try parse(try await collect(request)) }

    /// The body's bytes, its media type and size checked.
    func collect(_ request: Request) async throws -> ByteBuffer {
        guard let type = request.mediaType, mediaTypes.contains(type) else { throw wrongType(request) }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maxBytes { throw tooLarge(length) }
        do { return try await request.body.collect(upTo: maxBytes) } catch is NIOTooManyBytesError { throw tooLarge(nil) }
    }

    func parse(_ buffer: ByteBuffer) throws -> JSONValue {
        do {
            // Over the contiguous bytes: a 10 MiB capture document is parsed without going through a collection view.
            return try buffer.withUnsafeReadableBytes { raw in
                try JSONParser.parse(UnsafeRawBufferPointer(raw).bindMemory(to: UInt8.self), limits: limits)
            }
        } catch {
            throw notJSON(error)
        }
    }
}

extension JSONBodyReader {
    /// An EPCIS document or event (`POST /capture`, `POST /events`): JSON or JSON-LD, within the capture file size limit.
    static func epcis(maxBytes: Int) -> JSONBodyReader { epcis(mediaTypes: ["application/json", "application/ld+json"], maxBytes: maxBytes) }

    /// An EPCIS document in XML (the XML binding): only collected here, under the same limit; `EPCISXMLReader` parses it.
    static func epcisXML(maxBytes: Int) -> JSONBodyReader { epcis(mediaTypes: EPCISMediaType.xml, maxBytes: maxBytes) }

    private static func epcis(mediaTypes: Set<String>, maxBytes: Int) -> JSONBodyReader {
        JSONBodyReader(
            mediaTypes: mediaTypes, maxBytes: maxBytes, limits: .init(maxDepth: 64),
            wrongType: { request in
                Problem.unsupportedMediaType(
                    "send EPCIS documents as application/ld+json, application/json or application/xml, not \(request.headers[.contentType] ?? "no Content-Type")"
                )
            },
            tooLarge: { length in
                if let length {
                    return Problem.captureLimitExceeded(
                        "the body has \(length) bytes; this node accepts at most \(maxBytes) (GS1-EPCIS-Capture-File-Size-Limit)")
                }
                return Problem.captureLimitExceeded("the body is larger than \(maxBytes) bytes (GS1-EPCIS-Capture-File-Size-Limit)")
            },
            notJSON: { Problem.validation("the body is not valid JSON: \($0)") })
    }

    /// A materials record or a product class: JSON of at most 4 MiB.
    static let materialDocument = JSONBodyReader(
        mediaTypes: ["application/json"], maxBytes: 4 << 20,
        wrongType: { Problem.unsupportedMediaType("send the document as application/json, found \($0.mediaType ?? "no Content-Type")") },
        tooLarge: { _ in Problem.captureLimitExceeded("a material document may be at most 4 MiB") },
        notJSON: { Problem.validation("the body is not JSON: \($0)") })

    /// A footprint publication (`POST /footprints/publish`): JSON of at most 1 MiB.
    static let publication = JSONBodyReader(
        mediaTypes: ["application/json"], maxBytes: 1 << 20,
        wrongType: { _ in Problem.unsupportedMediaType("send the publication as application/json") },
        tooLarge: { _ in Problem.captureLimitExceeded("the request body is too large") },
        notJSON: { Problem.validation("the body is not JSON: \($0)") })

    /// A peer's graph question (`POST /federation/trace`): JSON of at most 1 MiB.
    static let graphQuestion = JSONBodyReader(
        mediaTypes: ["application/json"], maxBytes: 1 << 20,
        wrongType: { _ in Problem.unsupportedMediaType("send the question as application/json") },
        tooLarge: { _ in Problem.captureLimitExceeded("a graph question may be at most 1 MiB") },
        notJSON: { Problem.validation("the body is not JSON: \($0)") })
}

extension JSONBodyReader {
    /// A named query (`POST /queries`): JSON of at most 64 KiB.
    static let namedQuery = JSONBodyReader(
        mediaTypes: ["application/json", "application/ld+json"], maxBytes: 64 << 10, limits: .init(maxDepth: 16),
        wrongType: { _ in Problem.unsupportedMediaType("send the query as application/json") },
        tooLarge: { _ in Problem.captureLimitExceeded("a named query may be at most 64 KiB") },
        notJSON: { Problem.validation("the body is not JSON: \($0)") })
}
