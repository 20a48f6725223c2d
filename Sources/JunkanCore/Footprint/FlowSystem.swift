/// A linear system x = A·x + F over the nodes of a trace graph, with several right-hand sides (columns of F).
/// Solved component by component: strongly connected components (Tarjan) in dependency order, each singleton by
/// substitution and each loop (regrind, returned scrap) by Gaussian elimination with partial pivoting. On a DAG this
/// is exact back-substitution; on loops it is the direct solve of (I − A)x = F restricted to the loop.
public struct FlowSystem: Sendable {
    public enum Failure: Error, Sendable, Equatable {
        /// A loop that returns all of its material (I − A singular): no unique answer.
        case singularLoop(nodes: [Int])
    }

    /// coefficients[i]: (j, a_ij), x_i depends on x_j.
    public var coefficients: [[(Int, Double)]]
    /// rhs[i][k]: the k-th right-hand side of row i.
    public var rhs: [[Double]]
    public let columns: Int

    public init(size: Int, columns: Int) {
        coefficients = Array(repeating: [], count: size)
        rhs = Array(repeating: Array(repeating: 0, count: columns), count: size)
        self.columns = columns
    }

    public var size: Int { coefficients.count }

    public func solve() throws(Failure) -> [[Double]] {
        var x = Array(repeating: Array(repeating: 0.0, count: columns), count: size)
        for component in Self.components(coefficients) {
            if component.count == 1 {
                let i = component[0]
                var selfWeight = 0.0
                var b = rhs[i]
                for (j, a) in coefficients[i] {
                    if j == i { selfWeight += a; continue }
                    for k in 0..<columns { b[k] += a * x[j][k] }
                }
                let d = 1 - selfWeight
                guard abs(d) > 1e-12 else { throw .singularLoop(nodes: [i]) }
                for k in 0..<columns { x[i][k] = b[k] / d }
            } else {
                try solveLoop(component, into: &x)
            }
        }
        return x
    }

    private func solveLoop(_ nodes: [Int], into x: inout [[Double]]) throws(Failure) {
        let n = nodes.count
        var local: [Int: Int] = [:]
        for (p, i) in nodes.enumerated() { local[i] = p }
        // Augmented matrix [I − A_loop | F + A_out·x_out].
        var m = Array(repeating: Array(repeating: 0.0, count: n + columns), count: n)
        for (p, i) in nodes.enumerated() {
            m[p][p] = 1
            for k in 0..<columns { m[p][n + k] = rhs[i][k] }
            for (j, a) in coefficients[i] {
                if let q = local[j] { m[p][q] -= a } else { for k in 0..<columns { m[p][n + k] += a * x[j][k] } }
            }
        }
        for col in 0..<n {
            var pivot = col
            for r in (col + 1)..<n where abs(m[r][col]) > abs(m[pivot][col]) { pivot = r }
            guard abs(m[pivot][col]) > 1e-12 else { throw .singularLoop(nodes: nodes) }
            if pivot != col { m.swapAt(pivot, col) }
            let p = m[col][col]
            for r in 0..<n where r != col && m[r][col] != 0 {
                let factor = m[r][col] / p
                for c in col..<(n + columns) { m[r][c] -= factor * m[col][c] }
            }
        }
        for (p, i) in nodes.enumerated() { for k in 0..<columns { x[i][k] = m[p][n + k] / m[p][p] } }
    }

    /// Tarjan's strongly connected components, iteratively (trace chains can be thousands deep). A component is
    /// emitted only after every component it depends on.
    static func components(_ edges: [[(Int, Double)]]) -> [[Int]] {
        let n = edges.count
        var index = Array(repeating: -1, count: n), low = Array(repeating: 0, count: n)
        var onStack = Array(repeating: false, count: n)
        var stack: [Int] = [], result: [[Int]] = [], next = 0
        var work: [(node: Int, edge: Int)] = []
        for root in 0..<n where index[root] < 0 {
            work.append((root, 0))
            while let (v, e) = work.last {
                if e == 0 {
                    index[v] = next; low[v] = next; next += 1
                    stack.append(v); onStack[v] = true
                }
                if e < edges[v].count {
                    work[work.count - 1].edge += 1
                    let w = edges[v][e].0
                    if index[w] < 0 {
                        work.append((w, 0))
                    } else if onStack[w] {
                        low[v] = min(low[v], index[w])
                    }
                    continue
                }
                work.removeLast()
                if let parent = work.last?.node { low[parent] = min(low[parent], low[v]) }
                if low[v] == index[v] {
                    var component: [Int] = []
                    while true {
                        let w = stack.removeLast()
                        onStack[w] = false
                        component.append(w)
                        if w == v { break }
                    }
                    result.append(component)
                }
            }
        }
        return result
    }
}
