/// The requests one flag needs and what their answers mean.
///
/// A small state machine with no I/O of its own beyond saving the file, so the blocking and the
/// async drivers in `FlagDownloader` share every decision: which URL next, when to retry, which
/// redirect to follow, what counts as a failure, what is saved.
///
/// A redirect is followed here, not inside libcurl: each hop is a `.fetch` the drivers make and
/// count like any request, so attempts are what the server saw, and `Location` never chooses
/// where a flag is saved (the file name comes from the code, or from its metadata).
struct FlagJob {
    enum Action {
        /// Make this request, not before `notBefore` (a retry's backoff).
        case fetch(url: String, notBefore: ContinuousClock.Instant?)
        case finish(FlagResult)
    }

    private enum Phase {
        case metadata
        case image(fileName: String)
    }

    let code: String
    private let site: FlagSite
    private let store: FlagStore
    private let settings: DownloadSettings
    private let gate: HostGate
    /// When `--deadline` stops the run, if it does: no `Retry-After` is honoured past it.
    private let deadline: ContinuousClock.Instant?
    private var phase: Phase
    private var url: String
    /// Requests sent for this code. Counted when an answer (or a failure) comes back, never when a
    /// request is only planned: a flag stopped while it waits for a retry did not send that retry.
    private var attempts = 0
    /// Failed tries of the current request, for the retry budget.
    private var retriesUsed = 0
    /// Redirects followed for the current file (the metadata's and the image's are counted apart).
    private var redirectsFollowed = 0
    /// Every URL a redirect led to, in order.
    private var redirects: [String] = []
    /// When `--cpu-work` finished on the image, for the timeline.
    private(set) var cpuFinished: ContinuousClock.Instant?

    init(code: String, downloader: FlagDownloader) {
        self.code = code
        site = downloader.site
        store = downloader.store
        settings = downloader.settings
        gate = downloader.gate
        deadline = downloader.deadline
        if settings.useCountryNames {
            phase = .metadata
            url = site.metadataURL(for: code)
        } else {
            phase = .image(fileName: FlagFile.name(forCode: code))
            url = site.imageURL(for: code)
        }
    }

    mutating func start() -> Action {
        .fetch(url: url, notBefore: nil)
    }

    /// What to do after the current request ended with `result`.
    mutating func received(_ result: Result<HTTPResponse, TransferError>) -> Action {
        attempts += 1
        let response: HTTPResponse
        switch result {
        case .failure(let error):
            if error.kind == .cancelled { return finish(.cancelled) }
            return failOrRetry(Failure(FailureKind(error.kind), error.message))
        case .success(let received):
            response = received
        }
        if let requested = response.retryAfter {
            let untilDeadline = deadline.map { ContinuousClock.now.duration(to: $0) }
            switch RetryAfter.decide(
                requested: requested, limit: settings.maxRetryAfter, untilDeadline: untilDeadline)
            {
            case .wait(let wait):
                gate.postpone(by: wait)
            case .refuse(let reason):
                // Only this code pays for the server's demand; the others go on. A 200 or 404 that
                // asks for too long a wait is still a good answer: the wait is just not honoured.
                if ![200, 404].contains(response.status) {
                    return finish(.failed(Failure(.httpStatus(response.status), reason)))
                }
            }
        }
        switch response.status {
        case 200: break
        case 404: return finish(.notFound)
        case let status where Redirect.statuses.contains(status) && settings.maxRedirects > 0:
            return follow(response)
        default:
            return failOrRetry(Failure(.httpStatus(response.status), Self.reason(response.status)))
        }
        switch phase {
        case .metadata:
            guard let country = FlagFile.countryName(inMetadata: response.body),
                let preferred = FlagFile.name(forCountry: country)
            else {
                return finish(.failed(Failure(.corrupt, "metadata.json has no usable \"country\" name")))
            }
            // Two codes may give the same name ("Same Name"): the second gets its code added, so
            // neither flag silently replaces the other.
            let fileName: String
            if store.claim(preferred) {
                fileName = preferred
            } else if let alternative = FlagFile.name(forCountry: country, code: code),
                store.claim(alternative)
            {
                fileName = alternative
            } else {
                return finish(
                    .failed(
                        Failure(.saveFailed, "\(preferred) and its alternative are already taken in this run")
                    ))
            }
            phase = .image(fileName: fileName)
            url = site.imageURL(for: code)
            retriesUsed = 0
            redirectsFollowed = 0
            return .fetch(url: url, notBefore: nil)
        case .image(let fileName):
            if settings.verifyPNG && !FlagFile.isPNG(response.body) {
                let start = response.body.prefix(8).map { String($0, radix: 16) }.joined(separator: " ")
                return finish(.failed(Failure(.corrupt, "body is not a PNG image (starts with \(start))")))
            }
            // The talk's part four: CPU-bound work on the thread or task that downloaded the flag.
            let checksum =
                settings.cpuWork > 0 ? CPUWork.run(rounds: settings.cpuWork, over: response.body) : nil
            if checksum != nil { cpuFinished = .now }
            do {
                try store.save(response.body, as: fileName)
            } catch {
                return finish(.failed(Failure(.saveFailed, error.message)))
            }
            return finish(.ok, savedAs: fileName, checksum: checksum)
        }
    }

    /// The result when the run was stopped before this flag finished.
    func cancelled() -> FlagResult {
        FlagResult(code: code, outcome: .cancelled, attempts: attempts, url: url, redirects: redirects)
    }

    /// The next hop of a redirect, or the failure that ends the flag: too many hops, no usable
    /// `Location`, or a host other than this machine (refused before anything is sent to it).
    private mutating func follow(_ response: HTTPResponse) -> Action {
        let status = response.status
        let limit = settings.maxRedirects
        guard redirectsFollowed < limit else {
            return finish(
                .failed(
                    Failure(
                        .redirect,
                        "HTTP \(status) after \(limit) redirect\(limit == 1 ? "" : "s"): the "
                            + "--max-redirects limit (a loop?)")))
        }
        guard let location = response.location else {
            return finish(.failed(Failure(.redirect, "HTTP \(status) without a Location header")))
        }
        switch Redirect.decide(location: location, base: url) {
        case .follow(let next):
            redirectsFollowed += 1
            redirects.append(next)
            url = next
            return .fetch(url: next, notBefore: nil)
        case .refused(let host, let target):
            return finish(
                .failed(
                    Failure(
                        .redirect,
                        "HTTP \(status) to \(Redirect.printable(host)) refused, not contacted: only "
                            + "127.0.0.0/8, [::1] and localhost are followed (\(Redirect.printable(target)))")
                ))
        case .unusable(let reason):
            return finish(.failed(Failure(.redirect, "HTTP \(status), but \(reason)")))
        }
    }

    private mutating func failOrRetry(_ failure: Failure) -> Action {
        guard failure.kind.isTransient, retriesUsed < settings.retries else {
            return finish(.failed(failure))
        }
        retriesUsed += 1
        let wait = settings.backoff(beforeRetry: retriesUsed)
        return .fetch(url: url, notBefore: .now.advanced(by: wait))
    }

    private func finish(_ outcome: Outcome, savedAs: String? = nil, checksum: String? = nil) -> Action {
        .finish(
            FlagResult(
                code: code, outcome: outcome, attempts: attempts, url: url, savedAs: savedAs,
                checksum: checksum, redirects: redirects)
        )
    }

    /// Why `status` is a failure: its reason phrase ("I'm a teapot"), and for a status that is not
    /// an error at all (204, a redirect) what was expected instead. Never empty.
    static func reason(_ status: Int) -> String {
        let phrases = [
            201: "Created", 202: "Accepted", 203: "Non-Authoritative Information", 204: "No Content",
            205: "Reset Content", 206: "Partial Content", 300: "Multiple Choices", 301: "Moved Permanently",
            302: "Found", 303: "See Other", 304: "Not Modified", 307: "Temporary Redirect",
            308: "Permanent Redirect", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden",
            405: "Method Not Allowed", 408: "Request Timeout", 410: "Gone", 418: "I'm a teapot",
            429: "Too Many Requests", 431: "Request Header Fields Too Large", 500: "Internal Server Error",
            501: "Not Implemented", 502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout",
        ]
        let phrase = phrases[status] ?? "unexpected status"
        switch status {
        case 100..<200, 201..<300:
            return "\(phrase): a flag comes with 200 and its image"
        case 304:
            return "\(phrase): the client sent no cache validator, so this answer carries no flag"
        case let redirect where Redirect.statuses.contains(redirect):
            return "\(phrase): redirects are not followed with --max-redirects 0"
        case 300..<400:
            return "\(phrase): not a redirect a client follows on its own"
        default:
            return phrases[status] ?? "unexpected status \(status)"
        }
    }
}
