/// Wakes long polls when something changes. Each change bumps a generation
/// number; a waiter returns as soon as the generation differs from the one it
/// saw, when its timeout passes, or when its task is cancelled.
actor ChangeNotifier {
    private var generation: UInt64 = 0
    private var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
    private var cancelled: Set<Int> = []
    private var nextID = 0

    /// The current generation.
    var current: UInt64 { generation }

    /// Records a change and wakes every waiter.
    func notify() {
        generation &+= 1
        let woken = waiters.values
        waiters.removeAll()
        for waiter in woken { waiter.resume() }
    }

    private func makeID() -> Int {
        nextID += 1
        return nextID
    }

    private func suspend(id: Int, unless seen: UInt64) async {
        guard generation == seen, cancelled.remove(id) == nil else { return }
        await withCheckedContinuation { waiters[id] = $0 }
    }

    private func cancel(id: Int) {
        if let waiter = waiters.removeValue(forKey: id) {
            waiter.resume()
        } else {
            cancelled.insert(id)
        }
    }

    private func forget(id: Int) {
        cancelled.remove(id)
    }

    /// Waits until the generation differs from `seen`, or `timeout` passes on `clock`.
    nonisolated func wait(unless seen: UInt64, timeout: Duration, clock: ServiceClock) async {
        let id = await makeID()
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await withTaskCancellationHandler {
                    await self.suspend(id: id, unless: seen)
                } onCancel: {
                    Task { await self.cancel(id: id) }
                }
            }
            group.addTask {
                try? await clock.sleep(timeout)
            }
            await group.next()
            group.cancelAll()
        }
        await forget(id: id)
    }
}
