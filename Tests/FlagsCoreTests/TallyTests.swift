import Testing

@testable import FlagsCore

@Suite struct TallyTests {
    @Test func everyOutcomeLandsInExactlyOneBucket() {
        var tally = Tally(requested: 6)
        let outcomes: [Outcome] = [
            .ok, .notFound, .failed(Failure(.httpStatus(418), "teapot")), .failed(Failure(.timeout, "slow")),
            .failed(Failure(.httpStatus(418), "teapot")), .cancelled,
        ]
        for (index, outcome) in outcomes.enumerated() {
            tally.record(FlagResult(code: "C\(index)", outcome: outcome, attempts: 2, url: "u"))
        }
        #expect(tally.ok == 1)
        #expect(tally.notFound == 1)
        #expect(tally.errors == 3)
        #expect(tally.errorsByKind == [.httpStatus(418): 2, .timeout: 1])
        #expect(tally.cancelled == 1)
        #expect(tally.attempts == 12)
        #expect(tally.failedCodes.map(\.code) == ["C2", "C3", "C4"])
        #expect(tally.isBalanced)
    }

    @Test func aMissingResultUnbalancesTheTally() {
        var tally = Tally(requested: 2)
        tally.record(FlagResult(code: "BR", outcome: .ok, attempts: 1, url: "u"))
        #expect(!tally.isBalanced)
        #expect(tally.accounted == 1)
    }

    @Test(arguments: [
        (FailureKind.timeout, true), (.reset, true), (.truncated, true), (.httpStatus(429), true),
        (.httpStatus(500), true), (.httpStatus(502), true), (.httpStatus(503), true),
        (.httpStatus(504), true),
        (.httpStatus(404), false), (.httpStatus(418), false), (.httpStatus(400), false),
        (.httpStatus(501), false),
        (.refused, false), (.tooLarge, false), (.corrupt, false), (.saveFailed, false),
    ])
    func onlyTransientFailuresAreRetried(kind: FailureKind, transient: Bool) {
        #expect(kind.isTransient == transient)
    }
}

@Suite struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
    ])
    func matchesThePublishedTestVectors(message: String, digest: String) {
        #expect(CPUWork.run(rounds: 1, over: Array(message.utf8)) == digest)
    }

    @Test func eachRoundDependsOnThePrevious() {
        let image: [UInt8] = Array("flag".utf8)
        let once = CPUWork.run(rounds: 1, over: image)
        #expect(CPUWork.run(rounds: 2, over: image) != once)
        #expect(CPUWork.run(rounds: 3, over: image) == CPUWork.run(rounds: 3, over: image))
    }
}
