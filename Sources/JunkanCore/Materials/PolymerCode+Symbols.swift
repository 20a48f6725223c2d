/// The symbols `PolymerCode` accepts. Base polymers after ISO 1043-1:2011 Table 1 (and the thermoplastic elastomer
/// groups of ISO 18064), modifiers after ISO 1043-1 Table 2 and the material standards (ISO 17855: PE-HD…;
/// ISO 19069: PP-H homopolymer, PP-B block and PP-R random copolymer), fillers after ISO 1043-2 Tables 1 and 2.
extension PolymerCode {
    static let polymerSymbols: Set<String> = [
        "ABS", "AES", "ASA", "CA", "CAB", "COC", "EVAC", "LCP", "MABS", "MBS",
        "PA6", "PA11", "PA12", "PA46", "PA66", "PA610", "PA612", "PA6T", "PA9T", "PA6I", "PAMXD6",
        "PAEK", "PAI", "PAN", "PAR", "PB", "PBAT", "PBS", "PBT", "PC", "PCL", "PCT", "PE", "PEEK", "PEF", "PEI", "PEK",
        "PEN", "PESU", "PET", "PHA", "PHB", "PI", "PIB", "PK", "PLA", "PMMA", "PMP", "POM", "PP", "PPA", "PPE", "PPS",
        "PPSU", "PS", "PSU", "PTFE", "PTT", "PUR", "PVC", "PVDF", "SAN", "SB", "SBS",
        "TPA", "TPC", "TPO", "TPS", "TPU", "TPV", "TPZ"
    ]

    static let modifiers: [String: Set<String>] = [
        "PE": ["HD", "MD", "LD", "LLD", "VLD", "UHMW", "X"],
        "PP": ["H", "B", "R"],
        "PS": ["HI"],
        "PVC": ["U", "P", "C"],
        "PET": ["G"],
        "POM": ["H", "R"]
    ]

    /// Names used in trade that are not ISO 1043 codes, and the code they stand for.
    static let aliases: [String: String] = [
        "HDPE": "PE-HD", "LDPE": "PE-LD", "LLDPE": "PE-LLD", "MDPE": "PE-MD", "UHMWPE": "PE-UHMW", "HIPS": "PS-HI",
        "PETG": "PET-G", "PPO": "PPE", "PC/ABS": "PC+ABS", "PA 6": "PA6", "PA 66": "PA66", "PA 6.6": "PA66", "PA6.6": "PA66"
    ]

    static let fillerMaterials: [Character: String] = [
        "B": "boron", "C": "carbon", "D": "alumina trihydrate", "E": "clay", "G": "glass", "K": "calcium carbonate",
        "L": "cellulose", "M": "mineral", "N": "natural organic", "P": "mica", "Q": "silica", "R": "aramid",
        "S": "synthetic organic", "T": "talc", "W": "wood", "X": "not specified", "Z": "other"
    ]

    static let fillerForms: [Character: String] = [
        "B": "beads or spheres", "C": "chips", "D": "powder", "F": "fibre", "G": "ground", "H": "whisker", "K": "knitted fabric",
        "L": "layer", "M": "mat", "N": "non-woven", "P": "paper", "R": "roving", "S": "flake", "T": "twisted cord",
        "V": "veneer", "W": "woven fabric", "X": "not specified", "Y": "yarn", "Z": "other"
    ]
}
