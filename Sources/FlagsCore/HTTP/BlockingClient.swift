internal import CCurl
import Synchronization

/// A blocking HTTP client: one libcurl easy handle, one transfer at a time on the calling thread.
///
/// Not `Sendable`: make one per thread. The handle is reused, so consecutive requests to the same
/// server travel over one kept-alive connection (kept in the client's multi handle).
///
/// Transfers run on libcurl's multi interface rather than `curl_easy_perform`: when nothing
/// arrives, `curl_easy_perform` sleeps in `curl_multi_poll` for up to a second before it calls
/// the progress callback again, so a stop (Ctrl-C, `--deadline`) waited for that second, or for
/// the response. Here the loop's own `curl_multi_poll` is woken by `curl_multi_wakeup` the moment
/// the cancellation signal fires, and the transfer ends at once as `.cancelled`.
public final class BlockingClient {
    private let handle: EasyHandle
    /// The multi handle that runs this client's transfers and keeps its connection alive. Only the
    /// owning thread drives it; other threads only wake it, through `waker`.
    private let multi: UnsafeMutableRawPointer
    private let waker: MultiWaker
    private let cancellation: CancellationSignal?
    private let cancelToken: Int?

    /// - Parameters:
    ///   - options: timeouts and size limit applied to every transfer.
    ///   - cancellation: when it fires, a running transfer is aborted at once (its wait for the
    ///     network is woken) and ends as `.cancelled`.
    public init(options: ClientOptions = ClientOptions(), cancellation: CancellationSignal? = nil)
        throws(TransferError)
    {
        handle = try EasyHandle(options: options)
        guard let multi = curl_multi_init() else {
            throw TransferError(.other, "curl_multi_init failed (out of memory?)")
        }
        self.multi = multi
        let waker = MultiWaker(multi)
        self.waker = waker
        self.cancellation = cancellation
        if let cancellation {
            handle.shouldAbort = { cancellation.isCancelled }
            cancelToken = cancellation.onCancel { _ in waker.wake() }
        } else {
            cancelToken = nil
        }
    }

    deinit {
        if let cancelToken { cancellation?.removeHandler(cancelToken) }
        // After this no thread can reach the multi handle, even one already inside the handler.
        waker.close()
        curl_multi_cleanup(multi)
    }

    /// Fetches `url` and returns the whole response, whatever its status.
    ///
    /// - Throws: `TransferError` when no complete response arrived.
    public func get(_ url: String) throws(TransferError) -> HTTPResponse {
        handle.prepare(url: url)
        return try handle.finish(perform()).get()
    }

    /// Sends a `POST` with an empty body (the fault lab's `/_lab/reset`) and returns the response.
    ///
    /// - Throws: `TransferError` when no complete response arrived.
    public func post(_ url: String) throws(TransferError) -> HTTPResponse {
        handle.prepare(url: url, method: .post)
        return try handle.finish(perform()).get()
    }

    /// Runs the prepared transfer to its end on the calling thread and returns curl's result.
    private func perform() -> CURLcode {
        if cancellation?.isCancelled == true { return CURLE_ABORTED_BY_CALLBACK }
        guard curl_multi_add_handle(multi, handle.raw) == CURLM_OK else {
            return curl_easy_perform(handle.raw)  // never seen; the slower stop is still correct
        }
        defer { _ = curl_multi_remove_handle(multi, handle.raw) }
        while true {
            var running: Int32 = 0
            guard curl_multi_perform(multi, &running) == CURLM_OK else { return CURLE_FAILED_INIT }
            if running == 0 { break }
            // Woken by curl_multi_wakeup on a stop, or by the socket, or by curl's next timeout
            // (curl shortens the 1 s to its own); a stop is seen here, not a second later.
            if cancellation?.isCancelled == true { return CURLE_ABORTED_BY_CALLBACK }
            guard curl_multi_poll(multi, nil, 0, 1000, nil) == CURLM_OK else { return CURLE_FAILED_INIT }
            if cancellation?.isCancelled == true { return CURLE_ABORTED_BY_CALLBACK }
        }
        var left: Int32 = 0
        while let message = curl_multi_info_read(multi, &left) {
            if message.pointee.msg == CURLMSG_DONE, message.pointee.easy_handle == handle.raw {
                return flags_msg_result(message)
            }
        }
        return CURLE_FAILED_INIT  // a finished transfer always leaves its message: never seen
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

/// Wakes a blocking client's `curl_multi_poll` from another thread (the one that fires the
/// cancellation signal). `curl_multi_wakeup` may be called from any thread; the lock makes sure
/// it is never called on a multi handle the client has cleaned up.
private final class MultiWaker: Sendable {
    /// The address of the client's multi handle, or 0 once `close()` ran; an integer, because the
    /// pointer itself is not `Sendable`: only `curl_multi_wakeup` ever uses it from here.
    private let address: Mutex<UInt>

    init(_ multi: UnsafeMutableRawPointer) {
        address = Mutex(UInt(bitPattern: multi))
    }

    func wake() {
        address.withLock { address in
            if let multi = UnsafeMutableRawPointer(bitPattern: address) { _ = curl_multi_wakeup(multi) }
        }
    }

    func close() {
        address.withLock { $0 = 0 }
    }
}
