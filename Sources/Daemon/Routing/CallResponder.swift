import EcoprodProtocol
import NIOCore
import Synchronization

/// Where a `.callback` handler answers its call: exactly once, from any thread, while
/// the handler runs or later. It is how handlers outside Swift concurrency — plugins
/// behind the C ABI — answer, and it lets a call that answers at once skip all the
/// bookkeeping of one that answers later.
public final class CallResponder: Sendable {
    public enum SendOutcome: Sendable, Equatable {
        case sent
        /// The caller is behind and the sender asked not to wait; nothing was sent.
        case wouldBlock
        /// The call already ended for the caller with this status.
        case ended(StatusCode)
        case tooLarge
        /// The method is unary.
        case notStreaming
    }

    /// Where answers and stream messages go; the dispatcher of the call provides it.
    struct Destination: Sendable {
        /// The final answer: called at most once, never under the responder's lock.
        var answer: @Sendable (Result<ByteBuffer, any Error>) -> Void
        /// One server-stream message, nil for a unary call; `mayWait` lets it block for
        /// flow control.
        var send: (@Sendable (_ message: ByteBuffer, _ mayWait: Bool) -> SendOutcome)?
    }

    private enum State {
        /// The handler has not returned yet: an answer is kept for the dispatcher.
        case inHandler(answer: Result<ByteBuffer, any Error>?)
        case forwarding
        case ended(StatusCode)
        case answered
    }

    private let state = Mutex<State>(.inHandler(answer: nil))
    private let destination: Destination

    init(destination: Destination) {
        self.destination = destination
    }

    /// Ends the call. A second answer, or one after the call ended, is dropped.
    public func answer(_ result: Result<ByteBuffer, any Error>) {
        let forward = state.withLock { state -> Bool in
            switch state {
            case .inHandler(nil):
                state = .inHandler(answer: result)
                return false
            case .forwarding:
                state = .answered
                return true
            case .inHandler, .ended, .answered:
                state = .answered
                return false
            }
        }
        if forward { destination.answer(result) }
    }

    /// Sends one message of a server stream.
    public func send(_ message: ByteBuffer, mayWait: Bool) -> SendOutcome {
        guard let send = destination.send else { return .notStreaming }
        if case .ended(let code) = state.withLock({ $0 }) { return .ended(code) }
        guard message.readableBytes <= FrameHeader.maximumPayloadLength else { return .tooLarge }
        return send(message, mayWait)
    }

    /// nil while an answer still reaches the caller; otherwise how the call ended for it.
    public var endedStatus: StatusCode? {
        if case .ended(let code) = state.withLock({ $0 }) { return code }
        return nil
    }

    /// Called by the dispatcher once the handler returned: the answer given meanwhile,
    /// which the dispatcher delivers itself, or nil, after which answers are forwarded.
    func handlerReturned() -> Result<ByteBuffer, any Error>? {
        state.withLock { state in
            switch state {
            case .inHandler(let answer?):
                state = .answered
                return answer
            case .inHandler(nil):
                state = .forwarding
                return nil
            case .forwarding, .ended, .answered:
                return nil
            }
        }
    }

    /// The dispatcher ended the call (deadline, disconnection, stop): later answers are
    /// dropped and `endedStatus` tells the handler. False if it had already answered.
    @discardableResult
    func end(_ code: StatusCode) -> Bool {
        state.withLock { state in
            switch state {
            case .answered, .ended: return false
            case .inHandler, .forwarding:
                state = .ended(code)
                return true
            }
        }
    }

    /// Ends the call for the handler with `code` and answers the caller with `answer`
    /// instead: how a stopping daemon closes a stream cleanly.
    func end(_ code: StatusCode, answering answer: Result<ByteBuffer, any Error>) {
        let forward = state.withLock { state -> Bool in
            guard case .forwarding = state else { return false }
            state = .ended(code)
            return true
        }
        if forward { destination.answer(answer) }
    }
}
