@testable import EcoprodDaemon
import EcoprodProtocol
import NIOCore
import Testing

@Suite("Router")
struct RouterTests {
    @Test func duplicateRegistrationThrowsAlreadyExistsNamingTheProvider() throws {
        let router = Router()
        try router.registerInline(service: "a.v1.S", method: "M", role: .reader, provider: "plugin-one") {
            (_: TestRequest, _) in TestResponse()
        }
        let error = #expect(throws: RPCError.self) {
            try router.registerUnary(service: "a.v1.S", method: "M", role: .admin, mutating: true, provider: "plugin-two") {
                (_: TestRequest, _) in TestResponse()
            }
        }
        #expect(error?.code == .alreadyExists)
        #expect(error?.message == "/a.v1.S/M is already served by plugin-one")
        // The first registration stands.
        guard case .found(let route) = router.lookUp(service: "a.v1.S", method: "M") else {
            Issue.record("the original route is gone")
            return
        }
        #expect(route.descriptor.provider == "plugin-one")
        #expect(route.descriptor.role == .reader)
        #expect(router.descriptors.count == 1)
    }

    @Test func anAnswerThatIgnoresTheRequestStillRefusesAMalformedOne() throws {
        let router = Router()
        let answer = ByteBuffer(bytes: [0x08, 0x01])
        try router.registerInline(
            service: "a.v1.S", method: "M", role: .reader, ignoring: TestRequest.self, answering: TestResponse.self
        ) { _ in answer }
        guard case .found(let route) = router.lookUp(service: "a.v1.S", method: "M") else {
            Issue.record("the route is missing")
            return
        }
        let call = CallContext(method: route.descriptor, caller: Fixtures.user(), role: .reader, logger: Fixtures.logger)
        #expect(try route.answerInline(call, ByteBuffer()) == answer)
        #expect(try route.answerInline(call, ByteBuffer(message: Fixtures.request("label"))) == answer)
        let error = #expect(throws: RPCError.self) { try route.answerInline(call, ByteBuffer(bytes: [0x0A, 0x05, 0x61])) }
        #expect(error?.code == .invalidArgument)
        #expect(error?.message.hasPrefix("payload is not a valid \(TestRequest.protoMessageName)") == true)
    }

    @Test func sameMethodNameOnAnotherServiceIsFine() throws {
        let router = Router()
        for service in ["a.v1.S", "b.v1.S"] {
            try router.registerInline(service: service, method: "M", role: .reader) { (_: TestRequest, _) in TestResponse() }
        }
        #expect(router.descriptors.map(\.fullName) == ["/a.v1.S/M", "/b.v1.S/M"])
    }

    @Test func descriptorsAreSortedByServiceThenMethodAndDescribeEachMethod() throws {
        let router = Router()
        try router.registerUnary(service: "z.v1.Last", method: "Alpha", role: .admin, mutating: true, provider: "p") {
            (_: TestRequest, _) in TestResponse()
        }
        try router.registerInline(service: "a.v1.First", method: "Zulu", role: .reader) { (_: TestRequest, _) in TestResponse() }
        try router.registerServerStreaming(service: "a.v1.First", method: "Mike", role: .editor) {
            (_: TestRequest, _, _: TypedResponseStream<TestEvent>) in
        }
        try router.registerClientStreaming(service: "a.v1.First", method: "Bravo", role: .editor, mutating: true) {
            (_: AsyncThrowingMapSequence<RequestStream, TestRequest>, _) in TestResponse()
        }
        try router.registerInline(service: "m.v1.Middle", method: "Echo", role: .reader) { (_: TestRequest, _) in TestResponse() }

        let descriptors = router.descriptors
        #expect(descriptors.map(\.fullName) == [
            "/a.v1.First/Bravo", "/a.v1.First/Mike", "/a.v1.First/Zulu", "/m.v1.Middle/Echo", "/z.v1.Last/Alpha",
        ])
        #expect(descriptors[0] == MethodDescriptor(
            service: "a.v1.First", method: "Bravo",
            requestType: "ecoprod.daemon.v1.WatchRequest", responseType: "ecoprod.daemon.v1.ReloadResponse",
            kind: .clientStreaming, role: .editor, mutating: true, provider: "builtin"
        ))
        #expect(descriptors[1].kind == .serverStreaming)
        #expect(descriptors[1].responseType == "ecoprod.daemon.v1.Event")
        #expect(descriptors[1].mutating == false)
        #expect(descriptors[2].kind == .unary)
        #expect(descriptors[4].provider == "p")
        #expect(descriptors[4].mutating)
        #expect(descriptors[4].role == .admin)
    }

    @Test func lookUpDistinguishesUnknownServiceFromUnknownMethod() throws {
        let router = Router()
        try router.registerInline(service: "a.v1.S", method: "M", role: .reader) { (_: TestRequest, _) in TestResponse() }

        guard case .found(let route) = router.lookUp(service: "a.v1.S", method: "M") else {
            Issue.record("registered method not found")
            return
        }
        #expect(route.descriptor.fullName == "/a.v1.S/M")
        guard case .inline = route.handler else {
            Issue.record("expected an inline handler")
            return
        }
        guard case .unknownService = router.lookUp(service: "a.v1.T", method: "M") else {
            Issue.record("expected unknownService")
            return
        }
        guard case .unknownMethod = router.lookUp(service: "a.v1.S", method: "N") else {
            Issue.record("expected unknownMethod")
            return
        }
        guard case .unknownMethod = router.lookUp(service: "a.v1.S", method: "m") else {
            Issue.record("method names are case-sensitive")
            return
        }
    }

    @Test func concurrentRegistrationsAllLand() async throws {
        let router = Router()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<100 {
                group.addTask {
                    try router.registerInline(service: "s\(index % 7)", method: "m\(index)", role: .reader) {
                        (_: TestRequest, _) in TestResponse()
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(router.descriptors.count == 100)
    }

    @Test func typedInlineHandlerDecodesAndEncodes() throws {
        let router = Router()
        try router.registerInline(service: "a.v1.S", method: "M", role: .reader) { (request: TestRequest, call) in
            Fixtures.response(request.topics + [call.method.method])
        }
        guard case .found(let route) = router.lookUp(service: "a.v1.S", method: "M"), case .inline(let run) = route.handler else {
            Issue.record("expected an inline route")
            return
        }
        let call = CallContext(method: route.descriptor, caller: Fixtures.root, role: .admin, logger: Fixtures.logger)
        let output = try run(call, try ByteBuffer(message: Fixtures.request("x")))
        #expect(try output.decodeMessage(TestResponse.self) == Fixtures.response(["x", "M"]))
        let error = #expect(throws: RPCError.self) { try run(call, ByteBuffer(bytes: [0xFF])) }
        #expect(error?.code == .invalidArgument)
    }

    @Test func listServicesGroupsMethodsByService() throws {
        let router = Router()
        try router.registerInline(service: "b.v1.S", method: "One", role: .reader, provider: "plug") { (_: TestRequest, _) in TestResponse() }
        try router.registerServerStreaming(service: "a.v1.S", method: "Watch", role: .editor) {
            (_: TestRequest, _, _: TypedResponseStream<TestEvent>) in
        }
        try router.registerUnary(service: "a.v1.S", method: "Change", role: .admin, mutating: true) { (_: TestRequest, _) in TestResponse() }
        let listed = DaemonService.services(router.descriptors)
        #expect(listed.services.map(\.name) == ["a.v1.S", "b.v1.S"])
        #expect(listed.services[1].provider == "plug")
        let methods = listed.services[0].methods
        #expect(methods.map(\.name) == ["Change", "Watch"])
        #expect(methods[0].fullName == "/a.v1.S/Change")
        #expect(methods[0].mutating)
        #expect(methods[0].requiredRole == .admin)
        #expect(!methods[0].serverStreaming && !methods[0].clientStreaming)
        #expect(methods[1].serverStreaming)
        #expect(methods[1].requiredRole == .editor)
        #expect(methods[1].responseType == "ecoprod.daemon.v1.Event")
    }
}
