/// Why a score or a plan cannot be given; the plugin answers with the matching status.
public struct ScoringError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: Sendable, Equatable {
        case invalidArgument
        case notFound
        case failedPrecondition
        case resourceExhausted
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
