internal import CCurl

/// A blocking HTTP client: one libcurl easy handle, one transfer at a time on the calling thread.
///
/// Not `Sendable`: make one per thread. The handle is reused, so consecutive requests to the same
/// server travel over one kept-alive connection.
public final class BlockingClient {
    private let handle: EasyHandle

    /// - Parameters:
    ///   - options: timeouts and size limit applied to every transfer.
    ///   - cancellation: when it fires, a running transfer is aborted (curl polls it from its
    ///     progress callback, at least once a second) and ends as `.cancelled`.
    public init(options: ClientOptions = ClientOptions(), cancellation: CancellationSignal? = nil)
        throws(TransferError)
    {
        handle = try EasyHandle(options: options)
        if let cancellation {
            handle.shouldAbort = { cancellation.isCancelled }
        }
    }

    /// Fetches `url` and returns the whole response, whatever its status.
    ///
    /// - Throws: `TransferError` when no complete response arrived.
    public func get(_ url: String) throws(TransferError) -> HTTPResponse {
        handle.prepare(url: url)
        return try handle.finish(curl_easy_perform(handle.raw)).get()
    }

    /// Sends a `POST` with an empty body (the fault lab's `/_lab/reset`) and returns the response.
    ///
    /// - Throws: `TransferError` when no complete response arrived.
    public func post(_ url: String) throws(TransferError) -> HTTPResponse {
        handle.prepare(url: url, method: .post)
        return try handle.finish(curl_easy_perform(handle.raw)).get()
    }

    /// Opens (and closes) a TCP connection to the server of `url` without sending a request, so a
    /// client can tell "nothing listens there" apart from per-flag failures before it starts.
    ///
    /// - Throws: `TransferError` saying why the server cannot be reached.
    public static func checkReachable(_ url: String, connectTimeout: Duration = .seconds(5))
        throws(TransferError)
    {
        let handle = try EasyHandle(
            options: ClientOptions(timeout: connectTimeout, connectTimeout: connectTimeout))
        handle.prepare(url: url)
        flags_easy_setopt_long(handle.raw, CURLOPT_CONNECT_ONLY, 1)
        _ = try handle.finish(curl_easy_perform(handle.raw)).get()
    }
}
