import JunkanCore
import Testing

@Suite struct SimplexSolverTests {
    func optimum(_ lp: LinearProgram) -> (x: [Double], value: Double)? {
        if case .optimal(let x, let v) = SimplexSolver.solve(lp) { return (x, v) }
        return nil
    }

    /// Dantzig's textbook example (Chvátal, Linear Programming, ch. 2): max 5x1 + 4x2 + 3x3, optimum 13 at (2, 0, 1).
    @Test func solvesChvatalsExample() throws {
        let lp = LinearProgram(
            objective: [5, 4, 3],
            rows: [
                .init([2, 3, 1], .lessOrEqual, 5), .init([4, 1, 2], .lessOrEqual, 11),
                .init([3, 4, 2], .lessOrEqual, 8)
            ])
        let r = try #require(optimum(lp))
        #expect(abs(r.value - 13) < 1e-9)
        #expect(zip(r.x, [2.0, 0, 1]).allSatisfy { abs($0 - $1) < 1e-9 })
    }

    @Test func needsPhaseOneForGreaterOrEqualAndEqualityRows() throws {
        // min x1 + x2 s.t. x1 + 2x2 ≥ 4, 3x1 + x2 ≥ 6, x1 + x2 = 3 → maximise −x1 − x2: every feasible point costs 3.
        let lp = LinearProgram(
            objective: [-1, -1],
            rows: [
                .init([1, 2], .greaterOrEqual, 4), .init([3, 1], .greaterOrEqual, 6),
                .init([1, 1], .equal, 3)
            ])
        let r = try #require(optimum(lp))
        #expect(abs(r.value + 3) < 1e-9)
        #expect(r.x[0] + 2 * r.x[1] >= 4 - 1e-9 && 3 * r.x[0] + r.x[1] >= 6 - 1e-9)
    }

    @Test func honoursUpperBoundsAndNegativeRightHandSides() throws {
        let lp = LinearProgram(objective: [1, 1], rows: [.init([-1, -1], .lessOrEqual, -0.5)], upperBounds: [0.25, 0.5])
        let r = try #require(optimum(lp))
        #expect(abs(r.value - 0.75) < 1e-9)
    }

    @Test func reportsInfeasibleAndUnbounded() {
        #expect(SimplexSolver.solve(LinearProgram(objective: [1], rows: [.init([1], .greaterOrEqual, 2)], upperBounds: [1])) == .infeasible)
        #expect(SimplexSolver.solve(LinearProgram(objective: [1, 0], rows: [.init([1, -1], .lessOrEqual, 1)])) == .unbounded)
    }

    /// Beale's cycling example (1955): Dantzig's rule alone cycles on it; the switch to Bland's rule ends at 1/20.
    @Test func doesNotCycleOnBealesExample() throws {
        let lp = LinearProgram(
            objective: [0.75, -150, 0.02, -6],
            rows: [
                .init([0.25, -60, -0.04, 9], .lessOrEqual, 0), .init([0.5, -90, -0.02, 3], .lessOrEqual, 0),
                .init([0, 0, 1, 0], .lessOrEqual, 1)
            ])
        let r = try #require(optimum(lp))
        #expect(abs(r.value - 0.05) < 1e-9)
    }
}
