/// `DirectPreHash` read from a `JSONTape` instead of a tree: the same parts in the same order, with member
/// names compared as interned strings and values read as bytes where they are. The common values (EPC
/// URIs, canonical links, timestamps, words, plain integers) are canonised from their bytes into the
/// pre-hash; any other value is made a `String` and goes through `DirectPreHash`'s own steps, so both
/// paths canonise alike by construction. What `DirectPreHash` gives up on, this gives up on too, and the
/// caller hashes that event from its tree. `EventHashTapeTests` holds the two equal.
final class TapePreHash {
    // One writer serves a run of events on one thread, so its buffers are allocated once per run, not once per event.
    let tape: JSONTape
    let names: TapeNames
    let hasher: EventHash.Hasher
    /// The last event's pre-hash, when `write` gave true.
    private(set) var out = PreHashBytes()
    private var slots = [Int](repeating: -1, count: DirectPreHash.topLevelOrder.count)
    private var tail: [(name: Int, value: Int)] = []

    init(tape: JSONTape, names: TapeNames, hasher: EventHash.Hasher) {
        self.tape = tape
        self.names = names
        self.hasher = hasher
    }

    /// Writes the event's pre-hash into `out`; false when the event needs the tree.
    func write(event: Int) -> Bool {
        let bare = BareValueReplacement(hasher.expansion.expandedValues(tape: tape, event: event, names: names))
        let walk = TapeEventWalk(tape: tape, names: names, direct: DirectPreHash(builder: hasher.builder, bare: bare))
        // The buffer is taken out while it is written, so the walk writes it without going through this object.
        var bytes = PreHashBytes(capacity: 0)
        swap(&bytes, &out)
        bytes.removeAll()
        defer { swap(&bytes, &out) }
        do throws(DirectPreHash.Unsupported) { try walk.eventPreHash(event, slots: &slots, tail: &tail, into: &bytes) } catch { return false }
        return true
    }
}
