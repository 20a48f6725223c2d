import Foundation
import HTTPTypes
import Hummingbird

/// Every path the application routes and the methods it routes on it, recorded as the routes are added
/// (`RecordingRouter`), so that a request for a path that exists with a method it does not support is a 405 with
/// `Allow` (RFC 9110 §15.5.6) rather than the router's 404 (`ProblemMiddleware` asks it).
package final class RouteTable: @unchecked Sendable {
    /// Path patterns as the router spells them (`/events/{eventID}`, `/tlog/tile/**`), split into components.
    private var entries: [(pattern: [Substring], methods: Set<HTTPRequest.Method>)] = []
    private let lock = NSLock()

    func add(_ path: RouterPath, _ method: HTTPRequest.Method) {
        let pattern = Self.components(path.description)
        lock.withLock {
            if let i = entries.firstIndex(where: { $0.pattern == pattern }) {
                entries[i].methods.insert(method)
            } else {
                entries.append((pattern, [method]))
            }
        }
    }

    /// The methods routed on the patterns `path` matches (empty: no route has this path). Where several match, the
    /// router takes the one with a literal component where another has a parameter (its trie tries literals first and
    /// does not go back), so only the most specific patterns count: `POST /negotiations/request` is not also a
    /// `GET /negotiations/{pid}`.
    func methods(for path: String) -> Set<HTTPRequest.Method> {
        let components = Self.components(path)
        return lock.withLock {
            let matching = entries.filter { Self.matches($0.pattern, components) }
            guard let best = matching.map({ Self.specificity($0.pattern) }).max(by: { $0.lexicographicallyPrecedes($1) }) else { return [] }
            return matching.filter { Self.specificity($0.pattern) == best }.reduce(into: []) { $0.formUnion($1.methods) }
        }
    }

    /// 1 for each literal component, 0 for a parameter or wildcard, in order.
    static func specificity(_ pattern: [Substring]) -> [Int] {
        pattern.map { p in p == "*" || p == "**" || p.hasPrefix(":") || (p.hasPrefix("{") && p.hasSuffix("}")) ? 0 : 1 }
    }

    package static func components(_ path: String) -> [Substring] { path.split(separator: "/") }

    /// `{name}`, `:name` and `*` match one component, `**` one or more; anything else matches itself.
    package static func matches(_ pattern: [Substring], _ path: [Substring]) -> Bool {
        for (i, p) in pattern.enumerated() {
            if p == "**" { return path.count > i }
            guard i < path.count else { return false }
            let any = p == "*" || p.hasPrefix(":") || (p.hasPrefix("{") && p.hasSuffix("}"))
            if !any && p != path[i] { return false }
        }
        return pattern.count == path.count
    }
}

/// A router, or a group of one, that records in a `RouteTable` every route added through it.
struct RecordingRouter<Base: RouterMethods>: RouterMethods {
    typealias Context = Base.Context
    let base: Base
    let table: RouteTable

    @discardableResult func on<Responder: HTTPResponder>(
        _ path: RouterPath, method: HTTPRequest.Method, responder: Responder
    ) -> Self where Responder.Context == Context {
        table.add(path, method)
        base.on(path, method: method, responder: responder)
        return self
    }

    @discardableResult func add(middleware: any MiddlewareProtocol<Request, Response, Context>) -> Self {
        base.add(middleware: middleware)
        return self
    }
}
