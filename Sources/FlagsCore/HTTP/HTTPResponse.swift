/// A complete HTTP response: the status, the headers the clients use, and the whole body.
public struct HTTPResponse: Sendable, Equatable {
    public var status: Int
    /// The body as received; complete when `contentLength` is given (curl checks the length).
    public var body: [UInt8]
    /// The `Content-Length` the server declared, if any.
    public var contentLength: Int?
    public var contentType: String?
    /// How long the server asked us to wait (`Retry-After`, in seconds or as an HTTP date).
    public var retryAfter: Duration?
    /// The `Location` header as sent (read for redirect statuses only), unresolved and unchecked.
    public var location: String?
    /// When its phases happened and which connection carried it (for `--timeline`).
    public var timing: TransferTiming?

    public init(
        status: Int,
        body: [UInt8] = [],
        contentLength: Int? = nil,
        contentType: String? = nil,
        retryAfter: Duration? = nil,
        location: String? = nil,
        timing: TransferTiming? = nil
    ) {
        self.status = status
        self.body = body
        self.contentLength = contentLength
        self.contentType = contentType
        self.retryAfter = retryAfter
        self.location = location
        self.timing = timing
    }
}
