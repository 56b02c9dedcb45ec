import NIOCore
import NIOHTTP1

/// Watches one connection between the HTTP decoder and the rest of the server: cuts connections
/// that idle or send a request too slowly, answers `431` to oversized request heads, closes
/// stalled connections when their client leaves, and closes connections as the server shuts down.
/// It also tells the connection's responder, through a ``ConnectionLink``, when each response's
/// last byte was written and when the client left.
///
/// Every decision is its ``ConnectionStateMachine``'s: the guard reports each event to it, with
/// the time, and does what it answers (count, arm the timer, write, close).
///
/// Lives on its channel's event loop, like every NIO handler.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private var machine: ConnectionStateMachine
    private let lab: LabState
    private let link: ConnectionLink
    /// The one timer the machine asked for, until it fires or is replaced.
    private var timer: Scheduled<Void>?

    init(idleTimeout: TimeAmount, headerTimeout: TimeAmount, lab: LabState, link: ConnectionLink) {
        machine = ConnectionStateMachine(idleTimeout: idleTimeout, headerTimeout: headerTimeout)
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

    private func becameActive(_ context: ChannelHandlerContext) {
        let action = machine.activated(now: .now())
        count(action.count)
        switch action {
        case .none: break
        case .countAndArm(let deadline): arm(deadline, context)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        link.connectionClosed()
        count(machine.inactive().count)
        context.fireChannelInactive()
    }

    // MARK: Requests in, responses out

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: machine.headRead()
        case .body: break
        case .end: machine.endRead()
        }
        context.fireChannelRead(data)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        switch machine.readComplete(now: .now()) {
        case .none: break
        case .arm(let deadline): arm(deadline, context)
        case .close: context.close(promise: nil)
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
        switch machine.responseEnd(now: .now()) {
        case .write:
            context.write(data, promise: promise)
        case .writeAndArm(let deadline):
            context.write(data, promise: promise)
            arm(deadline, context)
        case .writeAndRefuse:
            context.write(data, promise: promise)
            refuse(context)
        case .writeFlushAndClose:
            context.writeAndFlush(data, promise: promise)
            context.close(promise: nil)
        }
    }

    // MARK: Errors, events, signals

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        let action = machine.errorCaught(error)
        count(action.count)
        switch action {
        case .forward: context.fireErrorCaught(error)
        case .drop, .countRefusal: break
        case .countAndRefuse: refuse(context)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed {
            link.inputClosed()
            perform(machine.inputClosed(), context)
        } else if event is ChannelShouldQuiesceEvent {
            perform(machine.quiesce(), context)
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
        promise?.succeed()
        perform(machine.stall(), context)
    }

    // MARK: Actions

    private func perform(_ action: ConnectionStateMachine.CloseAction, _ context: ChannelHandlerContext) {
        switch action {
        case .none: break
        case .close: context.close(promise: nil)
        }
    }

    private func count(_ count: ConnectionStateMachine.Count?) {
        guard let count else { return }
        lab.connections { count.apply(to: &$0) }
    }

    /// Replaces the pending timer, if any, with one that fires at `deadline`.
    private func arm(_ deadline: NIODeadline, _ context: ChannelHandlerContext) {
        timer?.cancel()
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [self] in
            timer = nil
            let action = machine.timerFired(now: .now())
            count(action.count)
            switch action {
            case .none: break
            case .arm(let deadline): arm(deadline, context)
            case .cut, .close: context.close(promise: nil)
            }
        }
    }

    /// Answers `431`, then tells the machine when the answer is written.
    private func refuse(_ context: ChannelHandlerContext) {
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
            switch machine.refusalWritten(now: .now()) {
            case .none: break
            case .close: context.close(promise: nil)
            case .closeOutput(let deadline):
                context.close(mode: .output, promise: nil)
                if let deadline { arm(deadline, context) }
            }
        }
    }
}
