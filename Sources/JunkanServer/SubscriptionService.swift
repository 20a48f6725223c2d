import JunkanNode
import ServiceLifecycle

/// The subscriptions' dispatcher as a service of the application: it runs beside the server and stops with it.
struct SubscriptionService: Service {
    let dispatcher: SubscriptionDispatcher

    func run() async throws {
        try await cancelWhenGracefulShutdown { await dispatcher.run() }
    }
}
