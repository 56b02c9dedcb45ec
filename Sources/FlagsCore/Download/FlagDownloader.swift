/// The download routine every strategy uses: one code in, one `FlagResult` out.
///
/// Shared by all workers and tasks of a run; it holds what they share: where to fetch from, where
/// to save, the settings, the in-flight gauge, the `Retry-After` gate and the stop signal.
public final class FlagDownloader: Sendable {
    public let site: FlagSite
    public let store: FlagStore
    public let settings: DownloadSettings
    /// Transfers in flight now and at most, measured around every transfer.
    public let gauge = InFlightGauge()
    let gate = HostGate()
    public let cancellation: CancellationSignal
    /// When `--deadline` will stop the run, if it will: a `Retry-After` reaching past it is not
    /// honoured (the deadline itself fires `cancellation`).
    public let deadline: ContinuousClock.Instant?
    /// Records every request's phases into its result when set (`--timeline`).
    public let recorder: TimelineRecorder?

    public init(
        site: FlagSite,
        store: FlagStore,
        settings: DownloadSettings = DownloadSettings(),
        cancellation: CancellationSignal = CancellationSignal(),
        deadline: ContinuousClock.Instant? = nil,
        recorder: TimelineRecorder? = nil
    ) {
        self.site = site
        self.store = store
        self.settings = settings
        self.cancellation = cancellation
        self.deadline = deadline
        self.recorder = recorder
    }

    /// Downloads and saves one flag on the calling thread, blocking until it is done.
    public func download(_ code: String, using client: BlockingClient) -> FlagResult {
        // The same loop as the async `download` below, in the other colour: `FlagJob` decides,
        // the loop only waits. Async is viral in Swift as in Python (`def` / `async def`): a
        // blocking caller cannot await, an async one must not block, so each colour has its loop.
        var job = FlagJob(code: code, downloader: self)
        var log = recorder.map { AttemptLog(code: code, recorder: $0) }
        var action = job.start()
        while true {
            switch action {
            case .finish(let result):
                return log?.attach(to: result) ?? result
            case .fetch(let url, let notBefore):
                log?.planned(notBefore: notBefore, gate: gate)
                guard waitForTurn(after: notBefore) else {
                    return log?.attach(to: job.cancelled()) ?? job.cancelled()
                }
                log?.handed(url)
                gauge.enter()
                let result = Result { () throws(TransferError) in try client.get(url) }
                gauge.leave()
                log?.answered()
                action = job.received(result)
                log?.handled(
                    result, action: action, cpuDone: job.cpuFinished, thread: AttemptLog.currentThread)
            }
        }
    }

    /// Downloads and saves one flag without blocking a thread while the transfer runs.
    public func download(_ code: String, using client: AsyncClient) async -> FlagResult {
        /// `waitForTurn`, also woken by the run's signal (the client ends transfers on it, and a
        /// task sleeping out a backoff or `Retry-After` must stop too), without the caller having
        /// to cancel the task.
        func waitForTurnOrStop(after notBefore: ContinuousClock.Instant?) async -> Bool {
            guard notBefore != nil || gate.opensAt != nil else { return await waitForTurn(after: notBefore) }
            let sleeper = Task { await waitForTurn(after: notBefore) }
            let token = cancellation.onCancel { _ in sleeper.cancel() }
            defer { cancellation.removeHandler(token) }
            return await withTaskCancellationHandler {
                await sleeper.value
            } onCancel: {
                sleeper.cancel()
            }
        }

        // The blocking loop above in the async colour: the same steps, `await` where it blocks.
        var job = FlagJob(code: code, downloader: self)
        var log = recorder.map { AttemptLog(code: code, recorder: $0) }
        var action = job.start()
        while true {
            switch action {
            case .finish(let result):
                return log?.attach(to: result) ?? result
            case .fetch(let url, let notBefore):
                log?.planned(notBefore: notBefore, gate: gate)
                guard await waitForTurnOrStop(after: notBefore) else {
                    return log?.attach(to: job.cancelled()) ?? job.cancelled()
                }
                log?.handed(url)
                gauge.enter()
                let result: Result<HTTPResponse, TransferError>
                do {
                    result = .success(try await client.get(url))
                } catch let error as TransferError {
                    result = .failure(error)
                } catch {
                    result = .failure(TransferError(.cancelled, "cancelled"))
                }
                gauge.leave()
                log?.answered()
                action = job.received(result)
                // The lane of an async request is its connection, not a thread.
                log?.handled(result, action: action, cpuDone: job.cpuFinished, thread: nil)
            }
        }
    }

    /// Sleeps until the retry backoff and the host's `Retry-After` have both passed.
    ///
    /// - Returns: `false` when the run was stopped instead.
    private func waitForTurn(after notBefore: ContinuousClock.Instant?) -> Bool {
        while !cancellation.isCancelled {
            guard let until = nextStart(after: notBefore) else { return true }
            guard cancellation.sleep(until: until) else { return false }
        }
        return false
    }

    private func waitForTurn(after notBefore: ContinuousClock.Instant?) async -> Bool {
        while !cancellation.isCancelled && !Task.isCancelled {
            guard let until = nextStart(after: notBefore) else { return true }
            do {
                try await Task.sleep(until: until, clock: .continuous)
            } catch {
                return false
            }
        }
        return false
    }

    /// The later of `notBefore` and the gate, or `nil` if both have passed.
    ///
    /// Never more than `longestSleep` from now: each wait is already bounded where it is decided
    /// (backoff, `RetryAfter`), and this keeps every sleep's conversion to the clock's units in
    /// range even so; the loops above sleep again if there is time left.
    private func nextStart(after notBefore: ContinuousClock.Instant?) -> ContinuousClock.Instant? {
        let now = ContinuousClock.now
        let candidates = [notBefore, gate.opensAt].compactMap { $0 }.filter { $0 > now }
        return candidates.max().map { min($0, now.advanced(by: Self.longestSleep)) }
    }

    private static let longestSleep = Duration.seconds(3600)
}

extension FlagDownloader {
    /// The result for a code the run was stopped before starting.
    func notStarted(_ code: String) -> FlagResult {
        FlagResult(code: code, outcome: .cancelled, attempts: 0, url: site.imageURL(for: code))
    }

    /// `true` once Ctrl-C or the deadline stopped the run.
    var isStopped: Bool { cancellation.isCancelled }
}
