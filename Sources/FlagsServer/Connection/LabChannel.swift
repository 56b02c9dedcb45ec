import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// How each accepted connection is set up: Hummingbird's HTTP/1.1 channel, with the lab's two
/// handlers added around its decoder.
///
/// ```
/// socket ⇄ SocketCutter ⇄ HTTP encoder/decoder ⇄ ConnectionGuard ⇄ Hummingbird (HTTP types, async)
/// ```
struct LabChannel: ServerChildChannel {
    /// Answers one request of a connection, with the connection's link to its guard.
    typealias Responder =
        @Sendable (Request, consuming ResponseWriter, any Channel, ConnectionLink) async throws -> Void

    /// A set-up connection: Hummingbird's async channel, and the link its guard reports to.
    struct Value: ServerChildChannelValue {
        let http: HTTP1Channel.Value
        let link: ConnectionLink
        var channel: any Channel { http.channel }
    }

    private let responder: Responder
    private let http1: HTTP1Channel
    private let idleTimeout: TimeAmount
    private let headerTimeout: TimeAmount
    private let lab: LabState

    init(
        responder: @escaping Responder,
        configuration: FlagServerConfiguration,
        lab: LabState
    ) {
        // The decoder counts the request line and every field against these limits, and fails
        // with `headerOverflow` beyond them: the guard turns that into a 431.
        let limits = HTTP1Channel.Configuration.DecoderConfiguration(
            maxHeaderFieldSize: configuration.maxHeaderBytes,
            maxHeaderListSize: configuration.maxHeaderBytes,
            maxHeaderFieldCount: 100
        )
        self.responder = responder
        // The pipeline's configuration; each connection answers through a copy that carries its
        // own link (see `handle`).
        http1 = HTTP1Channel(
            responder: { _, _, _ in },
            configuration: HTTP1Channel.Configuration(httpDecoderConfiguration: limits)
        )
        idleTimeout = TimeAmount(configuration.idleTimeout)
        headerTimeout = TimeAmount(configuration.headerTimeout)
        self.lab = lab
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let link = ConnectionLink()
        return channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(SocketCutter())
        }.flatMap {
            http1.setup(channel: channel, logger: logger)
        }.flatMapThrowing { value in
            let pipeline = channel.pipeline.syncOperations
            let decoder = try pipeline.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
            try pipeline.addHandler(
                ConnectionGuard(idleTimeout: idleTimeout, headerTimeout: headerTimeout, lab: lab, link: link),
                position: .after(decoder)
            )
            return Value(http: value, link: link)
        }
    }

    func handle(value: Value, logger: Logger) async {
        let responder = responder
        let link = value.link
        let connection = HTTP1Channel(
            responder: { request, writer, channel in
                try await responder(request, writer, channel, link)
            },
            configuration: http1.configuration
        )
        await withTaskExecutorPreference(EventLoopTaskExecutor(value.channel.eventLoop)) {
            await connection.handle(value: value.http, logger: logger)
        }
    }
}
