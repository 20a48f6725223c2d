/// A dense two-phase primal simplex (Dantzig's rule, switching to Bland's rule after a run of degenerate pivots so it
/// cannot cycle). Sized for blends — tens to a few hundred lots and a handful of property rows — where a dense
/// tableau is simpler and as fast as anything sparse. Phase 1 minimises the sum of artificial variables; a positive
/// minimum means no point meets every row.
public enum SimplexSolver {
    /// Feasibility and optimality tolerance on the tableau's entries (the blend's rows are scaled to mass fractions).
    public static let tolerance = 1e-9

    public static func solve(_ lp: LinearProgram) -> LinearProgram.Result {
        let n = lp.variableCount
        var rows = lp.rows
        for (j, u) in lp.upperBounds.enumerated() {
            guard let u else { continue }
            var e = [Double](repeating: 0, count: n)
            e[j] = 1
            rows.append(.init(e, .lessOrEqual, u))
        }
        // Every row with a non-negative right-hand side: ≤ gets a slack (its initial basis), ≥ a surplus and an
        // artificial, = an artificial.
        for i in rows.indices where rows[i].rhs < 0 {
            rows[i].coefficients = rows[i].coefficients.map { -$0 }
            rows[i].rhs = -rows[i].rhs
            switch rows[i].relation {
            case .lessOrEqual: rows[i].relation = .greaterOrEqual
            case .greaterOrEqual: rows[i].relation = .lessOrEqual
            case .equal: break
            }
        }
        let m = rows.count
        let slackCount = rows.filter { $0.relation != .equal }.count
        let artificialCount = rows.filter { $0.relation != .lessOrEqual }.count
        let width = n + slackCount + artificialCount + 1
        let firstArtificial = n + slackCount
        var t = Tableau(rows: m, width: width)
        var basis = [Int](repeating: 0, count: m)
        var s = n, a = firstArtificial
        for (i, row) in rows.enumerated() {
            for j in 0..<n { t[i, j] = row.coefficients[j] }
            t[i, width - 1] = row.rhs
            switch row.relation {
            case .lessOrEqual: t[i, s] = 1; basis[i] = s; s += 1
            case .greaterOrEqual: t[i, s] = -1; s += 1; t[i, a] = 1; basis[i] = a; a += 1
            case .equal: t[i, a] = 1; basis[i] = a; a += 1
            }
        }
        var tableau = Phase(t: t, basis: basis, width: width, allowed: width - 1)
        if artificialCount > 0 {
            var cost = [Double](repeating: 0, count: width - 1)
            for j in firstArtificial..<(width - 1) { cost[j] = -1 }
            switch tableau.optimise(cost: cost) {
            case .optimal: break
            case .unbounded: return .unbounded  // cannot happen: phase 1 is bounded by 0
            case .iterationLimit: return .iterationLimit
            }
            let infeasibility = -tableau.objectiveValue(cost: cost)
            let scale = max(1, rows.map { abs($0.rhs) }.max() ?? 1)
            if infeasibility > tolerance * scale * 10 { return .infeasible }
            tableau.driveOut(artificialsFrom: firstArtificial)
            tableau.allowed = firstArtificial
        }
        var cost = [Double](repeating: 0, count: width - 1)
        for j in 0..<n { cost[j] = lp.objective[j] }
        switch tableau.optimise(cost: cost) {
        case .optimal: break
        case .unbounded: return .unbounded
        case .iterationLimit: return .iterationLimit
        }
        var x = [Double](repeating: 0, count: n)
        for (i, b) in tableau.basis.enumerated() where b < n { x[b] = max(0, tableau.t[i, width - 1]) }
        let value = zip(lp.objective, x).reduce(0) { $0 + $1.0 * $1.1 }
        return .optimal(x: x, value: value)
    }

    struct Tableau {
        var cells: [Double]
        let width: Int
        init(rows: Int, width: Int) { cells = [Double](repeating: 0, count: rows * width); self.width = width }
        subscript(i: Int, j: Int) -> Double {
            get { cells[i * width + j] }
            set { cells[i * width + j] = newValue }
        }
    }

    struct Phase {
        var t: Tableau
        var basis: [Int]
        let width: Int
        /// Columns below this index may enter the basis (phase 2 excludes the artificials).
        var allowed: Int

        func objectiveValue(cost: [Double]) -> Double {
            basis.enumerated().reduce(0) { $0 + cost[$1.element] * t[$1.offset, width - 1] }
        }

        enum Outcome { case optimal, unbounded, iterationLimit }

        /// Maximises cost·x from the current basic feasible solution.
        mutating func optimise(cost: [Double]) -> Outcome {
            let m = basis.count
            var degenerateRun = 0
            var iterations = 0
            let limit = 50 * (m + width)
            while iterations < limit {
                iterations += 1
                // Reduced costs c_j − c_B·B⁻¹A_j: positive means x_j can raise the objective.
                var entering = -1
                var best = SimplexSolver.tolerance
                let bland = degenerateRun > 20
                for j in 0..<allowed where !basis.contains(j) {
                    var r = cost[j]
                    for i in 0..<m where t[i, j] != 0 { r -= cost[basis[i]] * t[i, j] }
                    if r > best {
                        entering = j
                        if bland { break }
                        best = r
                    }
                }
                guard entering >= 0 else { return .optimal }
                var leaving = -1
                var ratio = Double.infinity
                for i in 0..<m {
                    let aij = t[i, entering]
                    guard aij > SimplexSolver.tolerance else { continue }
                    let r = t[i, width - 1] / aij
                    if r < ratio - SimplexSolver.tolerance || (abs(r - ratio) <= SimplexSolver.tolerance && leaving >= 0 && basis[i] < basis[leaving]) {
                        ratio = r
                        leaving = i
                    }
                }
                guard leaving >= 0 else { return .unbounded }
                degenerateRun = ratio <= SimplexSolver.tolerance ? degenerateRun + 1 : 0
                pivot(row: leaving, column: entering)
            }
            return .iterationLimit
        }

        mutating func pivot(row r: Int, column c: Int) {
            let p = t[r, c]
            for j in 0..<width { t[r, j] /= p }
            for i in 0..<basis.count where i != r {
                let f = t[i, c]
                guard f != 0 else { continue }
                for j in 0..<width { t[i, j] -= f * t[r, j] }
            }
            basis[r] = c
        }

        /// After phase 1, pivots artificial variables (at zero) out of the basis; a row with no other non-zero entry
        /// is redundant and dropped.
        mutating func driveOut(artificialsFrom first: Int) {
            var i = 0
            while i < basis.count {
                if basis[i] >= first {
                    if let j = (0..<first).first(where: { abs(t[i, $0]) > SimplexSolver.tolerance }) {
                        pivot(row: i, column: j)
                    } else {
                        removeRow(i)
                        continue
                    }
                }
                i += 1
            }
        }

        mutating func removeRow(_ r: Int) {
            t.cells.removeSubrange((r * width)..<((r + 1) * width))
            basis.remove(at: r)
        }
    }
}
