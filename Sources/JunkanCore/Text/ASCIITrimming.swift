extension StringProtocol {
    /// Without the given ASCII blanks at either end (a field's padding: spaces, and tabs where a spreadsheet puts them).
    func trimmingASCII(_ blanks: Set<Character> = [" "]) -> SubSequence {
        var s = self[...]
        while let c = s.first, blanks.contains(c) { s.removeFirst() }
        while let c = s.last, blanks.contains(c) { s.removeLast() }
        return s
    }
}
