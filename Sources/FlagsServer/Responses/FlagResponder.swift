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

    func respond(
        to request: Request, writer: consuming ResponseWriter, channel: any Channel, link: ConnectionLink
    ) async throws {
        // Every response takes a ticket, in order, so the n-th ticket is the n-th response's end.
        let ticket = link.ticket()
        let method = request.method
        let target = request.head.path ?? ""
        // Route on the path before any `?`; the query selects nothing but a loop's way back.
        let queryStart = target.utf8.firstIndex(of: UInt8(ascii: "?"))
        let path = queryStart.map { target[..<$0] } ?? target[...]
        if LabControl.handles(path) {
            try await control.respond(to: request, path: path, writer: writer, channel: channel, link: link)
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
            // Counted when the request ends, however it ends: as planned only if delivered.
            var delivered = false
            guard let route, let plan else {
                defer { lab.finish(.notFound, delivered: delivered) }
                log(method, path, catalog.notFound.status)
                try await send(catalog.notFound, method, writer, local, link)
                delivered = await link.delivered(ticket)
                return
            }
            let file = catalog.file(route)
            let outcome = plan.outcome(fileExists: file != nil)
            defer { lab.finish(outcome, delivered: delivered, route: route) }
            log(method, path, route: route, attempt: attempt, plan: plan, outcome: outcome)
            do {
                delivered = try await perform(
                    plan, serving: file ?? catalog.notFound, route: route,
                    isLoopReturn: queryStart.map { target[target.index(after: $0)...] == "loop" } ?? false,
                    method, writer, channel, local, link, ticket)
            } catch is ConnectionLink.ClientGone {
                // The client left while the response was held: free its connection now, not when
                // the hold would have ended.
                channel.close(promise: nil)
            }
        }
    }

    /// Holds the request, then serves `prepared` or acts out the plan's fault.
    ///
    /// - Returns: Whether the response was delivered: its last byte written (a fault that sends no
    ///   whole response counts as acted out once it is).
    /// - Throws: ``ConnectionLink/ClientGone`` if the client left during a hold; a write error.
    private func perform(
        _ plan: RequestPlan,
        serving prepared: PreparedResponse,
        route: FlagRoute,
        isLoopReturn: Bool,
        _ method: HTTPRequest.Method,
        _ writer: consuming ResponseWriter,
        _ channel: any Channel,
        _ local: LoopResponses,
        _ link: ConnectionLink,
        _ ticket: Int
    ) async throws -> Bool {
        // Suspends this request only: no thread waits, so thousands can be held at once.
        // (Task.sleep rather than the event loop's own timers: with 1,000 responses held
        // 0.5 s, timers on the loops had to fire and write each wave on those two threads,
        // p50 0.515 s and p99 0.53 s; waking through libdispatch spreads the wave, p50 0.503 s
        // and p99 0.52 s.) The hold ends early if the client leaves.
        try await link.hold(plan.delay)
        let body = method == .head ? nil : prepared.body
        switch plan.fault {
        case nil:
            try await send(prepared, method, writer, local, link, bodyDelay: plan.bodyDelay)
        case .status(let code, let retryAfter)?:
            try await send(
                local.catalog.status(code, retryAfter: retryAfter), method, writer, local, link,
                bodyDelay: plan.bodyDelay)
        case .reset(.beforeResponse)?:
            await cut(channel, .reset)
            return true
        case .reset(.midBody)?:
            // HEAD has no body to cut in the middle: like the other body faults, it gets the headers.
            guard let body else {
                try await send(prepared, method, writer, local, link)
                return await link.delivered(ticket)
            }
            var bodyWriter = try await writer.writeHead(prepared.head(date: local.dates.now))
            try await link.hold(plan.bodyDelay)
            try await bodyWriter.write(body.getSlice(at: body.readerIndex, length: body.readableBytes / 2)!)
            await cut(channel, .reset)
            return true
        case .stall?:
            await cut(channel, .stall)
            return true
        case .truncatedBody?:
            guard let body else {
                try await send(prepared, method, writer, local, link)
                return await link.delivered(ticket)
            }
            var bodyWriter = try await writer.writeHead(prepared.head(date: local.dates.now))
            try await link.hold(plan.bodyDelay)
            try await bodyWriter.write(body.getSlice(at: body.readerIndex, length: body.readableBytes / 2)!)
            await cut(channel, .closeAfterDrain)
            return true
        case .slowBody(let pace)?:
            guard let body else {
                try await send(prepared, method, writer, local, link)
                return await link.delivered(ticket)
            }
            var bodyWriter = try await writer.writeHead(prepared.head(date: local.dates.now))
            try await link.hold(plan.bodyDelay)
            let (sizes, pause) = pace.pieces(of: body.readableBytes)
            var offset = body.readerIndex
            for (index, size) in sizes.enumerated() {
                if index > 0 { try await link.hold(pause) }
                try await bodyWriter.write(body.getSlice(at: offset, length: size)!)
                offset += size
            }
            try await bodyWriter.finish(nil)
        case .redirect(let target)?:
            // Built from the route and this server's port only: nothing of the request's text.
            let location = target.location(
                code: route.code, file: route.resource.fileName(code: route.code), isLoopReturn: isLoopReturn,
                ownPort: channel.localAddress?.port ?? 80)
            let redirect = PreparedResponse(status: .found, extraHeaders: [.location: location])
            try await send(redirect, method, writer, local, link, bodyDelay: plan.bodyDelay)
        }
        return await link.delivered(ticket)
    }

    /// Sends a whole response: in one write, or with the headers first and the body `bodyDelay` later.
    private func send(
        _ prepared: PreparedResponse,
        _ method: HTTPRequest.Method,
        _ writer: consuming ResponseWriter,
        _ local: LoopResponses,
        _ link: ConnectionLink? = nil,
        bodyDelay: Duration = .zero
    ) async throws {
        let head = prepared.head(date: local.dates.now)
        if method == .head {
            try await writer.writeResponse(head)
        } else if bodyDelay > .zero, let link {
            var bodyWriter = try await writer.writeHead(head)
            try await link.hold(bodyDelay)
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
                text += "\\x" + String(byte, radix: 16, uppercase: true).zeroPadded(to: 2)
            }
        }
        return path.utf8.count > limit ? text + "…" : text
    }
}
