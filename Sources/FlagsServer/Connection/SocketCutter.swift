import NIOCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The first handler of every connection's pipeline, next to the socket: acts out
/// ``ConnectionSignal/closeAfterDrain`` and ``ConnectionSignal/reset`` once every byte written
/// before the signal has gone to the socket.
///
/// Closing a NIO channel drops writes still queued in it, and `SO_LINGER` 0 makes the kernel drop
/// its send buffer too; so the cutter first writes an empty buffer and waits for it: writes
/// complete in order, so when it completes, everything before it has been handed to the kernel.
final class SocketCutter: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = IOData
    typealias OutboundOut = IOData

    func triggerUserOutboundEvent(
        context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?
    ) {
        guard let signal = event as? ConnectionSignal, signal != .stall else {
            context.triggerUserOutboundEvent(event, promise: promise)
            return
        }
        let drained = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(.byteBuffer(ByteBuffer())), promise: drained)
        drained.futureResult.assumeIsolated().whenComplete { _ in
            if signal == .reset, let socket = context.channel as? any SocketOptionProvider {
                // Linger on, timeout 0: close() sends RST instead of FIN.
                _ = socket.setSoLinger(linger(l_onoff: 1, l_linger: 0))
            }
            context.close(promise: nil)
            promise?.succeed()
        }
    }
}
