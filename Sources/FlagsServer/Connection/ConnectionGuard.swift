import NIOCore
import NIOHTTP1

/// Watches one connection between the HTTP decoder and the rest of the server: cuts connections
/// that idle or send a request too slowly, answers `431` to oversized request heads, closes
/// stalled connections when their client leaves, and closes connections as the server shuts down.
/// It also tells the connection's responder, through a ``ConnectionLink``, when each response's
/// last byte was written and when the client left.
///
/// Timeouts, by phase of the connection:
/// - idle (nothing in progress, no byte of a new request): closed after `idleTimeout`;
/// - reading a request (its first bytes arrived, its head or body not complete): closed
///   `headerTimeout` after the phase began;
/// - busy (a request read, its response not finished): no timeout — the lab's delays and
///   stalls are the server's own doing.
///
/// One timer at most is pending; when it fires it checks the phase and either cuts or re-arms,
/// so a busy keep-alive connection costs no timer per request.
///
/// Lives on its channel's event loop, like every NIO handler.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let idleTimeout: TimeAmount
    private let headerTimeout: TimeAmount
    private let lab: LabState
    private let link: ConnectionLink

    /// Where the connection is in its life; decides which timeout applies.
    private enum Phase {
        /// Nothing in progress and no byte of a new request.
        case idle
        /// Bytes of a request arrived while nothing was in progress, and no whole head yet.
        case readingHead
        /// A head arrived and its body is still coming.
        case readingBody
        /// The server owes responses and is not waiting for request bytes.
        case busy
    }

    private var phase = Phase.idle
    /// When the current phase began.
    private var phaseStart = NIODeadline.now()
    /// Request heads received whose response has not ended.
    private var inProgress = 0
    /// A head was received and its `.end` not yet.
    private var readingBody = false
    private var timer: Scheduled<Void>?
    private var timerDeadline = NIODeadline.distantFuture
    private var counted = false
    private var stalling = false
    private var inputClosed = false
    private var quiescing = false
    /// An oversized head arrived while responses were still owed: answer 431 after them.
    private var refusalPending = false
    private var refused = false
    /// The 431 is sent and our side closed: waiting for the client to close its side.
    private var lingering = false

    init(idleTimeout: TimeAmount, headerTimeout: TimeAmount, lab: LabState, link: ConnectionLink) {
        self.idleTimeout = idleTimeout
        self.headerTimeout = headerTimeout
        self.lab = lab
        self.link = link
    }

    // MARK: Connection life

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { becameActive(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        becameActive(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        link.connectionClosed()
        if counted {
            counted = false
            lab.connections { $0.open -= 1 }
        }
        context.fireChannelInactive()
    }

    private func becameActive(_ context: ChannelHandlerContext) {
        guard !counted else { return }
        counted = true
        lab.connections {
            $0.open += 1
            $0.accepted += 1
        }
        enter(.idle, context)
    }

    // MARK: Requests in, responses out

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            inProgress += 1
            readingBody = true
            phase = .busy
        case .body:
            break
        case .end:
            readingBody = false
            if phase == .readingBody { phase = .busy }
        }
        context.fireChannelRead(data)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if readingBody && phase != .readingBody {
            // A body is still coming: it gets the header timeout too.
            enter(.readingBody, context)
        } else if phase == .idle && !refused {
            // Bytes arrived and made no whole head yet: the head's clock starts now.
            enter(.readingHead, context)
        }
        context.fireChannelReadComplete()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard case .end = unwrapOutboundIn(data) else {
            context.write(data, promise: promise)
            return
        }
        // The response is delivered when this last part's write succeeds: every byte before it
        // is then in the socket (writes complete in order).
        let end = link.endSent()
        let promise = promise ?? context.eventLoop.makePromise(of: Void.self)
        promise.futureResult.whenSuccess { [link] in link.endWritten(end) }
        inProgress -= 1
        guard inProgress == 0 && !readingBody else {
            context.write(data, promise: promise)
            return
        }
        if refusalPending {
            context.write(data, promise: promise)
            refuse(context)
        } else if quiescing {
            context.writeAndFlush(data, promise: promise)
            context.close(promise: nil)
        } else {
            context.write(data, promise: promise)
            enter(.idle, context)
        }
    }

    // MARK: Errors, events, signals

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let error = error as? HTTPParserError, error == .headerOverflow {
            lab.connections { $0.headersTooLarge += 1 }
            refused = true
            if inProgress == 0 {
                refuse(context)
            } else {
                refusalPending = true
            }
            return
        }
        if refused, error is ByteToMessageDecoderError {
            // Bytes that followed the oversized head: the connection is closing anyway.
            return
        }
        context.fireErrorCaught(error)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed {
            inputClosed = true
            link.inputClosed()
            if stalling || lingering { context.close(promise: nil) }
        } else if event is ChannelShouldQuiesceEvent {
            quiescing = true
            if inProgress == 0 || stalling { context.close(promise: nil) }
        }
        context.fireUserInboundEventTriggered(event)
    }

    func triggerUserOutboundEvent(
        context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?
    ) {
        guard let signal = event as? ConnectionSignal, signal == .stall else {
            context.triggerUserOutboundEvent(event, promise: promise)
            return
        }
        stalling = true
        promise?.succeed()
        if inputClosed || quiescing { context.close(promise: nil) }
    }

    // MARK: Timer and refusal

    /// The time the current phase may last until, or `nil` when busy (no limit).
    private var phaseDeadline: NIODeadline? {
        switch phase {
        case .idle: phaseStart + idleTimeout
        case .readingHead, .readingBody: phaseStart + headerTimeout
        case .busy: nil
        }
    }

    private func enter(_ phase: Phase, _ context: ChannelHandlerContext) {
        self.phase = phase
        phaseStart = .now()
        arm(context)
    }

    /// Makes sure a timer fires no later than the current phase's deadline.
    private func arm(_ context: ChannelHandlerContext) {
        guard let deadline = phaseDeadline, timer == nil || deadline < timerDeadline else { return }
        timer?.cancel()
        timerDeadline = deadline
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [self] in
            timer = nil
            timerDeadline = .distantFuture
            guard let deadline = phaseDeadline else { return }
            if NIODeadline.now() >= deadline {
                let headerPhase = phase != .idle
                lab.connections {
                    if headerPhase { $0.cutHeader += 1 } else { $0.cutIdle += 1 }
                }
                context.close(promise: nil)
            } else {
                arm(context)
            }
        }
    }

    /// Answers `431` and closes the connection.
    private func refuse(_ context: ChannelHandlerContext) {
        refusalPending = false
        let body = ByteBuffer(string: "431 Request Header Fields Too Large\n")
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "text/plain; charset=utf-8")
        headers.add(name: "Content-Length", value: String(body.readableBytes))
        headers.add(name: "Connection", value: "close")
        context.write(
            wrapOutboundOut(
                .head(
                    HTTPResponseHead(
                        version: .http1_1, status: .requestHeaderFieldsTooLarge, headers: headers))),
            promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        let written = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: written)
        written.futureResult.assumeIsolated().whenComplete { [self] _ in
            // Closing with the rest of the request unread would make the kernel send RST, and the
            // client could lose the 431 with it: close our side, read (and drop) until the
            // client closes its own, for a second at most. The same as nginx's lingering close.
            guard !inputClosed else {
                context.close(promise: nil)
                return
            }
            lingering = true
            context.close(mode: .output, promise: nil)
            context.eventLoop.assumeIsolated().scheduleTask(in: .seconds(1)) {
                context.close(promise: nil)
            }
        }
    }
}
