@testable import JunkanCore
import Testing

@Suite struct FlowSystemTests {
    @Test func chainIsSolvedByExactSubstitution() throws {
        // x0 = 0.5·x1 + 1, x1 = 2·x2 + 3, x2 = 4 → x2 = 4, x1 = 11, x0 = 6.5
        var s = FlowSystem(size: 3, columns: 1)
        s.coefficients[0] = [(1, 0.5)]
        s.coefficients[1] = [(2, 2)]
        s.rhs = [[1], [3], [4]]
        #expect(try s.solve().map { $0[0] } == [6.5, 11, 4])
    }

    @Test func loopIsSolvedAsALinearSystem() throws {
        // x0 = 0.2·x1 + 1, x1 = 0.5·x0 + 2 → x0 = 1.4 / 0.9, x1 = 0.5·x0 + 2
        var s = FlowSystem(size: 2, columns: 2)
        s.coefficients[0] = [(1, 0.2)]
        s.coefficients[1] = [(0, 0.5)]
        s.rhs = [[1, 0], [2, 1]]
        let x = try s.solve()
        #expect(abs(x[0][0] - 1.4 / 0.9) < 1e-12)
        #expect(abs(x[1][0] - (0.5 * 1.4 / 0.9 + 2)) < 1e-12)
        #expect(abs(x[0][1] - 0.2 / 0.9) < 1e-12)
    }

    @Test func selfLoopAndLoopFedFromOutside() throws {
        // x2 = 3; x0 = 0.1·x0 + 0.5·x1 + x2; x1 = 0.4·x0  → x0 = 3 / (0.9 − 0.2)
        var s = FlowSystem(size: 3, columns: 1)
        s.coefficients[0] = [(0, 0.1), (1, 0.5), (2, 1)]
        s.coefficients[1] = [(0, 0.4)]
        s.rhs = [[0], [0], [3]]
        let x = try s.solve()
        #expect(abs(x[0][0] - 3 / 0.7) < 1e-12)
        #expect(abs(x[1][0] - 0.4 * 3 / 0.7) < 1e-12)
    }

    @Test func loopThatKeepsAllItsMaterialIsSingular() {
        var s = FlowSystem(size: 2, columns: 1)
        s.coefficients[0] = [(1, 1)]
        s.coefficients[1] = [(0, 1)]
        #expect(throws: FlowSystem.Failure.self) { try s.solve() }
    }

    @Test func deepChainDoesNotOverflowTheStack() throws {
        let n = 200_000
        var s = FlowSystem(size: n, columns: 1)
        for i in 0..<(n - 1) { s.coefficients[i] = [(i + 1, 1)] }
        s.rhs[n - 1] = [2]
        for i in 0..<(n - 1) { s.rhs[i] = [1] }
        let x = try s.solve()
        #expect(x[0][0] == Double(n - 1) + 2)
    }

    @Test func componentsComeAfterWhatTheyDependOn() {
        // 0 → 1 → 2 → 1 (loop {1,2}), 3 → 0
        let edges: [[(Int, Double)]] = [[(1, 1)], [(2, 1)], [(1, 1)], [(0, 1)]]
        let order = FlowSystem.components(edges).map { Set($0) }
        #expect(order == [[1, 2], [0], [3]])
    }
}
