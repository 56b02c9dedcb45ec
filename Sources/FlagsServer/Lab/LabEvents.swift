import Hummingbird
import HummingbirdCore
import NIOCore
import Synchronization

/// `GET /_lab/events`: the lab page's Server-Sent Events stream.
///
/// - `snapshot` first (everything: ``LabEventMessage/snapshot(_:codes:)``), then `update`s with
///   what changed, at most one per ``interval``: a burst of 676 requests is a handful of messages.
/// - Nothing is queued per stream: each message is made from the lab's state when it is sent, so a
///   slow page skips ahead instead of buffering; a write that cannot finish in ``writeLimit`` (a
///   stalled page) drops the stream. The flag routes only bump a counter (``LabWatch``).
/// - It ends with an `end` event when the server shuts down, or, with `?until_idle=SECONDS`, once
///   the server has served a request and then had nothing in flight for that long. A comment line
///   every ``keepAlive`` finds pages that left without a word.
final class LabEvents: Sendable {
    /// At most one message per this long.
    static let interval = Duration.milliseconds(100)
    /// A comment is sent after this long without a message.
    static let keepAlive = Duration.seconds(15)
    /// A write that has not finished after this long closes the connection.
    static let writeLimit = TimeAmount.seconds(10)
    /// Streams open at once, at most; more are answered `503`.
    static let maxStreams = 16
    /// The values `until_idle` accepts, in seconds.
    static let untilIdleRange = 0.1...86_400.0

    private let lab: LabState
    /// The codes the server holds, lower-case, sorted.
    private let codes: [String]
    private let open = Mutex(0)

    init(lab: LabState, codes: [String]) {
        self.lab = lab
        self.codes = codes
    }

    /// How a stream ends.
    enum End: String {
        case idle, shutdown
    }

    /// `until_idle` from the query: `nil` if absent, or the reason it is refused.
    static func untilIdle(_ query: FlatDictionary<Substring, Substring>) -> Result<Duration?, LabEventsError>
    {
        guard let text = query["until_idle"] else { return .success(nil) }
        // Plain decimal only (Double(_:) would also take "0x10", "1e3", "inf"); range and
        // finiteness are checked before the conversion to a Duration.
        let plain =
            !text.isEmpty && text.count <= 20 && text.filter { $0 == "." }.count <= 1
            && text.allSatisfy { $0 == "." || ("0"..."9").contains($0) }
        guard plain, let seconds = Double(text), seconds.isFinite, untilIdleRange.contains(seconds) else {
            return .failure(
                LabEventsError(
                    "until_idle: '\(text.prefix(40))' is not a number of seconds in 0.1...86400 (e.g. until_idle=5)"
                ))
        }
        return .success(.milliseconds(Int64((seconds * 1000).rounded())))
    }

    /// Takes one of the ``maxStreams`` places; `false` if all are taken.
    func enter() -> Bool {
        open.withLock { count in
            guard count < Self.maxStreams else { return false }
            count += 1
            return true
        }
    }

    /// Streams the lab's state on `writer` until the server stops, it has idled `untilIdle`, or
    /// the page leaves. Call only after ``enter()`` returned `true`; the place is given back here.
    func stream(
        untilIdle: Duration?, head: HTTPResponse, writer: consuming ResponseWriter, channel: any Channel,
        link: ConnectionLink
    ) async throws {
        defer { open.withLock { $0 -= 1 } }
        var body = try await writer.writeHead(head)
        var sent = lab.view()
        try await send(&body, event: "snapshot", LabEventMessage.snapshot(sent, codes: codes), channel)
        var lastSend = ContinuousClock.now
        let end: End
        while true {
            if sent.stopping {
                end = .shutdown
                break
            }
            let now = ContinuousClock.now
            if let untilIdle, sent.idle(for: untilIdle, at: now) {
                end = .idle
                break
            }
            var deadline = lastSend + Self.keepAlive
            if let untilIdle, sent.inFlight == 0, let idleSince = sent.idleSince {
                deadline = min(deadline, idleSince + untilIdle)
            }
            guard await wake(after: sent.version, or: deadline, link: link) else {
                // The page left: nobody to tell, and the response can never end properly.
                channel.close(promise: nil)
                return
            }
            // Coalesce: what changed within one interval goes out as one message.
            let next = lastSend + Self.interval
            if !lab.view().stopping, ContinuousClock.now < next {
                try await Task.sleep(until: next)
            }
            let view = lab.view()
            if view.version != sent.version {
                try await send(&body, event: "update", LabEventMessage.update(view, since: sent), channel)
                sent = view
                lastSend = .now
            } else if ContinuousClock.now >= lastSend + Self.keepAlive {
                try await write(&body, ": keep-alive\n\n", channel)
                lastSend = .now
            } else {
                sent.tick = view.tick
                sent.idleSince = view.idleSince
            }
        }
        let view = lab.view()
        if view.version != sent.version {
            try await send(&body, event: "update", LabEventMessage.update(view, since: sent), channel)
        }
        try await send(&body, event: "end", LabEventMessage.end(reason: end.rawValue), channel)
        try await body.finish(nil)
    }

    /// Waits for a change after `version`, for `deadline`, or for the page to leave; returns
    /// `false` if it left.
    private func wake(after version: UInt64, or deadline: ContinuousClock.Instant, link: ConnectionLink) async
        -> Bool
    {
        let lab = lab
        return await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                await lab.waitForChange(after: version)
                return true
            }
            group.addTask {
                do {
                    // A hold ends early when the client leaves.
                    try await link.hold(deadline - .now)
                } catch is ConnectionLink.ClientGone {
                    return false
                } catch {}
                return true
            }
            let answer = await group.next() ?? true
            group.cancelAll()
            return answer && !link.isGone
        }
    }

    private func send(
        _ body: inout some ResponseBodyWriter, event: String, _ data: String, _ channel: any Channel
    ) async throws {
        try await write(&body, "event: \(event)\ndata: \(data)\n\n", channel)
    }

    /// Writes `text`, closing the connection if the write cannot finish within ``writeLimit``.
    private func write(_ body: inout some ResponseBodyWriter, _ text: String, _ channel: any Channel)
        async throws
    {
        let limit = channel.eventLoop.scheduleTask(in: Self.writeLimit) { channel.close(promise: nil) }
        defer { limit.cancel() }
        try await body.write(ByteBuffer(string: text))
    }
}

/// A refused `/_lab/events` query.
struct LabEventsError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
