import ArgumentParser

@main
struct Junkan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "junkan",
        abstract: "Junkan: the shared, verifiable record of the material loop (EPCIS 2.0 trace events).",
        subcommands: [
            Serve.self, Demo.self, Import.self, Report.self, Materials.self, Org.self, EventHash.self, Capture.self, Verify.self, VerifyProof.self,
            VerifyPassport.self, Witness.self, PactClientCommand.self, Pact.self, PeerCommand.self, Mirror.self, DSPCommand.self, OuranosCommand.self,
            QueriesCommand.self, SubscriptionsCommand.self
        ])
}
