import Testing

@testable import FlagsCore

/// Beyond the workers libdispatch surely grants, the pool waits for one more as long as the pace
/// this machine has shown asks for, not a constant.
@Suite struct PoolSizingTests {
    @Test(arguments: [
        // (grace asked, slowest arrival so far, wait for one more)
        (Duration.milliseconds(150), Duration.milliseconds(10), Duration.milliseconds(150)),
        (.milliseconds(150), .milliseconds(100), .milliseconds(400)),
        (.milliseconds(150), .seconds(8), .seconds(10)),
        (.seconds(30), .milliseconds(100), .seconds(30)),
        (.seconds(Int64.max), .zero, .seconds(60)),
        (.seconds(-1), .zero, .zero),
    ])
    func theWaitForOneMoreWorkerFollowsThePaceShown(grace: Duration, slowest: Duration, wait: Duration) {
        #expect(Admission.patience(grace: grace, slowestArrival: slowest) == wait)
    }
}
