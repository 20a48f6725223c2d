public enum EventHashError: Error, Sendable, Equatable, CustomStringConvertible {
    case infiniteNumber(String)
    case notAnEPCISDocument(String)

    public var description: String {
        switch self {
        case .infiniteNumber(let t): "value \(t) is an infinite number, which the CBV 2.0 reference algorithm cannot hash"
        case .notAnEPCISDocument(let why): why
        }
    }
}
