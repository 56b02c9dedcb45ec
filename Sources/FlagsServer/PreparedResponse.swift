import Hummingbird
import NIOCore

/// A response built once at start-up and handed out for every matching request: its headers
/// and body buffer are shared, not rebuilt, so serving costs no allocation beyond the framework's.
struct PreparedResponse: Sendable {
    /// The answer to `GET`.
    let get: Response
    /// The answer to `HEAD`: the same status and headers (`Content-Length` included), no body.
    let head: Response

    init(status: HTTPResponse.Status, contentType: String, body: ByteBuffer, extraHeaders: HTTPFields = [:]) {
        var headers = extraHeaders
        headers[.contentType] = contentType
        headers[.contentLength] = String(body.readableBytes)
        get = Response(status: status, headers: headers, body: ResponseBody(byteBuffer: body))
        head = Response(status: status, headers: headers, body: ResponseBody())
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

    /// The response to `method`: ``head`` for `HEAD`, ``get`` otherwise.
    func response(for method: HTTPRequest.Method) -> Response {
        method == .head ? head : get
    }
}
