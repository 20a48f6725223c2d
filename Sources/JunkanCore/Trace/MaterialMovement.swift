/// What an ObjectEvent says about mass moving in the loop without being a process step (`/flows`): lots created at a
/// stage (virgin production, collection) or lots treated at one (reuse, energy recovery, disposal).
public struct MaterialMovement: Sendable, Equatable {
    public enum Role: Sendable, Equatable {
        /// The event's lots come into being at this stage (an `ADD`): they flow on from it when a step uses them.
        case creates(ProcessKind)
        /// The event's lots go to this stage or exit now.
        case treats(ProcessKind)
    }

    public var eventHash: String
    public var eventTime: Int64
    public var role: Role
    /// The lots and items, with their masses where the event gives them.
    public var flows: [TraceStep.Flow]

    public init(eventHash: String, eventTime: Int64, role: Role, flows: [TraceStep.Flow]) {
        self.eventHash = eventHash; self.eventTime = eventTime; self.role = role; self.flows = flows
    }
}
