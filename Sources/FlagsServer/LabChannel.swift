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
    typealias Value = HTTP1Channel.Value

    private let http1: HTTP1Channel
    private let idleTimeout: TimeAmount
    private let headerTimeout: TimeAmount
    private let lab: LabState

    init(
        responder: @escaping HTTPChannelHandler.Responder,
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
        http1 = HTTP1Channel(
            responder: responder,
            configuration: HTTP1Channel.Configuration(httpDecoderConfiguration: limits)
        )
        idleTimeout = TimeAmount(configuration.idleTimeout)
        headerTimeout = TimeAmount(configuration.headerTimeout)
        self.lab = lab
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(SocketCutter())
        }.flatMap {
            http1.setup(channel: channel, logger: logger)
        }.flatMapThrowing { value in
            let pipeline = channel.pipeline.syncOperations
            let decoder = try pipeline.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
            try pipeline.addHandler(
                ConnectionGuard(idleTimeout: idleTimeout, headerTimeout: headerTimeout, lab: lab),
                position: .after(decoder)
            )
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await withTaskExecutorPreference(EventLoopTaskExecutor(value.channel.eventLoop)) {
            await http1.handle(value: value, logger: logger)
        }
    }
}
