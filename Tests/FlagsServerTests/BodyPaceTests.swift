import FlagsServer
import Testing

@testable import FlagsServer

/// `slow:N` is N bytes a second, `slow:1` included: the pieces and pauses the server plans.
@Suite struct BodyPaceTests {
    @Test func oneByteASecondIsOneByteEverySecond() {
        let (sizes, pause) = BodyPace.bytesPerSecond(1).pieces(of: 5)
        #expect(sizes == [1, 1, 1, 1, 1])
        #expect(pause == .seconds(1))
        // Before the fix: one byte every 100 ms, ten times the rate asked for.
    }

    @Test(arguments: [1, 2, 5, 9, 10, 15, 99, 100, 1000, 8192, 65_536, 1_000_000_000])
    func theRateIsTheBytesOfAPieceOverItsPause(rate: Int) throws {
        let length = 20_000
        let (sizes, pause) = BodyPace.bytesPerSecond(rate).pieces(of: length)
        #expect(sizes.reduce(0, +) == length)
        // Pieces of a tenth of a second's worth (one byte at least); the last may be shorter.
        let size = max(1, rate / 10)
        #expect(sizes.dropLast().allSatisfy { $0 == size })
        #expect(try #require(sizes.last) <= size)
        // size / pause = rate, to the nanosecond the pause is rounded to.
        let achieved = Double(size) / (Double(pause.nanoseconds) / 1e9)
        #expect(abs(achieved - Double(rate)) / Double(rate) < 1e-6, "\(achieved) for \(rate)")
    }

    @Test func theTextFormReadsBackTheRate() throws {
        #expect(try FaultRule.fault(parsing: "slow:1") == .slowBody(.bytesPerSecond(1)))
        #expect(FaultRule.faultText(.slowBody(.bytesPerSecond(1))) == "slow:1")
    }
}
