import EcoprodProtocol
import NIOCore
import SwiftProtobuf

/// A unary call a built-in service makes to another method — another domain, a plugin —
/// as its own caller, through the router like a plugin's call: the callee checks the
/// caller's role and sees the caller's deadline.
extension Router {
    func call<Request: Message, Response: Message>(
        _ method: String, _ request: Request, as response: Response.Type = Response.self, for call: CallContext, via domain: String
    ) async throws -> Response {
        let payload = ByteBuffer(bytes: try request.serializedBytes() as [UInt8])
        let caller = LocalCaller(identity: call.caller, role: call.role, deadline: call.deadline, viaPlugin: domain, logger: call.logger)
        let answer = await withCheckedContinuation { (answered: CheckedContinuation<Result<ByteBuffer, RPCError>, Never>) in
            self.call(method, payload: payload, as: caller, observer: LocalCallObserver(message: nil, end: { answered.resume(returning: $0) }))
        }
        return try Response(serializedBytes: Array(buffer: try answer.get()))
    }
}
