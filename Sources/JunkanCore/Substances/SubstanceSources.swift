/// What a roll-up reads, gathered by the node before it computes (a function that computes does not fetch): the
/// declarations by the identifier they declare, and how each traced lot or item was made.
public struct SubstanceSources: Sendable {
    /// How a lot or item was made, from the trace graph.
    public struct Making: Sendable, Equatable {
        public enum Kind: Sendable, Equatable {
            /// Parts joined (an AggregationEvent `ADD`, an assembling step): each input stays an article of its own.
            case assembly
            /// Inputs melted or mixed into one material (moulding, compounding: a TransformationEvent).
            case blend
        }

        public struct Input: Sendable, Equatable {
            public var identifier: String
            /// The input's mass going in (the event's quantity); a blend needs it to weigh its inputs.
            public var massKg: Double?
            public init(identifier: String, massKg: Double?) {
                self.identifier = identifier
                self.massKg = massKg
            }
        }

        public var kind: Kind
        public var inputs: [Input]
        /// The output's mass, when the event gives it.
        public var outputMassKg: Double?
        /// The event that made it (its hash), named as the source of what it carries.
        public var event: String?

        public init(kind: Kind, inputs: [Input], outputMassKg: Double? = nil, event: String? = nil) {
            self.kind = kind
            self.inputs = inputs
            self.outputMassKg = outputMassKg
            self.event = event
        }
    }

    public var declarations: [String: MaterialDeclaration]
    public var makings: [String: Making]

    public init(declarations: [String: MaterialDeclaration] = [:], makings: [String: Making] = [:]) {
        self.declarations = declarations
        self.makings = makings
    }
}
