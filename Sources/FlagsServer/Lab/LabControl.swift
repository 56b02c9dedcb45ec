import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The lab's control endpoints, under `/_lab/` (flag paths all start `/flags/`, so they never
/// collide):
///
/// | request                 | answer                                                           |
/// |-------------------------|------------------------------------------------------------------|
/// | `GET /_lab/stats`       | ``LabStats`` as JSON                                              |
/// | `GET /_lab/expect`      | what each code's next (or `attempt=N`th) request will get         |
/// | `POST /_lab/reset`      | zeroes attempts and stats; answers the stats as they were         |
/// | `GET /_lab/profile`     | the profile being applied, as a profile file                      |
/// | `PUT /_lab/profile`     | replaces it with the profile file in the body                     |
/// | `GET /_lab/`            | the lab page (``LabPage``), fed by `/_lab/events` (``LabEvents``)  |
/// | `GET /_lab/flag/cc.png` | a flag's image for the page, not counted                          |
///
/// Only loopback peers are answered unless the server was started with `labFromAnyHost`;
/// others get `403`. So do requests whose `Origin` is not the server's own (a page of another
/// site that a browser on this machine runs must not reset or reprofile the lab).
struct LabControl: Sendable {
    let lab: LabState
    let events: LabEvents
    /// The lab page (``LabPage``), with the server's flags.
    let page: PreparedResponse
    let catalog: FlagCatalog
    let dates: HTTPDateCache
    let fromAnyHost: Bool
    let logger: Logger?

    /// The largest profile a `PUT` may send.
    static let maxProfileBytes = 65_536

    /// Whether a numeric address (`127.0.0.1`, `::1`) is a loopback one; an IPv4 loopback address
    /// may arrive mapped into IPv6 (`::ffff:127.0.0.1`).
    static func isLoopback(ipAddress: String) -> Bool {
        let text = ipAddress.lowercased()
        return text.hasPrefix("127.") || text == "::1" || text.hasPrefix("::ffff:127.")
    }

    /// Whether `path` is the lab's (`/_lab` or anything under `/_lab/`).
    static func handles(_ path: Substring) -> Bool {
        path.utf8.elementsEqual("/_lab".utf8) || path.utf8.starts(with: "/_lab/".utf8)
    }

    func respond(
        to request: Request, path: Substring, writer: consuming ResponseWriter, channel: any Channel,
        link: ConnectionLink
    ) async throws {
        var answer: PreparedResponse
        if !fromAnyHost && !(channel.remoteAddress?.isLoopback ?? false) {
            answer = Self.error(
                .forbidden, "the lab answers loopback peers only (flags-server --lab-from-any-host)")
        } else if !Self.sameOrigin(request) {
            answer = Self.error(.forbidden, "the lab answers its own pages only (Origin is not this server)")
        } else if path == "/_lab/events" && request.method == .get {
            switch LabEvents.untilIdle(request.uri.queryParameters) {
            case .failure(let error):
                answer = Self.error(.badRequest, error.description)
            case .success(let untilIdle):
                guard events.enter() else {
                    answer = Self.error(
                        .serviceUnavailable, "\(LabEvents.maxStreams) event streams are open already")
                    break
                }
                var head = HTTPResponse(status: .ok)
                head.headerFields[.contentType] = "text/event-stream; charset=utf-8"
                head.headerFields[.cacheControl] = "no-store"
                head.headerFields[.date] = dates.now
                try await events.stream(
                    untilIdle: untilIdle, head: head, writer: writer, channel: channel, link: link)
                return
            }
        } else if let image = Self.flagImage(path), request.method == .get || request.method == .head {
            // The page's images: the flag route's bytes, but not counted (a page load is not a client).
            answer = catalog.file(image) ?? Self.error(.notFound, "no such flag")
        } else {
            var request = request
            answer = await route(path, &request)
        }
        var head = answer.head(date: dates.now)
        // The lab's answers change from one request to the next; a flag's image does not.
        head.headerFields[.cacheControl] = Self.flagImage(path) == nil ? "no-store" : "max-age=3600"
        if request.method == .head {
            try await writer.writeResponse(head)
        } else {
            try await writer.write(response: head, body: ResponseBody(byteBuffer: answer.body))
        }
    }

    private func route(_ path: Substring, _ request: inout Request) async -> PreparedResponse {
        let method = request.method
        switch path {
        case "/_lab", "/_lab/":
            guard method == .get || method == .head else { return Self.notAllowed("GET, HEAD") }
            return page
        case "/_lab/events":
            return Self.notAllowed("GET")
        case "/_lab/stats":
            guard method == .get || method == .head else { return Self.notAllowed("GET, HEAD") }
            return PreparedResponse(json: Self.json(lab.stats))
        case "/_lab/expect":
            guard method == .get || method == .head else { return Self.notAllowed("GET, HEAD") }
            return expect(request.uri.queryParameters)
        case "/_lab/reset":
            guard method == .post else { return Self.notAllowed("POST") }
            let before = lab.reset()
            logger?.info("lab reset: attempts and stats zeroed")
            return PreparedResponse(json: Self.json(before))
        case "/_lab/profile":
            if method == .get || method == .head {
                return PreparedResponse(json: lab.profile.json)
            }
            guard method == .put else { return Self.notAllowed("GET, HEAD, PUT") }
            return await replaceProfile(&request)
        default:
            return Self.error(
                .notFound,
                "no such lab endpoint: use /_lab/ (the page), /_lab/events, /_lab/stats, /_lab/expect, "
                    + "/_lab/reset or /_lab/profile"
            )
        }
    }

    /// Whether `request` comes from no page (no `Origin`: curl, a test) or from a page of this
    /// server: its `Origin` is `http://` and the `Host` it asked for.
    static func sameOrigin(_ request: Request) -> Bool {
        guard let origin = request.headers[.origin] else { return true }
        guard let host = request.head.authority else { return false }
        return origin.lowercased() == "http://" + host.lowercased()
    }

    /// The flag `/_lab/flag/{cc}.png` names, as the route of its image.
    static func flagImage(_ path: Substring) -> FlagRoute? {
        let prefix = "/_lab/flag/"
        guard path.utf8.count == prefix.utf8.count + 6, path.hasPrefix(prefix), path.hasSuffix(".png") else {
            return nil
        }
        let code = path.dropFirst(prefix.count).prefix(2)
        return FlagRoute(path: "/flags/\(code)/\(code).png")
    }

    /// `GET /_lab/expect?codes=BR,US&attempt=N&file=image`.
    private func expect(_ query: FlatDictionary<Substring, Substring>) -> PreparedResponse {
        var codes = catalog.codes
        if let list = query["codes"] {
            codes = list.split(separator: ",").map { $0.trimmingWhitespace().lowercased() }
            if let bad = codes.first(where: { !FlagData.isCode($0) }) ?? (codes.isEmpty ? "" : nil) {
                return Self.error(
                    .badRequest, "codes: '\(bad)' is not a country code (two letters, e.g. codes=BR,US)")
            }
        }
        var attempt: Int?
        if let text = query["attempt"] {
            guard let number = Int(text), (1...1_000_000).contains(number) else {
                return Self.error(.badRequest, "attempt: '\(text)' is not a whole number in 1...1000000")
            }
            attempt = number
        }
        var resource = FlagResource.image
        if let text = query["file"] {
            guard let named = FlagResource(rawValue: String(text)) else {
                return Self.error(.badRequest, "file: '\(text)' is neither 'image' nor 'metadata'")
            }
            resource = named
        }
        let (planner, attempts) = lab.plannerAndAttempts()
        var expectations: [String: LabExpectation] = [:]
        for code in codes {
            let route = FlagRoute(path: "/flags/\(code)/" + resource.fileName(code: code))!
            let slot = route.codeIndex * FlagResource.allCases.count + resource.ordinal
            let number = attempt ?? Int(attempts[slot]) + 1
            let plan = planner.plan(codeKey: route.codeKey, resource: resource, attempt: number)
            expectations[code.uppercased()] = LabExpectation(
                attempt: number, plan: plan, fileExists: catalog.file(route) != nil)
        }
        return PreparedResponse(
            json: Self.json(
                ExpectAnswer(
                    profile: planner.profile.name, seed: planner.seed, file: resource.rawValue,
                    expect: expectations)))
    }

    /// `PUT /_lab/profile` with a profile file as the body.
    private func replaceProfile(_ request: inout Request) async -> PreparedResponse {
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: Self.maxProfileBytes)
        } catch {
            return Self.error(.contentTooLarge, "a profile is at most \(Self.maxProfileBytes) bytes")
        }
        do {
            let profile = try ServerProfile(json: Array(buffer: body), base: lab.profile)
            try profile.validate()
            lab.setProfile(profile)
            logger?.info("profile replaced: \(profile)")
            return PreparedResponse(json: profile.json)
        } catch {
            return Self.error(.badRequest, "\(error)")
        }
    }

    /// The body of `/_lab/expect`.
    private struct ExpectAnswer: Encodable {
        let profile: String
        let seed: UInt64
        let file: String
        let expect: [String: LabExpectation]
    }

    private static func notAllowed(_ methods: String) -> PreparedResponse {
        error(.methodNotAllowed, "use \(methods)", extraHeaders: [.allow: methods])
    }

    private static func error(
        _ status: HTTPResponse.Status, _ message: String, extraHeaders: HTTPFields = [:]
    )
        -> PreparedResponse
    {
        PreparedResponse(status: status, json: json(["error": message]), extraHeaders: extraHeaders)
    }

    /// Sorted, indented JSON: readable with curl, and stable for diffs.
    static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
