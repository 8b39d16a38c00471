import FolioServer
import Hummingbird

/// `GET /health` and `GET /metrics` (Prometheus text).
struct OperationsRoutes: Sendable {
    let service: FolioSyncService
    let registry: PrometheusRegistry

    func register(on router: Router<FolioRequestContext>) {
        router.get("/health") { _, _ in
            _ = try await service.storage.epoch()
            return JSONResponses.encode(["status": "ok"])
        }
        router.get("/metrics") { _, _ in
            let statistics = try await service.storage.statistics()
            for (status, count) in statistics.commentsByStatus {
                registry.set("folio_comments", [("status", status.rawValue)], Double(count))
            }
            registry.set("folio_change_log_rows", [], Double(statistics.changeLogRows))
            registry.set("folio_articles_live", [], Double(statistics.liveArticles))
            registry.set("folio_articles_tombstones", [], Double(statistics.tombstones))
            registry.set("folio_article_revisions_retained", [], Double(statistics.retainedRevisions))
            registry.set("folio_sequence_head", [], Double(statistics.head))
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: registry.render())))
        }
    }
}
