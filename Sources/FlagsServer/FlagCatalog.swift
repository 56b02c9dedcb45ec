import Hummingbird
import NIOCore

/// Every response the server can send, prepared from ``FlagData`` when it starts.
struct FlagCatalog: Sendable {
    /// One slot per possible code (`aa` … `zz`), each with one response per resource.
    private let flags: [[PreparedResponse?]]

    /// `404 Not Found`.
    let notFound = PreparedResponse(status: .notFound)
    /// `405 Method Not Allowed`, for anything but `GET` and `HEAD` on a flag's file.
    let methodNotAllowed = PreparedResponse(status: .methodNotAllowed, extraHeaders: [.allow: "GET, HEAD"])
    /// `418 I'm a teapot`, the ERROR profile's failure.
    let teapot = PreparedResponse(status: .init(code: 418, reasonPhrase: "I'm a teapot"))

    init(data: FlagData) {
        var flags = [[PreparedResponse?]](
            repeating: [PreparedResponse?](repeating: nil, count: FlagResource.allCases.count),
            count: FlagRoute.codeCount
        )
        for (code, files) in data.files {
            guard let route = FlagRoute(path: "/flags/\(code)/metadata.json") else { continue }
            for (resource, body) in files {
                flags[route.codeIndex][resource.ordinal] = PreparedResponse(
                    status: .ok,
                    contentType: resource.contentType,
                    body: body
                )
            }
        }
        self.flags = flags
    }

    /// The file `route` names, or `nil` if the data does not have it.
    func file(_ route: FlagRoute) -> PreparedResponse? {
        flags[route.codeIndex][route.resource.ordinal]
    }
}
