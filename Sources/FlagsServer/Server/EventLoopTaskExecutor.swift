import NIOCore

/// Runs a task's jobs on one NIO event loop: the thread that reads and writes its connection.
///
/// Each connection's task prefers the executor of its own channel's event loop, so a request goes
/// from the socket through the responder and back without hopping to Swift's cooperative pool
/// and back again (two thread switches saved per request). The responder never blocks, so it
/// never holds up the loop; `Task.sleep` resumes here through the same queue.
final class EventLoopTaskExecutor: TaskExecutor {
    private let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute {
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }
}
