/// The tape of a long list (an EPCIS document's eventList) is built on all cores, as `JSONParser` builds its
/// tree (JSONParser+ParallelArray.swift): the structural scan finds the elements, each run of elements is
/// parsed into a tape of its own, and the runs are appended in order, their node links, escaped text and
/// member names renumbered. When the scan or any element fails, the list is parsed on one thread.
extension TapeBuilder {
    /// Parses the elements of the array `node` (its '[' just read) in parallel and closes it; false, with nothing
    /// changed, when the array is short or not valid JSON.
    mutating func parallelElements(of node: Int) -> Bool {
        guard let (spans, close) = Parser.elementSpans(bytes, array: i - 1), spans.count >= Parser.parallelMinimumElements else { return false }
        let bytes = self.bytes, maxDepth = self.maxDepth, depth = self.depth
        let runLength = 64
        let runs = ParallelMap.map((spans.count + runLength - 1) / runLength, chunk: 1) { r -> TapeBuilder? in
            var run = TapeBuilder(bytes: bytes, maxDepth: maxDepth, reserving: 0)
            run.depth = depth
            run.mayGoParallel = false
            for span in spans[(r * runLength)..<min(spans.count, (r + 1) * runLength)] {
                run.i = span.lowerBound
                run.skipWhitespace()
                guard run.value() else { return nil }
                run.skipWhitespace()
                guard run.i == span.upperBound else { return nil }
            }
            return run
        }
        guard !runs.contains(where: { $0 == nil }) else { return false }
        for case let run? in runs { append(run) }
        i = close
        self.close(node)
        return true
    }

    /// Appends a run's nodes after the ones here: links moved by the nodes before, escaped text by the text before,
    /// member names re-interned here.
    private mutating func append(_ run: TapeBuilder) {
        let base = Int32(nodes.count), textBase = Int32(unescaped.count)
        let renamed = run.names.strings.indices.map { id in run.names.bytes(id).withUnsafeBufferPointer { names.intern($0) } }
        unescaped.append(contentsOf: run.unescaped)
        // Grown geometrically: reserving the exact size for each run would copy the whole tape once per run whenever
        // the document has more nodes than `TapeBuilder.init` reserved.
        if nodes.capacity < nodes.count + run.nodes.count { nodes.reserveCapacity(max(nodes.count + run.nodes.count, 2 * nodes.capacity)) }
        for var n in run.nodes {
            n.next += base
            if n.unescaped { n.start += textBase; n.end += textBase }
            if n.name >= 0 { n.name = renamed[Int(n.name)] }
            nodes.append(n)
        }
    }
}
