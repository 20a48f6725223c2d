/// A reason an EPCIS document or event is invalid, with the JSON pointer of the offending member
/// (relative to the document when decoding a document).
public struct EPCISValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    public let pointer: JSONPointer
    public let reason: String

    public init(_ pointer: JSONPointer, _ reason: String) {
        self.pointer = pointer
        self.reason = reason
    }

    public var description: String { pointer.tokens.isEmpty ? reason : "\(pointer): \(reason)" }
}
