/// A PACT v3 event: a CloudEvents 1.0 envelope in structured mode (`application/cloudevents+json`) around one of the
/// four v3 payloads. Parsing checks the envelope and the payload the type calls for, naming what is wrong by pointer.
public struct PactEvent: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case requestCreated = "org.wbcsd.pact.ProductFootprint.RequestCreatedEvent.3"
        case requestFulfilled = "org.wbcsd.pact.ProductFootprint.RequestFulfilledEvent.3"
        case requestRejected = "org.wbcsd.pact.ProductFootprint.RequestRejectedEvent.3"
        case published = "org.wbcsd.pact.ProductFootprint.PublishedEvent.3"
    }

    public enum Payload: Sendable, Equatable {
        case requestCreated(PactFilter, comment: String?)
        case requestFulfilled(requestEventID: String, footprints: [JSONValue])
        case requestRejected(requestEventID: String, code: String, message: String)
        case published(footprintIDs: [String])
    }

    public var id: String
    public var source: String
    public var time: Int64
    public var kind: Kind
    public var payload: Payload

    /// The v2 type names (`org.wbcsd.pathfinder.…v1`) are refused with a pointer to their v3 names.
    static let v2Types = [
        "org.wbcsd.pathfinder.ProductFootprintRequest.Created.v1", "org.wbcsd.pathfinder.ProductFootprintRequest.Fulfilled.v1",
        "org.wbcsd.pathfinder.ProductFootprintRequest.Rejected.v1", "org.wbcsd.pathfinder.ProductFootprint.Published.v1"
    ]
    public static let errorCodes: Set<String> = ["BadRequest", "AccessDenied", "TokenExpired", "NotFound", "InternalError", "NotImplemented"]

    public init(parsing value: JSONValue) throws(PactInputError) {
        guard case .object(let o) = value else { throw PactInputError("", "the event must be a JSON object (CloudEvents structured mode)") }
        func string(_ key: String) throws(PactInputError) -> String {
            guard case .string(let s)? = o[key], !s.isEmpty else {
                throw PactInputError("/" + key, o[key] == nil ? "is required (CloudEvents 1.0)" : "must be a non-empty string")
            }
            return s
        }
        guard try string("specversion") == "1.0" else { throw PactInputError("/specversion", "must be \"1.0\"") }
        id = try string("id")
        source = try string("source")
        let t = try string("time")
        guard let ts = ISO8601Timestamp.parse(t), ts.offsetSeconds != nil else {
            throw PactInputError("/time", "\"\(t)\" is not an RFC 3339 timestamp with a time zone")
        }
        time = ts.epochMilliseconds
        let type = try string("type")
        guard let kind = Kind(rawValue: type) else {
            let hint = Self.v2Types.contains(type) ? " (a PACT v2 type; v3 names end in Event.3)" : ""
            throw PactInputError(
                "/type",
                "\"\(type)\" is not a PACT v3 event type\(hint); this host takes "
                    + Kind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        self.kind = kind
        guard case .object(let data)? = o["data"] else {
            throw PactInputError("/data", o["data"] == nil ? "is required" : "must be a JSON object")
        }
        switch kind {
        case .requestCreated:
            var comment: String?
            if let c = data["comment"] {
                guard case .string(let s) = c else { throw PactInputError("/data/comment", "must be a string") }
                comment = s
            }
            payload = .requestCreated(try PactFilter(requestData: data), comment: comment)
        case .published:
            guard case .array(let ids)? = data["pfIds"], !ids.isEmpty else {
                throw PactInputError("/data/pfIds", "is required: a non-empty array of the ids of the published footprints")
            }
            var out: [String] = []
            for (i, v) in ids.enumerated() {
                guard case .string(let s) = v, !s.isEmpty else { throw PactInputError("/data/pfIds/\(i)", "must be a non-empty string") }
                out.append(s)
            }
            payload = .published(footprintIDs: out)
        case .requestFulfilled:
            guard case .string(let rid)? = data["requestEventId"], !rid.isEmpty else {
                throw PactInputError("/data/requestEventId", "is required: the id of the RequestCreatedEvent this answers")
            }
            guard case .array(let pfs)? = data["pfs"], !pfs.isEmpty else {
                throw PactInputError("/data/pfs", "is required: a non-empty array of ProductFootprints")
            }
            for (i, pf) in pfs.enumerated() {
                guard case .object(let p) = pf else { throw PactInputError("/data/pfs/\(i)", "must be a ProductFootprint object") }
                for key in [
                    "id", "specVersion", "created", "status", "companyName", "companyIds", "productDescription", "productIds",
                    "productNameCompany", "pcf"
                ] where p[key] == nil {
                    throw PactInputError("/data/pfs/\(i)/\(key)", "is required in a ProductFootprint")
                }
            }
            payload = .requestFulfilled(requestEventID: rid, footprints: pfs)
        case .requestRejected:
            guard case .string(let rid)? = data["requestEventId"], !rid.isEmpty else {
                throw PactInputError("/data/requestEventId", "is required: the id of the RequestCreatedEvent this answers")
            }
            guard case .object(let e)? = data["error"], case .string(let code)? = e["code"], case .string(let message)? = e["message"] else {
                throw PactInputError("/data/error", "is required: an Error object with code and message")
            }
            guard Self.errorCodes.contains(code) else {
                throw PactInputError("/data/error/code", "must be one of \(Self.errorCodes.sorted().joined(separator: ", "))")
            }
            payload = .requestRejected(requestEventID: rid, code: code, message: message)
        }
    }

    /// A follow-up event this host sends (Fulfilled or Rejected), as the JSON body.
    public static func envelope(kind: Kind, id: String, source: String, time: Int64, data: JSONObject) -> JSONValue {
        .object(
            JSONObject([
                ("type", .string(kind.rawValue)), ("specversion", "1.0"), ("id", .string(id)), ("source", .string(source)),
                ("time", .string(ISO8601Timestamp.utcString(epochMilliseconds: time))), ("data", .object(data))
            ]))
    }
}
