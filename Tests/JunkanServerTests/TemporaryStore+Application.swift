import Hummingbird
import JunkanLedger
import JunkanNode
import JunkanServer
import JunkanTestSupport

extension TemporaryStore {
    /// The Junkan application on this store, its router built as `junkan serve` builds it.
    func application(limits: CaptureLimits = .init(), logKey: NoteVerifierKey? = nil) -> some ApplicationProtocol {
        Application(router: buildRouter(store: store, limits: limits, logKey: logKey))
    }
}
