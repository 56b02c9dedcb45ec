import NIOCore
import NIOHTTP1
import Testing

@testable import FlagsServer

/// The decisions of a connection's guard, without a channel: a clock of the test's own, events in,
/// actions out, and the counters those actions change.
@Suite struct ConnectionStateMachineTests {
    /// The time the connection became active; every other time is relative to it.
    private static let start = NIODeadline.uptimeNanoseconds(1_000_000_000)
    private static let idle = TimeAmount.seconds(60)
    private static let header = TimeAmount.seconds(10)

    private static func at(_ seconds: Double) -> NIODeadline {
        start + .nanoseconds(Int64(seconds * 1e9))
    }

    /// A machine driven as a guard drives it: it keeps the counters and the pending timer the
    /// actions ask for, so a test can check both.
    private struct Driver {
        var machine = ConnectionStateMachine(idleTimeout: idle, headerTimeout: header)
        var stats = ConnectionStats()
        /// The deadline of the timer the guard would have pending.
        var timer: NIODeadline?
        var closed = false

        init(active: Bool = true) {
            if active { #expect(activate() == .countAndArm(at(0) + idle)) }
        }

        mutating func count(_ count: ConnectionStateMachine.Count?) {
            count?.apply(to: &stats)
        }

        mutating func activate(at time: Double = 0) -> ConnectionStateMachine.ActiveAction {
            let action = machine.activated(now: at(time))
            count(action.count)
            if case .countAndArm(let deadline) = action { timer = deadline }
            return action
        }

        mutating func inactive() -> ConnectionStateMachine.InactiveAction {
            let action = machine.inactive()
            count(action.count)
            timer = nil
            return action
        }

        /// One read of a whole request (head and end) when `whole`, else of its head only.
        mutating func request(whole: Bool = true, at time: Double)
            -> ConnectionStateMachine.ReadCompleteAction
        {
            machine.headRead()
            if whole { machine.endRead() }
            return readComplete(at: time)
        }

        mutating func readComplete(at time: Double) -> ConnectionStateMachine.ReadCompleteAction {
            let action = machine.readComplete(now: at(time))
            switch action {
            case .arm(let deadline): timer = deadline
            case .close: closed = true
            case .none: break
            }
            return action
        }

        mutating func responseEnd(at time: Double) -> ConnectionStateMachine.ResponseEndAction {
            let action = machine.responseEnd(now: at(time))
            switch action {
            case .writeAndArm(let deadline): timer = deadline
            case .writeFlushAndClose: closed = true
            case .write, .writeAndRefuse: break
            }
            return action
        }

        mutating func error(_ error: any Error) -> ConnectionStateMachine.ErrorAction {
            let action = machine.errorCaught(error)
            count(action.count)
            return action
        }

        /// Fires the pending timer at `time`.
        mutating func fire(at time: Double) -> ConnectionStateMachine.TimerFiredAction {
            timer = nil
            let action = machine.timerFired(now: at(time))
            count(action.count)
            switch action {
            case .arm(let deadline): timer = deadline
            case .cut, .close: closed = true
            case .none: break
            }
            return action
        }

        mutating func refusalWritten(at time: Double) -> ConnectionStateMachine.RefusalWrittenAction {
            let action = machine.refusalWritten(now: at(time))
            switch action {
            case .close: closed = true
            case .closeOutput(let deadline?): timer = deadline
            case .closeOutput(nil), .none: break
            }
            return action
        }

        mutating func close(_ action: ConnectionStateMachine.CloseAction)
            -> ConnectionStateMachine.CloseAction
        {
            if action == .close { closed = true }
            return action
        }

        mutating func inputClosed() -> ConnectionStateMachine.CloseAction { close(machine.inputClosed()) }
        mutating func quiesce() -> ConnectionStateMachine.CloseAction { close(machine.quiesce()) }
        mutating func stall() -> ConnectionStateMachine.CloseAction { close(machine.stall()) }
    }

    private static let overflow = HTTPParserError.headerOverflow
    private static let bytesAfterOverflow = ByteToMessageDecoderError.dataReceivedInErrorState(
        HTTPParserError.headerOverflow, ByteBuffer(string: "x"))

    // MARK: Life

    @Test func anActiveConnectionIsCountedOnceAndClosedOnce() {
        var driver = Driver()
        // The guard added to an active channel, then told it is active: one connection.
        #expect(driver.activate(at: 1) == .none)
        #expect(driver.stats == ConnectionStats(open: 1, accepted: 1))
        #expect(driver.inactive() == .countClosed)
        #expect(driver.inactive() == .none)
        #expect(driver.activate(at: 2) == .none)
        #expect(driver.stats == ConnectionStats(open: 0, accepted: 1))
    }

    @Test func aChannelThatNeverBecameActiveIsNotCounted() {
        var driver = Driver(active: false)
        #expect(driver.fire(at: 100) == .none)
        #expect(driver.readComplete(at: 1) == .none)
        #expect(driver.stall() == .none)
        #expect(driver.inputClosed() == .none)
        #expect(driver.quiesce() == .none)
        #expect(driver.error(Self.overflow) == .drop)
        #expect(driver.inactive() == .none)
        #expect(driver.stats == ConnectionStats())
    }

    // MARK: Idle and header timeouts

    @Test func aSilentConnectionIsCutAsIdleAtTheIdleDeadline() {
        var driver = Driver()
        #expect(driver.timer == Self.at(60))
        #expect(driver.fire(at: 60) == .cut(.idle))
        #expect(driver.stats.cutIdle == 1 && driver.stats.cutHeader == 0)
        // Late events change nothing; only the channel's end is counted.
        #expect(driver.fire(at: 61) == .none)
        #expect(driver.readComplete(at: 61) == .none)
        #expect(driver.quiesce() == .none)
        #expect(driver.inactive() == .countClosed)
        #expect(driver.stats == ConnectionStats(open: 0, accepted: 1, cutIdle: 1))
    }

    @Test func aTimerThatFiresBeforeTheDeadlineCutsNothing() {
        var driver = Driver()
        // The machine compares the time with its deadline and does not trust the timer.
        #expect(driver.fire(at: 59.9) == .arm(Self.at(60)))
        #expect(driver.fire(at: 60) == .cut(.idle))
    }

    @Test func bytesThatMakeNoHeadStartTheHeaderClock() {
        var driver = Driver()
        // 1 s + 10 s comes before 60 s: a sooner timer replaces the idle one.
        #expect(driver.readComplete(at: 1) == .arm(Self.at(11)))
        // More bytes of the same head do not restart its clock.
        #expect(driver.readComplete(at: 5) == .none)
        #expect(driver.fire(at: 11) == .cut(.header))
        #expect(driver.stats.cutHeader == 1 && driver.stats.cutIdle == 0)
    }

    @Test func aHeaderDeadlineLaterThanThePendingTimerWaitsForIt() {
        var driver = Driver()
        // Bytes at 55 s: the head may last until 65 s, and the idle timer fires at 60 s first.
        #expect(driver.readComplete(at: 55) == .none)
        #expect(driver.fire(at: 60) == .arm(Self.at(65)))
        #expect(driver.fire(at: 65) == .cut(.header))
        #expect(driver.stats.cutHeader == 1 && driver.stats.cutIdle == 0)
    }

    @Test func aBodyThatNeverEndsIsCutByTheHeaderTimeout() {
        var driver = Driver()
        #expect(driver.request(whole: false, at: 2) == .arm(Self.at(12)))
        // Its response is written (owed nothing more), yet the body is still being read.
        #expect(driver.responseEnd(at: 3) == .write)
        #expect(driver.fire(at: 12) == .cut(.header))
        #expect(driver.stats.cutHeader == 1)
    }

    @Test func aBodyThatEndsMakesTheConnectionBusy() {
        var driver = Driver()
        #expect(driver.request(whole: false, at: 2) == .arm(Self.at(12)))
        driver.machine.endRead()
        #expect(driver.readComplete(at: 3) == .none)
        // Busy: the timer finds nothing to cut, and asks for no other.
        #expect(driver.fire(at: 12) == .none)
        #expect(driver.responseEnd(at: 20) == .writeAndArm(Self.at(80)))
        #expect(driver.fire(at: 80) == .cut(.idle))
    }

    @Test func aBodyThatEndsAfterItsResponseLeavesTheConnectionIdle() {
        var driver = Driver()
        #expect(driver.request(whole: false, at: 2) == .arm(Self.at(12)))
        // Answered before its body has all arrived: the body still has the header timeout.
        #expect(driver.responseEnd(at: 3) == .write)
        driver.machine.endRead()
        // The body's end leaves nothing owed: idle from now on, until 4 s + 60 s.
        #expect(driver.readComplete(at: 4) == .none)
        #expect(driver.fire(at: 12) == .arm(Self.at(64)))
        #expect(driver.fire(at: 64) == .cut(.idle))
        #expect(driver.stats.cutIdle == 1 && driver.stats.cutHeader == 0)
    }

    @Test func aBodyThatEndsAfterItsResponseClosesWhenTheServerIsStopping() {
        var driver = Driver()
        #expect(driver.request(whole: false, at: 2) == .arm(Self.at(12)))
        #expect(driver.quiesce() == .none)
        // Written while its body is still coming: the body is read to its end first.
        #expect(driver.responseEnd(at: 3) == .write)
        driver.machine.endRead()
        #expect(driver.readComplete(at: 4) == .close)
    }

    @Test func aBusyConnectionIsNeverCut() {
        var driver = Driver()
        #expect(driver.request(at: 1) == .none)
        // The lab's delays are the server's own doing: no timeout while a response is owed.
        #expect(driver.fire(at: 60) == .none)
        #expect(driver.timer == nil)
        #expect(driver.stats.cutIdle == 0 && driver.stats.cutHeader == 0)
    }

    @Test func aKeptAliveConnectionCostsNoTimerPerRequest() {
        var driver = Driver()
        // Each response ends before the pending timer's deadline: no new timer is asked for.
        for second in 1...5 {
            #expect(driver.request(at: Double(second)) == .none)
            #expect(driver.responseEnd(at: Double(second) + 0.5) == .write)
        }
        #expect(driver.timer == Self.at(60))
        // The timer fires at 60 s, finds the connection idle since 5.5 s, and waits for the rest.
        #expect(driver.fire(at: 60) == .arm(Self.at(65.5)))
        #expect(driver.fire(at: 65.5) == .cut(.idle))
        #expect(driver.stats.cutIdle == 1)
    }

    @Test func aResponseEndArmsTheIdleTimerWhenNonePending() {
        var driver = Driver()
        #expect(driver.request(at: 1) == .none)
        #expect(driver.fire(at: 60) == .none)
        #expect(driver.responseEnd(at: 70) == .writeAndArm(Self.at(130)))
    }

    @Test func pipelinedRequestsGoIdleAfterTheLastResponse() {
        var driver = Driver()
        driver.machine.headRead()
        driver.machine.endRead()
        driver.machine.headRead()
        driver.machine.endRead()
        #expect(driver.readComplete(at: 1) == .none)
        #expect(driver.fire(at: 60) == .none)
        #expect(driver.responseEnd(at: 61) == .write)
        #expect(driver.responseEnd(at: 62) == .writeAndArm(Self.at(122)))
    }

    @Test func aResponseEndWithNothingOwedIsOnlyWritten() {
        var driver = Driver()
        #expect(driver.responseEnd(at: 1) == .write)
        #expect(driver.fire(at: 60) == .cut(.idle))
    }

    // MARK: Shutdown

    @Test func shutdownClosesAnIdleConnectionAtOnce() {
        var driver = Driver()
        #expect(driver.quiesce() == .close)
        #expect(driver.fire(at: 60) == .none)
        #expect(driver.stats.cutIdle == 0)
    }

    @Test func shutdownClosesAfterTheResponsesOwed() {
        var driver = Driver()
        #expect(driver.request(at: 1) == .none)
        #expect(driver.quiesce() == .none)
        #expect(driver.quiesce() == .none)
        #expect(driver.responseEnd(at: 2) == .writeFlushAndClose)
        #expect(driver.responseEnd(at: 3) == .write)
    }

    // MARK: Stalls

    @Test(arguments: [true, false])
    func aStalledConnectionClosesWhenTheClientLeavesOrTheServerStops(clientLeavesFirst: Bool) {
        var driver = Driver()
        #expect(driver.request(at: 1) == .none)
        #expect(driver.stall() == .none)
        #expect(driver.fire(at: 60) == .none)
        if clientLeavesFirst {
            #expect(driver.inputClosed() == .close)
        } else {
            #expect(driver.quiesce() == .close)
        }
    }

    @Test(arguments: [true, false])
    func aStallAfterTheClientLeftOrShutdownBeganClosesAtOnce(clientLeft: Bool) {
        var driver = Driver()
        #expect(driver.request(at: 1) == .none)
        #expect((clientLeft ? driver.inputClosed() : driver.quiesce()) == .none)
        #expect(driver.stall() == .close)
    }

    @Test func aClientThatClosesItsSideIsStillAnswered() {
        var driver = Driver()
        #expect(driver.request(at: 1) == .none)
        #expect(driver.inputClosed() == .none)
        #expect(driver.responseEnd(at: 2) == .write)
        #expect(driver.fire(at: 60) == .arm(Self.at(62)))
    }

    // MARK: 431

    @Test func anOversizedHeadIsRefusedAtOnceWhenNothingIsOwed() {
        var driver = Driver()
        #expect(driver.error(Self.overflow) == .countAndRefuse)
        #expect(driver.stats.headersTooLarge == 1)
        // The decoder's complaints about the bytes that follow are dropped; other errors pass.
        #expect(driver.error(Self.bytesAfterOverflow) == .drop)
        #expect(driver.error(Self.overflow) == .drop)
        #expect(driver.error(ChannelError.ioOnClosedChannel) == .forward)
        // No header clock for bytes of a refused request.
        #expect(driver.readComplete(at: 1) == .none)
        // Written: our side closes and the linger's second starts.
        #expect(driver.refusalWritten(at: 2) == .closeOutput(arm: Self.at(3)))
        #expect(driver.inputClosed() == .close)
        #expect(driver.inactive() == .countClosed)
        #expect(driver.stats == ConnectionStats(open: 0, accepted: 1, headersTooLarge: 1))
    }

    @Test func aLingerEndsAfterItsSecondWithoutACut() {
        var driver = Driver()
        #expect(driver.error(Self.overflow) == .countAndRefuse)
        #expect(driver.refusalWritten(at: 2) == .closeOutput(arm: Self.at(3)))
        #expect(driver.fire(at: 3) == .close)
        #expect(driver.stats.cutIdle == 0 && driver.stats.cutHeader == 0)
    }

    @Test func aLingerIsCutWhenTheHeadsClockRunsOutFirst() {
        var driver = Driver()
        #expect(driver.readComplete(at: 1) == .arm(Self.at(11)))
        #expect(driver.error(Self.overflow) == .countAndRefuse)
        // The 431 takes long to leave (a client that does not read): the head's clock still runs.
        #expect(driver.refusalWritten(at: 10.5) == .closeOutput(arm: nil))
        #expect(driver.fire(at: 11) == .cut(.header))
        #expect(driver.stats.cutHeader == 1)
    }

    @Test func aRefusalNeverWrittenIsCutByTheTimeoutOfItsPhase() {
        var driver = Driver()
        #expect(driver.error(Self.overflow) == .countAndRefuse)
        #expect(driver.fire(at: 60) == .cut(.idle))
        #expect(driver.refusalWritten(at: 61) == .none)
    }

    @Test func aRefusalToAClientThatLeftClosesAtOnce() {
        var driver = Driver()
        #expect(driver.error(Self.overflow) == .countAndRefuse)
        #expect(driver.inputClosed() == .none)
        #expect(driver.refusalWritten(at: 1) == .close)
    }

    @Test func shutdownEndsARefusalAtOnce() {
        var driver = Driver()
        #expect(driver.error(Self.overflow) == .countAndRefuse)
        #expect(driver.quiesce() == .close)
        #expect(driver.refusalWritten(at: 1) == .none)
    }

    @Test func anOversizedHeadWaitsForTheResponsesOwed() {
        var driver = Driver()
        driver.machine.headRead()
        driver.machine.endRead()
        driver.machine.headRead()
        driver.machine.endRead()
        #expect(driver.readComplete(at: 1) == .none)
        #expect(driver.error(Self.overflow) == .countRefusal)
        #expect(driver.stats.headersTooLarge == 1)
        #expect(driver.error(Self.bytesAfterOverflow) == .drop)
        #expect(driver.readComplete(at: 2) == .none)
        #expect(driver.responseEnd(at: 3) == .write)
        // Shutdown does not skip the 431: it follows the last response, then the connection closes.
        #expect(driver.quiesce() == .none)
        #expect(driver.responseEnd(at: 4) == .writeAndRefuse)
        // Busy when it overflowed: only the linger limits the refusal.
        #expect(driver.fire(at: 60) == .none)
        #expect(driver.refusalWritten(at: 5) == .closeOutput(arm: Self.at(6)))
        #expect(driver.fire(at: 6) == .close)
        #expect(driver.stats.headersTooLarge == 1 && driver.stats.cutIdle == 0)
    }

    @Test func decoderErrorsPassWhenNothingWasRefused() {
        var driver = Driver()
        #expect(driver.error(Self.bytesAfterOverflow) == .forward)
        #expect(driver.error(HTTPParserError.invalidMethod) == .forward)
        #expect(driver.stats.headersTooLarge == 0)
    }

    @Test func anOverflowOnAClosingConnectionIsNotAnswered() {
        var driver = Driver()
        #expect(driver.quiesce() == .close)
        #expect(driver.error(Self.overflow) == .drop)
        #expect(driver.stats.headersTooLarge == 0)
    }
}
