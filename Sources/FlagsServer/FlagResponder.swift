import Hummingbird
import Logging

/// Answers every request: finds the file, plans the request, waits, then serves or fails it.
struct FlagResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let catalog: FlagCatalog
    let planner: RequestPlanner
    let attempts = AttemptCounter()
    /// Where the one-line-per-request log goes; `nil` when quiet.
    let requestLog: Logger?

    func respond(to request: Request, context: Context) async throws -> Response {
        let method = request.method
        let target = request.head.path ?? ""
        // The query string selects nothing here: route on the path before any `?`.
        let path = target.utf8.firstIndex(of: UInt8(ascii: "?")).map { target[..<$0] } ?? target[...]
        guard let route = FlagRoute(path: path.utf8) else {
            log(method, path, catalog.notFound)
            return catalog.notFound.response(for: method)
        }
        guard method == .get || method == .head else {
            log(method, path, catalog.methodNotAllowed)
            return catalog.methodNotAllowed.response(for: method)
        }

        let attempt = attempts.next(for: route)
        let plan = planner.plan(codeKey: route.codeKey, resource: route.resource, attempt: attempt)
        if plan.delay > .zero {
            // Suspends this request only: no thread waits, so thousands can be held at once.
            try await Task.sleep(for: plan.delay)
        }
        let prepared: PreparedResponse
        switch plan.fault {
        case .teapot?:
            prepared = catalog.teapot
        case nil:
            prepared = catalog.file(route) ?? catalog.notFound
        }
        log(method, path, prepared, route: route, attempt: attempt, delay: plan.delay)
        return prepared.response(for: method)
    }

    private func log(
        _ method: HTTPRequest.Method,
        _ path: Substring,
        _ prepared: PreparedResponse,
        route: FlagRoute? = nil,
        attempt: Int = 0,
        delay: Duration = .zero
    ) {
        guard let requestLog else { return }
        let status = prepared.get.status.code
        if let route {
            let code = route.code.uppercased()
            requestLog.info(
                "\(code) \(route.resource) #\(attempt): \(status) after \(delay.secondsText) s (\(method) \(path))"
            )
        } else {
            requestLog.info("\(status) (\(method) \(Self.printable(path)))")
        }
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
