/// A linear system x = A·x + F over the nodes of a trace graph, with several right-hand sides (columns of F).
/// Solved component by component: strongly connected components (Tarjan) in dependency order, each singleton by
/// substitution and each loop (regrind, returned scrap) by Gaussian elimination with partial pivoting. On a DAG this
/// is exact back-substitution; on loops it is the direct solve of (I − A)x = F restricted to the loop.
///
/// Storage is flat (coefficients as triplets turned into compressed rows, right-hand sides row-major), so a system
/// of tens of thousands of lots costs a handful of allocations, not several per lot.
public struct FlowSystem: Sendable {
    public enum Failure: Error, Sendable, Equatable {
        /// A loop that returns all of its material (I − A singular): no unique answer.
        case singularLoop(nodes: [Int])
    }

    public let size: Int
    public let columns: Int
    private var entryRows: [Int] = []
    private var entryColumns: [Int] = []
    private var entryValues: [Double] = []
    /// rhs[i * columns + k]: the k-th right-hand side of row i.
    private var rhs: [Double]

    /// `expectedEntries`: roughly how many coefficients will be added (saves the triplet arrays' regrowth).
    public init(size: Int, columns: Int, expectedEntries: Int = 0) {
        self.size = size
        self.columns = columns
        rhs = [Double](repeating: 0, count: size * columns)
        entryRows.reserveCapacity(expectedEntries)
        entryColumns.reserveCapacity(expectedEntries)
        entryValues.reserveCapacity(expectedEntries)
    }

    /// a_ij += value: x_i depends on x_j.
    public mutating func add(row i: Int, column j: Int, _ value: Double) {
        entryRows.append(i)
        entryColumns.append(j)
        entryValues.append(value)
    }

    public mutating func addRHS(row i: Int, column k: Int, _ value: Double) { rhs[i * columns + k] += value }
    public mutating func setRHS(row i: Int, _ values: [Double]) { for k in 0..<columns { rhs[i * columns + k] = values[k] } }

    /// The solution, row-major: x[i * columns + k].
    public func solve() throws(Failure) -> [Double] {
        let rows = CompressedRows(size: size, rows: entryRows, columns: entryColumns, values: entryValues)
        let (order, starts) = Self.components(rows)
        return try substitute(rows, order: order, starts: starts)
    }

    /// Solves this system and `other`, which has the same coefficients' positions (added in the same order) and
    /// other values: the grouping by row and the components are worked out once for both.
    public func solve(with other: FlowSystem) throws(Failure) -> (mine: [Double], other: [Double]) {
        precondition(
            other.size == size && other.entryRows == entryRows && other.entryColumns == entryColumns,
            "solve(with:) needs two systems with the same coefficient positions")
        let rows = CompressedRows(size: size, rows: entryRows, columns: entryColumns, values: entryValues)
        let otherRows = rows.withValues(other.entryValues)
        let (order, starts) = Self.components(rows)
        return (try substitute(rows, order: order, starts: starts), try other.substitute(otherRows, order: order, starts: starts))
    }

    /// Component by component in dependency order: substitution for a single node, elimination for a loop.
    private func substitute(_ rows: CompressedRows, order: [Int], starts: [Int]) throws(Failure) -> [Double] {
        var x = [Double](repeating: 0, count: size * columns)
        var b = [Double](repeating: 0, count: columns)
        for c in 0..<(starts.count - 1) {
            let lo = starts[c], hi = starts[c + 1]
            guard hi - lo == 1 else {
                try solveLoop(Array(order[lo..<hi]), rows: rows, into: &x)
                continue
            }
            let i = order[lo]
            var selfWeight = 0.0
            for k in 0..<columns { b[k] = rhs[i * columns + k] }
            for e in rows.start[i]..<rows.start[i + 1] {
                let j = rows.column[e], a = rows.value[e]
                if j == i { selfWeight += a; continue }
                for k in 0..<columns { b[k] += a * x[j * columns + k] }
            }
            let d = 1 - selfWeight
            guard abs(d) > 1e-12 else { throw .singularLoop(nodes: [i]) }
            for k in 0..<columns { x[i * columns + k] = b[k] / d }
        }
        return x
    }

    private func solveLoop(_ nodes: [Int], rows: CompressedRows, into x: inout [Double]) throws(Failure) {
        let n = nodes.count, width = n + columns
        var local: [Int: Int] = [:]
        for (p, i) in nodes.enumerated() { local[i] = p }
        // Augmented matrix [I − A_loop | F + A_out·x_out], row-major.
        var m = [Double](repeating: 0, count: n * width)
        for (p, i) in nodes.enumerated() {
            m[p * width + p] = 1
            for k in 0..<columns { m[p * width + n + k] = rhs[i * columns + k] }
            for e in rows.start[i]..<rows.start[i + 1] {
                let j = rows.column[e], a = rows.value[e]
                if let q = local[j] { m[p * width + q] -= a } else { for k in 0..<columns { m[p * width + n + k] += a * x[j * columns + k] } }
            }
        }
        for col in 0..<n {
            var pivot = col
            for r in (col + 1)..<n where abs(m[r * width + col]) > abs(m[pivot * width + col]) { pivot = r }
            guard abs(m[pivot * width + col]) > 1e-12 else { throw .singularLoop(nodes: nodes) }
            if pivot != col { for c in 0..<width { m.swapAt(pivot * width + c, col * width + c) } }
            let p = m[col * width + col]
            for r in 0..<n where r != col && m[r * width + col] != 0 {
                let factor = m[r * width + col] / p
                for c in col..<width { m[r * width + c] -= factor * m[col * width + c] }
            }
        }
        for (p, i) in nodes.enumerated() { for k in 0..<columns { x[i * columns + k] = m[p * width + n + k] / m[p * width + p] } }
    }

    /// Coefficients grouped by row (counting sort of the triplets). `slot[e]`: where triplet e went.
    struct CompressedRows {
        var start: [Int], column: [Int], value: [Double], slot: [Int]

        init(size: Int, rows: [Int], columns: [Int], values: [Double]) {
            start = [Int](repeating: 0, count: size + 1)
            for r in rows { start[r + 1] += 1 }
            for i in 0..<size { start[i + 1] += start[i] }
            var next = start
            column = [Int](repeating: 0, count: rows.count)
            value = [Double](repeating: 0, count: rows.count)
            slot = [Int](repeating: 0, count: rows.count)
            for (e, r) in rows.enumerated() {
                slot[e] = next[r]
                column[next[r]] = columns[e]
                value[next[r]] = values[e]
                next[r] += 1
            }
        }

        /// The same positions with other values (given in triplet order).
        func withValues(_ values: [Double]) -> CompressedRows {
            var copy = self
            for (e, v) in values.enumerated() { copy.value[slot[e]] = v }
            return copy
        }
    }

    /// Tarjan's strongly connected components, iteratively (trace chains can be thousands deep). A component is
    /// emitted only after every component it depends on. Returns the nodes in that order and where each component
    /// starts (with a final end marker).
    static func components(_ rows: CompressedRows) -> (order: [Int], starts: [Int]) {
        let n = rows.start.count - 1
        var index = [Int](repeating: -1, count: n), low = [Int](repeating: 0, count: n)
        var onStack = [Bool](repeating: false, count: n)
        var stack: [Int] = [], order: [Int] = [], starts: [Int] = [0], next = 0
        order.reserveCapacity(n)
        var work: [(node: Int, edge: Int)] = []
        for root in 0..<n where index[root] < 0 {
            work.append((root, rows.start[root]))
            index[root] = next; low[root] = next; next += 1
            stack.append(root); onStack[root] = true
            while let (v, e) = work.last {
                if e < rows.start[v + 1] {
                    work[work.count - 1].edge += 1
                    let w = rows.column[e]
                    if index[w] < 0 {
                        index[w] = next; low[w] = next; next += 1
                        stack.append(w); onStack[w] = true
                        work.append((w, rows.start[w]))
                    } else if onStack[w] {
                        low[v] = min(low[v], index[w])
                    }
                    continue
                }
                work.removeLast()
                if let parent = work.last?.node { low[parent] = min(low[parent], low[v]) }
                if low[v] == index[v] {
                    while true {
                        let w = stack.removeLast()
                        onStack[w] = false
                        order.append(w)
                        if w == v { break }
                    }
                    starts.append(order.count)
                }
            }
        }
        return (order, starts)
    }

    /// The components as lists, in solving order (for tests).
    func componentLists() -> [[Int]] {
        let (order, starts) = Self.components(CompressedRows(size: size, rows: entryRows, columns: entryColumns, values: entryValues))
        return (0..<(starts.count - 1)).map { Array(order[starts[$0]..<starts[$0 + 1]]) }
    }
}
