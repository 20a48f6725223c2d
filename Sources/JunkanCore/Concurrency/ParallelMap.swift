import Dispatch

/// Per-item work spread over the machine's cores. A capture or an `event-hash` run does the same
/// independent work (decode, validate, hash) for thousands of events; on this project's 2-core
/// machines one thread leaves half the CPU idle. The work runs in chunks of `chunk` items (so tiny
/// inputs stay on the calling thread) and the results come back in index order.
public enum ParallelMap {
    /// `(0..<count).map(body)`, computed on all cores. `body` must be safe to call from several threads at once:
    /// it may read shared values but must not mutate shared state.
    public static func map<T>(_ count: Int, chunk: Int = 128, _ body: (Int) -> T) -> [T] {
        guard count > chunk else { return (0..<count).map(body) }
        return withoutActuallyEscaping(body) { body in
            let work = UncheckedBox(body)
            return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
                let out = UncheckedBox(buffer)
                let chunks = (count + chunk - 1) / chunk
                DispatchQueue.concurrentPerform(iterations: chunks) { c in
                    let lo = c * chunk
                    for i in lo..<min(count, lo + chunk) { (out.value.baseAddress! + i).initialize(to: work.value(i)) }
                }
                initialized = count
            }
        }
    }
}

/// Hands a value to `concurrentPerform`'s workers. Sound here because each worker writes disjoint
/// indices of the buffer and only calls the (thread-safe, per the contract above) body.
private struct UncheckedBox<V>: @unchecked Sendable {
    let value: V
    init(_ value: V) { self.value = value }
}
