import Testing

@testable import JunkanCore

@Suite struct FlowSystemTests {
    func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) < 1e-12 * max(1, abs(b)) }

    @Test func chainIsSolvedByExactSubstitution() throws {
        // x0 = 0.5·x1 + 1, x1 = 2·x2 + 3, x2 = 4 → x2 = 4, x1 = 11, x0 = 6.5
        var s = FlowSystem(size: 3, columns: 1)
        s.add(row: 0, column: 1, 0.5)
        s.add(row: 1, column: 2, 2)
        for (i, v) in [1.0, 3, 4].enumerated() { s.setRHS(row: i, [v]) }
        #expect(try s.solve() == [6.5, 11, 4])
    }

    @Test func twoSystemsWithTheSamePositionsSolveTogether() throws {
        // The same positions (a chain into a two-node loop), other values: solving together equals solving apart.
        var a = FlowSystem(size: 4, columns: 2), b = FlowSystem(size: 4, columns: 2)
        for (row, column, va, vb) in [(0, 1, 0.3, 0.9), (1, 2, 0.5, 0.1), (2, 1, 0.25, 0.6), (1, 3, 1.0, 0.0), (0, 3, 2.0, 0.5)] {
            a.add(row: row, column: column, va)
            b.add(row: row, column: column, vb)
        }
        for i in 0..<4 {
            a.addRHS(row: i, column: 0, Double(i + 1)); a.addRHS(row: i, column: 1, 0.5)
            b.addRHS(row: i, column: 0, 1); b.addRHS(row: i, column: 1, Double(i))
        }
        let together = try a.solve(with: b)
        let (xa, xb) = (try a.solve(), try b.solve())
        #expect(zip(together.mine, xa).allSatisfy { close($0, $1) })
        #expect(zip(together.other, xb).allSatisfy { close($0, $1) })
        #expect(xa != xb)
    }

    @Test func loopIsSolvedAsALinearSystem() throws {
        // x0 = 0.2·x1 + 1, x1 = 0.5·x0 + 2 → x0 = 1.4 / 0.9, x1 = 0.5·x0 + 2; second column: x0 = 0.2 / 0.9
        var s = FlowSystem(size: 2, columns: 2)
        s.add(row: 0, column: 1, 0.2)
        s.add(row: 1, column: 0, 0.5)
        s.setRHS(row: 0, [1, 0])
        s.setRHS(row: 1, [2, 1])
        let x = try s.solve()
        #expect(close(x[0], 1.4 / 0.9))
        #expect(close(x[2], 0.5 * 1.4 / 0.9 + 2))
        #expect(close(x[1], 0.2 / 0.9))
    }

    @Test func selfLoopAndLoopFedFromOutside() throws {
        // x2 = 3; x0 = 0.1·x0 + 0.5·x1 + x2; x1 = 0.4·x0  → x0 = 3 / (0.9 − 0.2)
        var s = FlowSystem(size: 3, columns: 1)
        s.add(row: 0, column: 0, 0.1)
        s.add(row: 0, column: 1, 0.5)
        s.add(row: 0, column: 2, 1)
        s.add(row: 1, column: 0, 0.4)
        s.setRHS(row: 2, [3])
        let x = try s.solve()
        #expect(close(x[0], 3 / 0.7))
        #expect(close(x[1], 0.4 * 3 / 0.7))
    }

    @Test func repeatedCoefficientsAddUp() throws {
        var s = FlowSystem(size: 2, columns: 1)
        s.add(row: 0, column: 1, 0.25)
        s.add(row: 0, column: 1, 0.25)
        s.setRHS(row: 1, [2])
        #expect(try s.solve() == [1, 2])
    }

    @Test func loopThatKeepsAllItsMaterialIsSingular() {
        var s = FlowSystem(size: 2, columns: 1)
        s.add(row: 0, column: 1, 1)
        s.add(row: 1, column: 0, 1)
        #expect(throws: FlowSystem.Failure.self) { try s.solve() }
    }

    @Test func deepChainDoesNotOverflowTheStack() throws {
        let n = 200_000
        var s = FlowSystem(size: n, columns: 1)
        for i in 0..<(n - 1) {
            s.add(row: i, column: i + 1, 1)
            s.setRHS(row: i, [1])
        }
        s.setRHS(row: n - 1, [2])
        #expect(try s.solve()[0] == Double(n - 1) + 2)
    }

    @Test func componentsComeAfterWhatTheyDependOn() {
        // 0 → 1 → 2 → 1 (loop {1,2}), 3 → 0
        var s = FlowSystem(size: 4, columns: 1)
        s.add(row: 0, column: 1, 1)
        s.add(row: 1, column: 2, 1)
        s.add(row: 2, column: 1, 1)
        s.add(row: 3, column: 0, 1)
        #expect(s.componentLists().map { Set($0) } == [[1, 2], [0], [3]])
    }
}
