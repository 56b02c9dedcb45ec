import Hummingbird
import NIOCore

/// Every response the server can send, prepared from ``FlagData`` when it starts.
struct FlagCatalog: Sendable {
    /// One slot per possible code (`aa` … `zz`), each with one response per resource.
    private let flags: [[PreparedResponse?]]
    /// The codes that have at least one file, lower-case, sorted.
    let codes: [String]

    /// `404 Not Found`.
    let notFound = PreparedResponse(status: .notFound)
    /// `405 Method Not Allowed`, for anything but `GET` and `HEAD` on a flag's file.
    let methodNotAllowed = PreparedResponse(status: .methodNotAllowed, extraHeaders: [.allow: "GET, HEAD"])
    /// `503` for requests beyond the profile's `maxInFlight`.
    let overloaded = PreparedResponse(status: .serviceUnavailable, extraHeaders: [.retryAfter: "1"])
    /// `418 I'm a teapot`, the ERROR profile's failure.
    let teapot = PreparedResponse(status: Self.status(418))

    /// - Parameters:
    ///   - data: The files to serve.
    ///   - copyingBodies: Give every body a buffer of its own instead of sharing `data`'s.
    init(data: FlagData, copyingBodies: Bool = false) {
        var flags = [[PreparedResponse?]](
            repeating: [PreparedResponse?](repeating: nil, count: FlagResource.allCases.count),
            count: FlagRoute.codeCount
        )
        for (code, files) in data.files {
            guard let route = FlagRoute(path: "/flags/\(code)/metadata.json") else { continue }
            for (resource, body) in files {
                flags[route.codeIndex][resource.ordinal] = PreparedResponse(
                    status: .ok,
                    contentType: resource.contentType,
                    body: copyingBodies ? Self.copy(body) : body
                )
            }
        }
        self.flags = flags
        codes = data.codes
    }

    /// `buffer`'s bytes in storage of their own.
    private static func copy(_ buffer: ByteBuffer) -> ByteBuffer {
        var copy = ByteBufferAllocator().buffer(capacity: buffer.readableBytes)
        copy.writeImmutableBuffer(buffer)
        return copy
    }

    /// The file `route` names, or `nil` if the data does not have it.
    func file(_ route: FlagRoute) -> PreparedResponse? {
        flags[route.codeIndex][route.resource.ordinal]
    }

    /// The answer of a status fault: `503 Service Unavailable` with `Retry-After: 1`…
    func status(_ code: Int, retryAfter: Int?) -> PreparedResponse {
        if code == 418 && retryAfter == nil { return teapot }
        var headers: HTTPFields = [:]
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        return PreparedResponse(status: Self.status(code), extraHeaders: headers)
    }

    /// A status with its standard reason phrase (HTTPTypes gives none to codes built from a number).
    static func status(_ code: Int) -> HTTPResponse.Status {
        HTTPResponse.Status(code: code, reasonPhrase: reasonPhrases[code] ?? "Error \(code)")
    }

    /// The reason phrases of RFC 9110 and its companions for 4xx and 5xx, and the teapot's.
    private static let reasonPhrases: [Int: String] = [
        400: "Bad Request", 401: "Unauthorized", 402: "Payment Required", 403: "Forbidden", 404: "Not Found",
        405: "Method Not Allowed", 406: "Not Acceptable", 407: "Proxy Authentication Required",
        408: "Request Timeout", 409: "Conflict", 410: "Gone", 411: "Length Required",
        412: "Precondition Failed",
        413: "Content Too Large", 414: "URI Too Long", 415: "Unsupported Media Type",
        416: "Range Not Satisfiable", 417: "Expectation Failed", 418: "I'm a teapot",
        421: "Misdirected Request",
        422: "Unprocessable Content", 423: "Locked", 424: "Failed Dependency", 425: "Too Early",
        426: "Upgrade Required", 428: "Precondition Required", 429: "Too Many Requests",
        431: "Request Header Fields Too Large", 451: "Unavailable For Legal Reasons",
        500: "Internal Server Error", 501: "Not Implemented", 502: "Bad Gateway", 503: "Service Unavailable",
        504: "Gateway Timeout", 505: "HTTP Version Not Supported", 506: "Variant Also Negotiates",
        507: "Insufficient Storage", 508: "Loop Detected", 511: "Network Authentication Required",
    ]
}
