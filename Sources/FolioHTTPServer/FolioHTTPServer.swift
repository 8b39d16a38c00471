import FolioServer
import Hummingbird
import Logging

/// Builds the Hummingbird router and application that map a
/// ``FolioSyncService`` onto the `/v2/` endpoints of SPEC.md §5.1 (and the
/// frozen 426 answer to `/v1/` sync requests, §5.3), the editor JSON API
/// (`/v1/editor`), `/health` and `/metrics`.
///
/// ```swift
/// let router = FolioHTTPServer.router(service: service)
/// let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 8080)))
/// try await app.runService()
/// ```
public enum FolioHTTPServer {
    /// The router with every route and middleware (outermost first: errors,
    /// request ids, logging and metrics; then authorisation).
    public static func router(
        service: FolioSyncService,
        configuration: HTTPServerConfiguration = HTTPServerConfiguration(),
        registry: PrometheusRegistry = PrometheusRegistry()
    ) -> Router<FolioRequestContext> {
        let router = Router(context: FolioRequestContext.self)
        router.add(middleware: FolioMiddleware(registry: registry))
        router.add(middleware: AuthMiddleware(service: service, requireTokenForSync: configuration.requireTokenForSync))
        SyncRoutes(
            service: service, io: FrameIO(configuration: configuration), configuration: configuration,
            clientLimiter: RateLimiter(limit: configuration.commentsPerClient, window: configuration.rateWindow),
            addressLimiter: RateLimiter(limit: configuration.commentsPerAddress, window: configuration.rateWindow),
            budgets: RequestBudgets(configuration)
        ).register(on: router)
        SnapshotRoutes(service: service, io: FrameIO(configuration: configuration), configuration: configuration)
            .register(on: router)
        EditorRoutes(service: service, configuration: configuration).register(on: router)
        OperationsRoutes(service: service, registry: registry).register(on: router)
        return router
    }
}
