import NIOCore
import NIOHTTPTypes

/// Closes a connection whose next request head does not arrive in time: from
/// the connection's start, and again from the end of each response, the
/// client has `timeout` to send a complete request head. A client that drips
/// its headers a byte at a time (slowloris) is cut off, which the idle timeout
/// alone cannot do. A long poll is not affected: the timer runs only while the
/// server waits for a head, never while it prepares a response.
///
/// Add it with `HTTP1Channel.Configuration(additionalChannelHandlers:)`.
public final class HeaderReadTimeout: ChannelDuplexHandler, RemovableChannelHandler {
    public typealias InboundIn = HTTPRequestPart
    public typealias InboundOut = HTTPRequestPart
    public typealias OutboundIn = HTTPResponsePart
    public typealias OutboundOut = HTTPResponsePart

    private let timeout: TimeAmount
    private var timer: Scheduled<Void>?

    /// Creates the handler.
    ///
    /// - parameter timeout: how long a client may take to send a request head.
    public init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    public func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(context) }
    }

    public func channelActive(context: ChannelHandlerContext) {
        arm(context)
        context.fireChannelActive()
    }

    public func channelInactive(context: ChannelHandlerContext) {
        disarm()
        context.fireChannelInactive()
    }

    public func handlerRemoved(context: ChannelHandlerContext) {
        disarm()
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head = unwrapInboundIn(data) { disarm() }
        context.fireChannelRead(data)
    }

    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            let future = context.write(data)
            future.whenComplete { [weak self] _ in
                guard let self, context.channel.isActive else { return }
                self.arm(context)
            }
            future.cascade(to: promise)
            return
        }
        context.write(data, promise: promise)
    }

    private func arm(_ context: ChannelHandlerContext) {
        disarm()
        let channel = context.channel
        timer = context.eventLoop.scheduleTask(in: timeout) {
            channel.close(promise: nil)
        }
    }

    private func disarm() {
        timer?.cancel()
        timer = nil
    }
}
