import HTTPTypes
import JunkanCore
import JunkanNode
import JunkanStore

/// A domain error that means the same wherever it surfaces, and so is answered as one problem: `ProblemMiddleware`
/// maps it, and the routes just `try`. Errors whose meaning depends on the route (a validation error inside a capture
/// document, an eventID conflict of one event) stay mapped where they arise.
protocol ProblemConvertible: Error {
    var problem: Problem { get }
}

extension PassportError: ProblemConvertible {
    var problem: Problem {
        switch self {
        case .makerKeepsItsKey, .noMaker: .notAcceptable(description)
        }
    }
}

extension MaterialError: ProblemConvertible {
    var problem: Problem { .validation(reason, pointer: pointer.isEmpty ? "/" : pointer) }
}

extension MaterialWriteError: ProblemConvertible {
    var problem: Problem {
        switch self {
        case .exists: .conflict(reason, pointer: "/id")
        case .notFound: .noSuchResource(reason)
        case .notOwner: .forbidden(reason)
        case .gradeMissing, .gradeWithdrawn: .validation(reason, pointer: "/grade")
        case .gradeInUse: .conflict(reason)
        }
    }
}

extension MaterialImporter.FileError: ProblemConvertible {
    var problem: Problem {
        let what = stored == 0 ? "nothing was imported" : "the import stopped here; the \(stored) records before it were stored"
        var p = Problem.validation(what + ": " + (line.map { "line \($0): " } ?? "") + reason)
        p.extensions["stored"] = .number(JSONNumber(stored))
        if let line { p.extensions["line"] = .number(JSONNumber(line)) }
        return p
    }
}

extension CircularityImportError: ProblemConvertible {
    /// 400 with every bad row as `errors: [{file, line, reason}]`.
    var problem: Problem {
        let count = errors.count + more
        var p = Problem.validation(
            "\(file): \(count) bad row\(count == 1 ? "" : "s"), nothing of the file "
                + "was stored; the first: line \(errors.first?.line ?? 0): \(errors.first?.reason ?? "")")
        p.extensions["errors"] = .array(
            errors.map { r in
                .object(JSONObject([("file", .string(r.file)), ("line", .number(JSONNumber(r.line))), ("reason", .string(r.reason))]))
            })
        if more > 0 { p.extensions["moreErrors"] = .number(JSONNumber(more)) }
        return p
    }
}

extension CaptureAttestation.Failure: ProblemConvertible {
    var problem: Problem {
        switch self {
        case .signatureRequired(let org):
            .unauthorized(
                "organisation \(org) signs its own captures: send its Ed25519 signature over the capture statement "
                    + "in the Junkan-Capture-Signature header (docs/log-format.md)")
        case .badSignature(let detail):
            .forbidden(detail)
        }
    }
}

extension EventHashFailure: ProblemConvertible {
    var problem: Problem { .validation("event \(index): \(error)", pointer: EPCISDocument.eventPointer(index).description) }
}

extension PactPublisher.Failure: ProblemConvertible {
    var problem: Problem {
        switch self {
        case .input(let e): .validation(e.reason, pointer: e.location.isEmpty ? nil : e.location)
        case .unknownSubject: .noSuchResource(description)
        case .dataQuality, .busy: .conflict(description)
        case .invalid(let e): Problem(status: .unprocessableContent, type: "about:blank", title: "Unprocessable Content", detail: e.description)
        }
    }
}

extension EPCISValidationError: ProblemConvertible {
    var problem: Problem { .validation(description, pointer: pointer.description) }
}

/// An event that cannot be hashed (`POST /events`; in a document it is an `EventHashFailure`, which says which event).
extension EventHashError: ProblemConvertible {
    var problem: Problem { .validation(description) }
}

extension LogReadError: ProblemConvertible {
    var problem: Problem {
        switch self {
        case .unknownEvent(let hash): return .noSuchResource("no event with hash \(hash) is in the log")
        case .notYetIntegrated(let index, let size):
            var p = Problem.noSuchResource(
                "the event is leaf \(index), but the latest checkpoint covers \(size) leaves; it is "
                    + "integrated within the checkpoint interval, try again shortly")
            p.headers[.retryAfter] = "1"
            return p
        }
    }
}

extension IdentifierNotOwned: ProblemConvertible {
    /// 403 naming the identifier, its owner and the rule, with where the identifier is in what was sent.
    var problem: Problem {
        var p = Problem.forbidden(description)
        p.pointer = pointer
        p.extensions["identifier"] = .string(identifier)
        p.extensions["owner"] = .string(owner)
        p.extensions["gs1CompanyPrefix"] = .string(prefix)
        p.extensions["rule"] = .string(rule.rawValue)
        return p
    }
}

extension OwnershipError: ProblemConvertible {
    var problem: Problem {
        switch self {
        case .unknownOrganisation: .noSuchResource(description)
        case .prefixTaken: .conflict(description)
        case .grantorNotOwner: .forbidden(description)
        case .badPrefix, .badGrant: .validation(description)
        }
    }
}

extension CircularityScopeError: ProblemConvertible {
    var problem: Problem {
        switch self {
        case .noSuchOrganisation, .noSuchGroup: .noSuchResource(description)
        case .ambiguous: .queryParameter(description)
        }
    }
}

extension QueryTooLarge: ProblemConvertible {
    var problem: Problem {
        .epcis(
            "QueryTooLargeException", .contentTooLarge,
            "the query matches more than maxEventCount (\(maxEventCount)) events; narrow it, or page through it with perPage")
    }
}
