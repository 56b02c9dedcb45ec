import NIOCore

/// The responses and `Date` header of one event loop: each loop serves from copies of its own.
///
/// Every response handed out retains its body buffer and header storage, and releases them once
/// written. With one shared catalog, two event loops writing the same flag at once make those
/// reference counts bounce between the cores' caches (in profiles of 1,000 held connections,
/// `swift_retain` and `swift_release` were a fifth of the server's time). Per-loop copies (a
/// catalog is a few megabytes) keep each count on one core.
final class LoopResponses: Sendable {
    let catalog: FlagCatalog
    let dates = HTTPDateCache()

    init(_ catalog: FlagCatalog) {
        self.catalog = catalog
    }

    /// One ``LoopResponses`` per event loop of a group, found by the loop a request runs on.
    struct ByLoop: Sendable {
        /// The loops' identities, apart from the responses so that finding one retains nothing.
        private let loops: [ObjectIdentifier]
        private let responses: [LoopResponses]
        /// For a loop outside the group (none in practice).
        private let fallback: LoopResponses

        /// Copies the responses of `data` once per loop of `group`.
        init(data: FlagData, group: any EventLoopGroup, fallback: FlagCatalog) {
            var loops: [ObjectIdentifier] = []
            var responses: [LoopResponses] = []
            for loop in group.makeIterator() {
                loops.append(ObjectIdentifier(loop))
                responses.append(LoopResponses(FlagCatalog(data: data, copyingBodies: true)))
            }
            self.loops = loops
            self.responses = responses
            self.fallback = LoopResponses(fallback)
        }

        /// The responses of `loop`.
        func responses(for loop: any EventLoop) -> LoopResponses {
            let id = ObjectIdentifier(loop)
            for index in loops.indices where loops[index] == id {
                return responses[index]
            }
            return fallback
        }
    }
}
