import Hummingbird
import NIOCore

/// A response built once and handed out for every matching request: its head and body buffer are
/// shared, not rebuilt, so serving costs no allocation beyond setting the `Date` header.
struct PreparedResponse: Sendable {
    /// The status line and headers (`Content-Length` included, for `HEAD` too).
    let head: HTTPResponse
    /// The body `GET` sends.
    let body: ByteBuffer

    init(status: HTTPResponse.Status, contentType: String, body: ByteBuffer, extraHeaders: HTTPFields = [:]) {
        var headers = extraHeaders
        headers[.contentType] = contentType
        headers[.contentLength] = String(body.readableBytes)
        head = HTTPResponse(status: status, headerFields: headers)
        self.body = body
    }

    /// A short plain-text response such as `404 Not Found`.
    init(status: HTTPResponse.Status, extraHeaders: HTTPFields = [:]) {
        self.init(
            status: status,
            contentType: "text/plain; charset=utf-8",
            body: ByteBuffer(string: "\(status.code) \(status.reasonPhrase)\n"),
            extraHeaders: extraHeaders
        )
    }

    /// A JSON response.
    init(status: HTTPResponse.Status = .ok, json: String, extraHeaders: HTTPFields = [:]) {
        self.init(
            status: status, contentType: "application/json", body: ByteBuffer(string: json + "\n"),
            extraHeaders: extraHeaders)
    }

    /// The status code.
    var status: Int { head.status.code }

    /// The head with a `Date` header, ready to send.
    func head(date: String) -> HTTPResponse {
        var head = head
        head.headerFields[.date] = date
        return head
    }
}
