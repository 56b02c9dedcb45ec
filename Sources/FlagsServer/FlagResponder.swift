import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

/// Answers every request: `/_lab/*` goes to ``LabControl``; anything else is admitted (or turned
/// away by `max-in-flight`), planned, held, then served or failed as the plan says.
struct FlagResponder: Sendable {
    /// Each event loop's own copies of the responses (see ``LoopResponses``).
    let responses: LoopResponses.ByLoop
    let lab: LabState
    let control: LabControl
    /// Where the one-line-per-request log goes; `nil` when quiet.
    let requestLog: Logger?

    func respond(to request: Request, writer: consuming ResponseWriter, channel: any Channel) async throws {
        let method = request.method
        let target = request.head.path ?? ""
        // The query string selects nothing here: route on the path before any `?`.
        let path = target.utf8.firstIndex(of: UInt8(ascii: "?")).map { target[..<$0] } ?? target[...]
        if LabControl.handles(path) {
            try await control.respond(to: request, path: path, writer: writer, channel: channel)
            return
        }
        let local = responses.responses(for: channel.eventLoop)
        let catalog = local.catalog
        let route = FlagRoute(path: path.utf8)
        if route != nil && method != .get && method != .head {
            lab.record(.methodNotAllowed)
            log(method, path, catalog.methodNotAllowed.status)
            try await send(catalog.methodNotAllowed, method, writer, local)
            return
        }
        switch lab.admit(route) {
        case .overloaded:
            log(method, path, catalog.overloaded.status, note: "overloaded")
            try await send(catalog.overloaded, method, writer, local)
        case .admitted(let attempt, let plan):
            guard let route, let plan else {
                defer { lab.finish(.notFound) }
                log(method, path, catalog.notFound.status)
                try await send(catalog.notFound, method, writer, local)
                return
            }
            let file = catalog.file(route)
            let outcome = plan.outcome(fileExists: file != nil)
            // Counted when the request ends, however it ends (the client may leave mid-way).
            defer { lab.finish(outcome) }
            log(method, path, route: route, attempt: attempt, plan: plan, outcome: outcome)
            try await perform(plan, serving: file ?? catalog.notFound, method, writer, channel, local)
        }
    }

    /// Holds the request, then serves `prepared` or acts out the plan's fault.
    private func perform(
        _ plan: RequestPlan,
        serving prepared: PreparedResponse,
        _ method: HTTPRequest.Method,
        _ writer: consuming ResponseWriter,
        _ channel: any Channel,
        _ local: LoopResponses
    ) async throws {
        if plan.delay > .zero {
            // Suspends this request only: no thread waits, so thousands can be held at once.
            // (Task.sleep rather than the event loop's own timers: with 1,000 responses held
            // 0.5 s, timers on the loops had to fire and write each wave on those two threads,
            // p50 0.515 s and p99 0.53 s; waking through libdispatch spreads the wave, p50 0.503 s
            // and p99 0.52 s.)
            try await Task.sleep(for: plan.delay)
        }
        let body = method == .head ? nil : prepared.body
        switch plan.fault {
        case nil:
            try await send(prepared, method, writer, local, bodyDelay: plan.bodyDelay)
        case .status(let code, let retryAfter)?:
            try await send(
                local.catalog.status(code, retryAfter: retryAfter), method, writer, local,
                bodyDelay: plan.bodyDelay)
        case .reset(.beforeResponse)?:
            await cut(channel, .reset)
        case .reset(.midBody)?:
            // HEAD has no body to cut in the middle: like the other body faults, it gets the headers.
            guard let body else { return try await send(prepared, method, writer, local) }
            var bodyWriter = try await writer.writeHead(prepared.head(date: local.dates.now))
            try await Self.pause(plan.bodyDelay)
            try await bodyWriter.write(body.getSlice(at: body.readerIndex, length: body.readableBytes / 2)!)
            await cut(channel, .reset)
        case .stall?:
            await cut(channel, .stall)
        case .truncatedBody?:
            guard let body else { return try await send(prepared, method, writer, local) }
            var bodyWriter = try await writer.writeHead(prepared.head(date: local.dates.now))
            try await Self.pause(plan.bodyDelay)
            try await bodyWriter.write(body.getSlice(at: body.readerIndex, length: body.readableBytes / 2)!)
            await cut(channel, .closeAfterDrain)
        case .slowBody(let pace)?:
            guard let body else { return try await send(prepared, method, writer, local) }
            var bodyWriter = try await writer.writeHead(prepared.head(date: local.dates.now))
            try await Self.pause(plan.bodyDelay)
            let (sizes, pause) = pace.pieces(of: body.readableBytes)
            var offset = body.readerIndex
            for (index, size) in sizes.enumerated() {
                if index > 0 { try await Self.pause(pause) }
                try await bodyWriter.write(body.getSlice(at: offset, length: size)!)
                offset += size
            }
            try await bodyWriter.finish(nil)
        }
    }

    /// Sends a whole response: in one write, or with the headers first and the body `bodyDelay` later.
    private func send(
        _ prepared: PreparedResponse,
        _ method: HTTPRequest.Method,
        _ writer: consuming ResponseWriter,
        _ local: LoopResponses,
        bodyDelay: Duration = .zero
    ) async throws {
        let head = prepared.head(date: local.dates.now)
        if method == .head {
            try await writer.writeResponse(head)
        } else if bodyDelay > .zero {
            var bodyWriter = try await writer.writeHead(head)
            try await Task.sleep(for: bodyDelay)
            try await bodyWriter.write(prepared.body)
            try await bodyWriter.finish(nil)
        } else {
            try await writer.write(response: head, body: ResponseBody(byteBuffer: prepared.body))
        }
    }

    /// Sends `signal` to the connection and waits until it is closed (by the signal, the client,
    /// or the server's shutdown); cancelling the wait closes it.
    private func cut(_ channel: any Channel, _ signal: ConnectionSignal) async {
        channel.triggerUserOutboundEvent(signal, promise: nil)
        await withTaskCancellationHandler {
            try? await channel.closeFuture.get()
        } onCancel: {
            channel.close(promise: nil)
        }
    }

    private static func pause(_ duration: Duration) async throws {
        if duration > .zero { try await Task.sleep(for: duration) }
    }

    private func log(
        _ method: HTTPRequest.Method,
        _ path: Substring,
        route: FlagRoute,
        attempt: Int,
        plan: RequestPlan,
        outcome: LabOutcome
    ) {
        guard let requestLog else { return }
        let code = route.code.uppercased()
        var delays = "after \(plan.delay.secondsText) s"
        if plan.bodyDelay > .zero { delays += ", body \(plan.bodyDelay.secondsText) s later" }
        requestLog.info("\(code) \(route.resource) #\(attempt): \(outcome) \(delays) (\(method) \(path))")
    }

    private func log(_ method: HTTPRequest.Method, _ path: Substring, _ status: Int, note: String? = nil) {
        guard let requestLog else { return }
        let suffix = note.map { " \($0)" } ?? ""
        requestLog.info("\(status)\(suffix) (\(method) \(Self.printable(path)))")
    }

    /// `path` made safe for a terminal: control and non-ASCII bytes escaped, length capped.
    static func printable(_ path: Substring, limit: Int = 200) -> String {
        var text = ""
        for byte in path.utf8.prefix(limit) {
            if (0x20..<0x7F).contains(byte) && byte != UInt8(ascii: "\\") {
                text.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                text += "\\x" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return path.utf8.count > limit ? text + "…" : text
    }
}
