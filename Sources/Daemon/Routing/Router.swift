import EcoprodProtocol
import NIOConcurrencyHelpers
import NIOCore
import SwiftProtobuf
import Synchronization

/// The one place every service registers, built-in or plugin: it resolves a
/// (service, method) pair to its descriptor and handler.
public final class Router: Sendable {
    /// A class: a connection caches its last route and hands it on per call for one retain.
    public final class Route: Sendable {
        public let descriptor: MethodDescriptor
        public let handler: MethodHandler
        /// The handler of an `.inline` method, out of its enum, for `answerInline`.
        private let inline: (@Sendable (CallContext, ByteBuffer) throws -> ByteBuffer)?

        init(descriptor: MethodDescriptor, handler: MethodHandler) {
            self.descriptor = descriptor
            self.handler = handler
            if case .inline(let run) = handler { inline = run } else { inline = nil }
        }

        var isInline: Bool { inline != nil }

        /// Runs an `.inline` handler. A method of the route, which holds the closure, so
        /// that the closure is called without being copied out: these are the calls
        /// answered most often.
        func answerInline(_ call: CallContext, _ payload: ByteBuffer) throws -> ByteBuffer {
            try inline!(call, payload)
        }
    }

    public enum Lookup: Sendable {
        case found(Route)
        case unknownService
        case unknownMethod
    }

    private let routes = NIOLockedValueBox<[String: [String: Route]]>([:])
    private let registrations = Atomic<UInt64>(0)

    public init() {}

    /// Adds a method. A (service, method) pair can only be registered once.
    public func register(_ descriptor: MethodDescriptor, handler: MethodHandler) throws {
        precondition(descriptor.kind == handler.kind, "\(descriptor.fullName): handler kind does not match descriptor")
        try routes.withLockedValue { routes in
            if let existing = routes[descriptor.service]?[descriptor.method] {
                throw RPCError(
                    .alreadyExists,
                    "\(descriptor.fullName) is already served by \(existing.descriptor.provider)"
                )
            }
            routes[descriptor.service, default: [:]][descriptor.method] = Route(descriptor: descriptor, handler: handler)
        }
        registrations.add(1, ordering: .releasing)
    }

    /// Changes whenever a method is registered, so callers may cache lookups until then.
    public var generation: UInt64 { registrations.load(ordering: .acquiring) }

    public func lookUp(service: String, method: String) -> Lookup {
        routes.withLockedValue { routes in
            guard let methods = routes[service] else { return .unknownService }
            guard let route = methods[method] else { return .unknownMethod }
            return .found(route)
        }
    }

    /// Who serves `service`, if anyone: a service belongs to one provider.
    public func provider(ofService service: String) -> String? {
        routes.withLockedValue { $0[service]?.values.first?.descriptor.provider }
    }

    /// Every registered method, sorted by service then method, for introspection.
    public var descriptors: [MethodDescriptor] {
        routes.withLockedValue { routes in
            routes.values.flatMap { $0.values.map(\.descriptor) }
        }.sorted { ($0.service, $0.method) < ($1.service, $1.method) }
    }
}

/// Typed registration: decoding, encoding and the descriptor's type names come from the messages.
extension Router {
    public func registerInline<Request: SwiftProtobuf.Message, Response: SwiftProtobuf.Message>(
        service: String, method: String, role: Role, provider: String = "builtin",
        _ handler: @escaping @Sendable (Request, CallContext) throws -> Response
    ) throws {
        try register(
            descriptor(service, method, Request.self, Response.self, .unary, role, false, provider),
            handler: .inline { context, payload in
                try ByteBuffer(message: handler(try payload.decodeRequest(Request.self), context))
            }
        )
    }

    /// As `registerInline`, for answers kept already encoded that do not depend on the
    /// request (Health, answered thousands of times a second by monitors, from two buffers
    /// made once). A request that is not empty is still decoded, to refuse a malformed one.
    public func registerInline<Request: SwiftProtobuf.Message, Response: SwiftProtobuf.Message>(
        service: String, method: String, role: Role, provider: String = "builtin", ignoring _: Request.Type,
        answering _: Response.Type, _ handler: @escaping @Sendable (CallContext) throws -> ByteBuffer
    ) throws {
        try register(
            descriptor(service, method, Request.self, Response.self, .unary, role, false, provider),
            handler: .inline { context, payload in
                if payload.readableBytes > 0 { _ = try payload.decodeRequest(Request.self) }
                return try handler(context)
            }
        )
    }

    public func registerUnary<Request: SwiftProtobuf.Message, Response: SwiftProtobuf.Message>(
        service: String, method: String, role: Role, mutating: Bool, provider: String = "builtin",
        _ handler: @escaping @Sendable (Request, CallContext) async throws -> Response
    ) throws {
        try register(
            descriptor(service, method, Request.self, Response.self, .unary, role, mutating, provider),
            handler: .unary { context, payload in
                try ByteBuffer(message: await handler(try payload.decodeRequest(Request.self), context))
            }
        )
    }

    public func registerServerStreaming<Request: SwiftProtobuf.Message, Response: SwiftProtobuf.Message>(
        service: String, method: String, role: Role, provider: String = "builtin",
        _ handler: @escaping @Sendable (Request, CallContext, TypedResponseStream<Response>) async throws -> Void
    ) throws {
        try register(
            descriptor(service, method, Request.self, Response.self, .serverStreaming, role, false, provider),
            handler: .serverStreaming { context, payload, writer in
                try await handler(try payload.decodeRequest(Request.self), context, TypedResponseStream(writer: writer))
            }
        )
    }

    public func registerClientStreaming<Request: SwiftProtobuf.Message, Response: SwiftProtobuf.Message>(
        service: String, method: String, role: Role, mutating: Bool, provider: String = "builtin",
        _ handler: @escaping @Sendable (AsyncThrowingMapSequence<RequestStream, Request>, CallContext) async throws -> Response
    ) throws {
        try register(
            descriptor(service, method, Request.self, Response.self, .clientStreaming, role, mutating, provider),
            handler: .clientStreaming { context, messages in
                let typed = messages.map { try $0.decodeRequest(Request.self) }
                return try ByteBuffer(message: await handler(typed, context))
            }
        )
    }

    private func descriptor<Request: SwiftProtobuf.Message, Response: SwiftProtobuf.Message>(
        _ service: String, _ method: String, _: Request.Type, _: Response.Type,
        _ kind: MethodKind, _ role: Role, _ mutating: Bool, _ provider: String
    ) -> MethodDescriptor {
        MethodDescriptor(
            service: service, method: method,
            requestType: Request.protoMessageName, responseType: Response.protoMessageName,
            kind: kind, role: role, mutating: mutating, provider: provider
        )
    }
}
