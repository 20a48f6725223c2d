/// A PACT request body or query parameter that cannot be used, with where (a JSON pointer or a parameter name).
public struct PactInputError: Error, Sendable, Equatable, CustomStringConvertible {
    public let location: String
    public let reason: String
    /// The input asks for something PACT had and this host does not do (PACT's `NotImplemented`), rather than being wrong.
    public var notImplemented = false
    public init(_ location: String, _ reason: String, notImplemented: Bool = false) {
        self.location = location; self.reason = reason; self.notImplemented = notImplemented
    }
    public var description: String { location.isEmpty ? reason : "\(location): \(reason)" }
}
