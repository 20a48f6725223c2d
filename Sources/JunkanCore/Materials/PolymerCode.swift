import Foundation

/// A plastic by its ISO 1043 code: one base polymer (`PP`, `PE-HD`, `PA66`) or a blend of several joined by `+`
/// (ISO 1043-1 §4.1: `PC+ABS`), optionally followed by fillers and reinforcements (ISO 1043-2: `PA66-GF30`,
/// `PP-(GF10+MD15)`). The canonical form is what is stored, compared and shown.
public struct PolymerCode: Sendable, Hashable, CustomStringConvertible {
    /// Base polymers as written in the code, each with its ISO 1043-1 modifier when it has one (`PE-HD`).
    public var polymers: [String]
    public var fillers: [Filler]

    /// ISO 1043-2 filler or reinforcement: material letter, form letter and mass percent (`GF30`: glass fibre, 30%).
    public struct Filler: Sendable, Hashable, CustomStringConvertible {
        public var material: Character
        public var form: Character
        public var massPercent: Int?
        public var description: String { "\(material)\(form)\(massPercent.map(String.init) ?? "")" }
    }

    public var description: String {
        let base = polymers.joined(separator: "+")
        switch fillers.count {
        case 0: return base
        case 1: return base + "-" + fillers[0].description
        default: return base + "-(" + fillers.map(\.description).joined(separator: "+") + ")"
        }
    }

    /// The code without modifiers (`PE-HD` → `PE`, `PP-H` → `PP`), fillers kept: a request for `PP` takes homo-,
    /// block and random copolymers alike, but not a glass-filled `PP-GF30`, whose properties are another family's.
    public var family: String {
        var c = self
        c.polymers = polymers.map { String($0.split(separator: "-").first ?? Substring($0)) }
        return c.description
    }

    /// Whether a lot of polymer `other` is a candidate for a request of this polymer: the same code, or this code
    /// names the family without modifiers and `other` belongs to it.
    public func admits(_ other: PolymerCode) -> Bool {
        if self == other { return true }
        return !polymers.contains(where: { $0.contains("-") }) && other.family == description
    }

    public static func parse(_ text: String) throws(MaterialError) -> PolymerCode {
        var s = text.trimmingCharacters(in: .whitespaces)
        // ISO 11469 marks a part as >PC+ABS<; the code is between the brackets.
        if s.hasPrefix(">"), s.hasSuffix("<"), s.count > 2 { s = String(s.dropFirst().dropLast()) }
        if let alias = aliases[s.uppercased()] { s = alias }
        guard !s.isEmpty else { throw MaterialError("", "the polymer code is empty: give an ISO 1043 code such as PP, PE-HD or PC+ABS") }
        var code = PolymerCode(polymers: [], fillers: [])
        var rest = Substring(s)
        while true {
            let symbol = rest.prefix { $0 != "+" && $0 != "-" && $0 != "/" }
            rest = rest.dropFirst(symbol.count)
            guard polymerSymbols.contains(String(symbol)) else {
                throw MaterialError(
                    "",
                    "\"\(symbol)\" in \"\(text)\" is not an ISO 1043-1 polymer symbol (known: "
                        + polymerSymbols.sorted().joined(separator: ", ") + ")")
            }
            var name = String(symbol)
            if rest.first == "-" {
                let word = rest.dropFirst().prefix { $0 != "+" && $0 != "-" && $0 != "/" }
                if let allowed = modifiers[name], allowed.contains(String(word)) {
                    name += "-" + word
                    rest = rest.dropFirst(1 + word.count)
                }
            }
            code.polymers.append(name)
            // "PC/ABS" is common on data sheets; ISO 1043-1 writes blends with "+".
            if rest.first == "+" || rest.first == "/" { rest = rest.dropFirst(); continue }
            break
        }
        if rest.first == "-" {
            rest = rest.dropFirst()
            let bracketed = rest.first == "("
            if bracketed {
                guard rest.last == ")" else { throw MaterialError("", "\"\(text)\": a filler group opened with ( must close with )") }
                rest = rest.dropFirst().dropLast()
            }
            let parts = rest.split(separator: "+", omittingEmptySubsequences: false)
            guard bracketed || parts.count == 1 else {
                throw MaterialError("", "\"\(text)\": several fillers go in brackets, e.g. PA66-(GF25+MD15) (ISO 1043-2)")
            }
            for part in parts { code.fillers.append(try filler(part, in: text)) }
            rest = ""
        }
        guard rest.isEmpty else { throw MaterialError("", "\"\(text)\": unexpected \"\(rest)\" after \(code)") }
        guard Set(code.polymers).count == code.polymers.count else {
            throw MaterialError("", "\"\(text)\" names the same polymer twice")
        }
        let total = code.fillers.compactMap(\.massPercent).reduce(0, +)
        guard total < 100 else { throw MaterialError("", "\"\(text)\": fillers of \(total)% by mass leave no polymer") }
        return code
    }

    private static func filler(_ part: Substring, in text: String) throws(MaterialError) -> Filler {
        let chars = Array(part)
        guard chars.count >= 2, let material = chars.first, fillerMaterials[material] != nil else {
            throw MaterialError(
                "",
                "\"\(part)\" in \"\(text)\" is not an ISO 1043-2 filler: its first letter names the material ("
                    + fillerMaterials.keys.sorted().map { "\($0) \(fillerMaterials[$0]!)" }.joined(separator: ", ") + ")")
        }
        guard fillerForms[chars[1]] != nil else {
            throw MaterialError(
                "",
                "\"\(part)\" in \"\(text)\": the second letter of an ISO 1043-2 filler names its form ("
                    + fillerForms.keys.sorted().map { "\($0) \(fillerForms[$0]!)" }.joined(separator: ", ") + ")")
        }
        let digits = String(chars.dropFirst(2))
        guard digits.isEmpty || (digits.allSatisfy(\.isASCII) && digits.allSatisfy(\.isNumber) && digits.count <= 2) else {
            throw MaterialError("", "\"\(part)\" in \"\(text)\": the filler content is a whole mass percent, e.g. GF30")
        }
        let percent = Int(digits)
        if let percent, percent <= 0 { throw MaterialError("", "\"\(part)\" in \"\(text)\": a filler content must be above 0%") }
        return Filler(material: material, form: chars[1], massPercent: percent)
    }
}
