/// A linear programme in the form the blend optimiser needs: maximise c·x subject to rows of ≤, ≥ or = and
/// 0 ≤ xⱼ ≤ uⱼ (uⱼ nil: unbounded above). Solved by `SimplexSolver`.
public struct LinearProgram: Sendable, Equatable {
    public enum Relation: String, Sendable { case lessOrEqual = "<=", greaterOrEqual = ">=", equal = "=" }

    public struct Row: Sendable, Equatable {
        public var coefficients: [Double]
        public var relation: Relation
        public var rhs: Double
        public init(_ coefficients: [Double], _ relation: Relation, _ rhs: Double) {
            self.coefficients = coefficients; self.relation = relation; self.rhs = rhs
        }
        public func activity(_ x: [Double]) -> Double { zip(coefficients, x).reduce(0) { $0 + $1.0 * $1.1 } }
    }

    public var objective: [Double]
    public var rows: [Row]
    public var upperBounds: [Double?]

    public init(objective: [Double], rows: [Row] = [], upperBounds: [Double?]? = nil) {
        self.objective = objective; self.rows = rows; self.upperBounds = upperBounds ?? Array(repeating: nil, count: objective.count)
    }

    public var variableCount: Int { objective.count }

    public enum Result: Sendable, Equatable {
        case optimal(x: [Double], value: Double)
        case infeasible
        case unbounded
        /// The solver stopped at its pivot limit (Bland's rule terminates, so only numerical trouble gets here): no
        /// answer rather than a point that may not be optimal.
        case iterationLimit
    }
}
