public import Hummingbird
public import JunkanNode
import JunkanStore

/// The request context of every Junkan route: Hummingbird's core storage and the caller, which the authentication
/// middleware (`CallerMiddleware`) sets before a route runs.
public struct JunkanRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Who sent the request (the public until the middleware has read its credential).
    public var caller: Caller = .public

    public init(source: Source) {
        self.coreContext = .init(source: source)
    }
}

/// A context that carries the caller, as the controllers need it (generic, so they stay testable with any context).
public protocol CallerRequestContext: RequestContext {
    var caller: Caller { get set }
}

extension JunkanRequestContext: CallerRequestContext {}

extension CallerRequestContext {
    /// The organisation whose token the request carries; 401 otherwise (the text every write route has always given).
    func organisation() throws -> Organisation {
        switch caller {
        case .organisation(let org): return org
        case .public, .pactClient:
            throw Problem.unauthorized("capture needs an 'Authorization: Bearer <token>' header (tokens come from `junkan org add`)")
        case .refused(let refusal): throw Problem(refusal)
        }
    }

    /// The organisation when a token was sent, nil without one; a token that names no one is still a 401.
    func organisationIfAny() throws -> Organisation? {
        switch caller {
        case .organisation(let org): return org
        case .public, .pactClient: return nil
        case .refused(let refusal): throw Problem(refusal)
        }
    }
}

extension Problem {
    init(_ refusal: Caller.Refusal) {
        switch refusal {
        case .malformed: self = .unauthorized("the Authorization header must be 'Bearer <token>'")
        case .unknownToken: self = .unauthorized("the bearer token is not known to this node")
        }
    }
}
