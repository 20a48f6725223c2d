import JunkanCore
import Testing

/// The CSV form: rows grouped by subject, part and material; checked as the JSON form is; every problem at its line and
/// column.
@Suite struct DeclarationCSVTests {
    static let header =
        "subject,name,supplier,part,partMassKg,material,materialMassKg,substance,cas,massKg,massPercent,exemption,method,limitOfDetectionPercent"

    @Test func rowsMakeTheSameDeclarationAsTheJSONForm() throws {
        let csv = """
            \(Self.header)
            04912345000057,keyboard,Keys Ltd,,,ABS keycaps,0.3,,,,,,,
            04912345000057,,,board,0.2,circuit board,0.2,lead,7439-92-1,0.0004,,,,
            04912345000057,,,board,,solder,0.001,tin,7440-31-5,,96.5,,,
            https://id.gs1.org/01/04912345000040/10/R1,rPC/ABS,Recycler,,,rPC/ABS,,decaBDE,1163-19-5,,0.2,,XRF,0.001
            04912345000064,screws,,,,brass,0.05,lead,7439-92-1,,3,III-6(c); III-6(b),,
            """
        let read = try MaterialDeclaration.declarations(csv: csv)
        let json: JSONValue = [
            [
                "subject": "04912345000057", "name": "keyboard", "supplier": "Keys Ltd", "materials": [["name": "ABS keycaps", "massKg": 0.3]],
                "parts": [
                    [
                        "name": "board", "massKg": 0.2,
                        "materials": [
                            ["name": "circuit board", "massKg": 0.2, "substances": [["name": "lead", "cas": "7439-92-1", "massKg": 0.0004]]],
                            ["name": "solder", "massKg": 0.001, "substances": [["name": "tin", "cas": "7440-31-5", "massPercent": 96.5]]]
                        ]
                    ]
                ]
            ],
            [
                "subject": "https://id.gs1.org/01/04912345000040/10/R1", "name": "rPC/ABS", "supplier": "Recycler",
                "materials": [
                    [
                        "name": "rPC/ABS",
                        "substances": [["name": "decaBDE", "cas": "1163-19-5", "massPercent": 0.2, "method": "XRF", "limitOfDetectionPercent": 0.001]]
                    ]
                ]
            ],
            [
                "subject": "04912345000064", "name": "screws",
                "materials": [
                    [
                        "name": "brass", "massKg": 0.05,
                        "substances": [["name": "lead", "cas": "7439-92-1", "massPercent": 3, "exemptions": ["III-6(c)", "III-6(b)"]]]
                    ]
                ]
            ]
        ]
        let expected = try json.arrayValue!.map { try MaterialDeclaration.decode($0) }
        #expect(read == expected)
        #expect(read[0].subject == "https://id.gs1.org/01/04912345000057")
        #expect(read[0].product.parts[0].materials.count == 2)
    }

    @Test func everyProblemIsAtItsLineAndColumn() {
        let csv = """
            \(Self.header)
            04912345000057,keyboard,,,,ABS,0.3,,,,,,,
            04912345000057,other name,,,,ABS,0.3,,,,,,,
            04912345000057,,,,,PCB,zero,lead,7439-92-1,0.0004,,,,
            04912345000064,,,,,brass,0.05,lead,7439-92-2,,3,,,
            04912345000064,,,,,brass,,,,,3,,,
            ,,,,,brass,,,,,,,,
            """
        #expect {
            try MaterialDeclaration.declarations(csv: csv)
        } throws: { error in
            let issues = (error as? DeclarationError)?.issues ?? []
            let found = issues.map { "\($0.line ?? 0) \($0.path)" }
            return found == ["3 name", "4 materialMassKg", "6 massPercent", "7 subject"]
        }
        // The checks of the JSON form, mapped back: a CAS number's check digit, at its row and column.
        let badCAS = "\(Self.header)\n04912345000064,,,,,brass,0.05,lead,7439-92-2,,3,,,\n"
        #expect {
            try MaterialDeclaration.declarations(csv: badCAS)
        } throws: { error in
            (error as? DeclarationError)?.issues.map { "\($0.line ?? 0) \($0.path)" } == ["2 cas"]
        }
    }

    @Test func theHeaderNamesKnownColumnsOnceAndSubjectAndMaterial() {
        for (csv, expected) in [
            ("subject,material,colour\n04912345000057,ABS,red\n", ["1 colour"]), ("subject,name\n04912345000057,x\n", ["1 material"]),
            ("subject,material,material\n04912345000057,ABS,ABS\n", ["1 material"]), ("subject,material\n", ["0 /"]), ("", ["0 /"])
        ] {
            #expect {
                try MaterialDeclaration.declarations(csv: csv)
            } throws: { error in
                (error as? DeclarationError)?.issues.map { "\($0.line ?? 0) \($0.path)" } == expected
            }
        }
    }

    @Test func twoSpellingsOfOneSubjectAreOneSubject() {
        let csv = "subject,material\n04912345000057,ABS\nhttps://id.gs1.org/01/04912345000057,PC\n"
        #expect {
            try MaterialDeclaration.declarations(csv: csv)
        } throws: { error in
            (error as? DeclarationError)?.issues.map { "\($0.line ?? 0) \($0.path)" } == ["3 subject"]
        }
    }
}
