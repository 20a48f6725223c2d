/// A material record, property value or request that does not hold: what is wrong and where (a JSON pointer into
/// the document as sent, or a CSV column on import), so a listing is fixed rather than guessed at.
public struct MaterialError: Error, Sendable, Equatable, CustomStringConvertible {
    public var pointer: String
    public var reason: String

    public init(_ pointer: String, _ reason: String) { self.pointer = pointer; self.reason = reason }

    public var description: String { pointer.isEmpty ? reason : "\(pointer): \(reason)" }

    /// The same error one level further down (the pointer of a nested value prefixed with its parent's).
    public func under(_ prefix: String) -> MaterialError { MaterialError(prefix + pointer, reason) }
}
