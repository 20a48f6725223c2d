import Foundation
import JunkanCore
import JunkanNode
import Testing

/// IEC 62474 XML declarations in: what is read, and what is refused (with its path and line) — including hostile XML.
@Suite struct DeclarationDocumentTests {
    /// A keyboard declared as IEC 62474's composition sectional writes it (written for this test, not copied).
    static let keyboard = """
        <?xml version="1.0" encoding="UTF-8"?>
        <Main xmlns="http://std.iec.ch/iec62474">
          <BusinessInfo>
            <Response date="2026-11-20"><SupplyCompany name="Keyboard Works"/></Response>
          </BusinessInfo>
          <Product unitType="each">
            <ProductID name="KB-7 keyboard" identity="4912345000057"><Mass mass="500" unitOfMeasure="g"/></ProductID>
            <Compliance>
              <DeclarableSubstanceList authority="IEC62474" identity="DSL" version="D31.00"/>
              <DsDsg name="Lead and its compounds" aboveThreshold="false"/>
            </Compliance>
            <Composition>
              <ProductPart name="keycaps" quantity="104">
                <Mass mass="2.5" unitOfMeasure="g"/>
                <Material name="ABS"><Mass mass="2.5" unitOfMeasure="g"/><MaterialClassID authority="IEC62474" identity="M-014"/></Material>
              </ProductPart>
              <ProductPart name="circuit board">
                <Material name="solder">
                  <Mass mass="2" unitOfMeasure="g"/>
                  <Substance name="Lead"><SubstanceID authority="CAS" identity="7439-92-1"/><MassPercent massPercent="0.05"/></Substance>
                  <Substance name="Tin"><SubstanceID authority="CAS" identity="7440-31-5"/><Mass mass="1.9" unitOfMeasure="g"/></Substance>
                </Material>
                <Substance name="Cadmium"><SubstanceID authority="CAS" identity="7440-43-9"/><Mass mass="1" unitOfMeasure="mg"/></Substance>
              </ProductPart>
            </Composition>
          </Product>
        </Main>
        """

    static func read(_ text: String) throws(DeclarationError) -> MaterialDeclaration { try DeclarationDocument.read(Data(text.utf8)) }

    @Test func aCompositionDeclarationIsRead() throws {
        let d = try Self.read(Self.keyboard)
        #expect(d.subject == "https://id.gs1.org/01/04912345000057")  // a GTIN-13 as its canonical Digital Link
        #expect(d.name == "KB-7 keyboard")
        #expect(d.supplier == "Keyboard Works")
        #expect(d.date == "2026-11-20")
        #expect(d.substanceList == "IEC62474 DSL D31.00")
        #expect(d.complianceAnswers == [ComplianceAnswer(substance: "Lead and its compounds", aboveThreshold: false)])
        #expect(d.product.massKg == 0.5)
        #expect(d.product.parts.map(\.name) == ["keycaps", "circuit board"])
        #expect(d.product.parts[0].quantity == 104)
        #expect(d.product.parts[0].materials[0].materialClass == "M-014")
        let solder = d.product.parts[1].materials[0]
        #expect(solder.massKg == 0.002)
        #expect(solder.substances[0] == DeclaredSubstance(name: "Lead", cas: "7439-92-1", fraction: 0.0005))
        #expect(solder.substances[1].massKg == 0.0019)
        // A substance outside any material is kept, by its mass, in a material of its own that is not homogeneous.
        let outside = d.product.parts[1].materials[1]
        #expect(outside.name == DeclaredMaterial.outsideMaterials)
        #expect(outside.substances == [DeclaredSubstance(name: "Cadmium", cas: "7440-43-9", massKg: 1e-6)])
    }

    /// Every element that cannot be read is reported with its path and line, and the declaration is refused whole.
    @Test func everyBadElementIsNamedWithItsPathAndLine() {
        let bad = Self.keyboard
            .replacingOccurrences(of: "7440-31-5", with: "7440-31-6")
            .replacingOccurrences(of: "<Mass mass=\"2\" unitOfMeasure=\"g\"/>", with: "<Mass mass=\"2\" unitOfMeasure=\"lb\"/>")
            .replacingOccurrences(of: "quantity=\"104\"", with: "quantity=\"-1\"")
        #expect {
            try Self.read(bad)
        } throws: { error in
            let issues = (error as! DeclarationError).issues
            return issues == [
                .init(path: "/Main/Product/Composition/ProductPart[1]", line: 13, reason: "quantity is a positive number, found \"-1\""),
                .init(
                    path: "/Main/Product/Composition/ProductPart[2]/Material[1]/Substance[2]/SubstanceID", line: 21,
                    reason: "\"7440-31-6\" is not a CAS registry number with a correct check digit"),
                .init(
                    path: "/Main/Product/Composition/ProductPart[2]/Material[1]/Mass", line: 19,
                    reason: "unitOfMeasure is one of kg, g, mg, µg (ug), t, found \"lb\"")
            ]
        }
    }

    @Test(arguments: [
        ("<Main xmlns=\"http://example.com/other\"><Product/></Main>", "not an IEC 62474 declaration"),
        (
            "<Main xmlns=\"http://std.iec.ch/iec62474\"><Product><ProductID identity=\"1234\"/><Composition/></Product></Main>",
            "neither a GS1 Digital Link nor a GTIN"
        ),
        ("<Main xmlns=\"http://std.iec.ch/iec62474\"><Product><ProductID identity=\"04912345000058\"/><Composition/></Product></Main>", "is not a GTIN"),
        (
            "<Main xmlns=\"http://std.iec.ch/iec62474\"><Product><ProductID identity=\"04912345000057\"/></Product></Main>",
            "needs a <Composition> or a <Compliance>"
        ),
        (
            "<Main xmlns=\"http://std.iec.ch/iec62474\"><Product><ProductID identity=\"04912345000057\"/><Composition><Material><Substance name=\"x\"/></Material></Composition></Product></Main>",
            "needs its <Mass> or its <MassPercent>"
        ),
        ("<Main xmlns=\"http://std.iec.ch/iec62474\"><Product><ProductID identity=\"04912345000057\"/>", "line 1")
    ])
    func malformedDeclarationsSayWhatIsWrong(xml: String, expected: String) {
        #expect {
            try Self.read(xml)
        } throws: { error in
            "\(error)".contains(expected)
        }
    }

    /// Hostile XML: entity expansion (no entity is substituted; a DTD is refused), deep nesting (bounded), and a
    /// 100 MB body (refused by its size before it is parsed).
    @Test func hostileDocumentsAreRefusedWithBoundedWork() throws {
        let laughs = """
            <?xml version="1.0"?>
            <!DOCTYPE Main [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
            <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">]>
            <Main xmlns="http://std.iec.ch/iec62474"><Product><ProductID name="&f;" identity="04912345000057"/><Composition/></Product></Main>
            """
        // libxml2 stops the expansion itself ("entity reference loop") before the DTD check: refused either way.
        #expect { try Self.read(laughs) } throws: { "\($0)".contains("DTD") || "\($0)".contains("entity") }
        let deep =
            "<Main xmlns=\"http://std.iec.ch/iec62474\">" + String(repeating: "<ProductPart>", count: 200) + String(repeating: "</ProductPart>", count: 200)
            + "</Main>"
        #expect { try Self.read(deep) } throws: { "\($0)".contains("nest") }
        let huge = Data(count: 100 << 20)
        #expect { try DeclarationDocument.read(huge) } throws: { "\($0)".contains("at most \(DeclarationDocument.maxBytes) bytes") }
    }

    /// The shipped lists read, and say where they come from.
    @Test func theShippedListsRead() throws {
        #expect(SubstanceListCatalogue.problems == [])
        #expect(Set(SubstanceListCatalogue.shipped.keys) == Set(SubstanceListCatalogue.shippedIDs))
        let rohs = try #require(SubstanceListCatalogue.shipped["eu-rohs"])
        #expect(rohs.entries.count == 10)
        #expect(rohs.entries.first { $0.id == "cd" }?.threshold == 0.0001)
        #expect(rohs.entries.allSatisfy { $0.level == .homogeneousMaterial })
        let svhc = try #require(SubstanceListCatalogue.shipped["reach-svhc"])
        #expect(svhc.isExcerpt)
        #expect(svhc.entries.allSatisfy { $0.level == .article && $0.threshold == 0.001 && $0.duty != nil })
        #expect(SubstanceListCatalogue.shipped["eu-batteries"]?.entries.first { $0.id == "pb" }?.appliesFrom == "2024-08-18")
    }
}
