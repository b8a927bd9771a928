import ArgumentParser
import EcoprodClient
import EcoprodProtocol
import Foundation
import NIOCore

/// Calls any method the daemon serves, built-in or plugin, mapping JSON to protobuf
/// and back through the descriptors the daemon publishes (as grpcurl does).
struct CallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "call",
        abstract: "Call any method with a JSON request, e.g. call ecoprod.daemon.v1.Daemon/Info --data '{}'.",
        discussion: """
        The request is the method's input message in the proto3 JSON mapping; a client-streaming \
        method takes a JSON array of messages. Each response message is printed as JSON; a \
        server-streaming method prints one message per line with --output json.
        """
    )
    @OptionGroup var global: GlobalOptions

    @Argument(help: "SERVICE/METHOD, e.g. ecoprod.daemon.v1.Daemon/Health.")
    var method: String

    @Option(help: "The request as JSON, @FILE to read it from a file, or - for standard input.")
    var data: String = "{}"

    @Flag(name: .customLong("emit-defaults"), help: "Print fields at their default values too.")
    var emitDefaults = false

    func run() throws {
        try reportingFailures {
            let connection = try global.connect()
            let descriptors: Ecoprod_Daemon_V1_GetDescriptorsResponse = try connection.call(
                "ecoprod.daemon.v1.Daemon", "GetDescriptors", Ecoprod_Daemon_V1_GetDescriptorsRequest()
            )
            let transcoder: JSONTranscoder
            let target: EcoprodClient.MethodDescriptor
            let json: [UInt8]
            do {
                transcoder = JSONTranscoder(pool: try DescriptorPool(fileDescriptorSet: descriptors.descriptorSet))
                target = try transcoder.pool.method(method)
                json = try readData()
            } catch {
                printError("\(error)")
                throw ExitCode(64)
            }
            let input = target.inputType.fullName
            let output = target.outputType.fullName
            let print: (ByteBuffer) throws -> Void = { payload in
                emitLine(try transcoder.decode(
                    bytes: payload.readableBytesView, messageType: output, emitDefaults: emitDefaults,
                    pretty: !(global.output == .json && target.serverStreaming)
                ))
            }
            do {
                if target.clientStreaming {
                    let messages = try transcoder.encodeArray(json: json, messageType: input).map { ByteBuffer(bytes: $0) }
                    try print(connection.clientStream(service: target.serviceName, method: target.name, messages: messages))
                } else {
                    let request = ByteBuffer(bytes: try transcoder.encode(json: json, messageType: input))
                    if target.serverStreaming {
                        connection.timeout = nil
                        try connection.serverStream(service: target.serviceName, method: target.name, payload: request) {
                            try print($0)
                            return true
                        }
                    } else {
                        try print(connection.unary(service: target.serviceName, method: target.name, payload: request))
                    }
                }
            } catch let error as TranscodingError {
                printError("--data: \(error)")
                throw ExitCode(65)
            }
        }
    }

    private func readData() throws -> [UInt8] {
        if data == "-" { return Array(FileHandle.standardInput.readDataToEndOfFile()) }
        if data.hasPrefix("@") {
            let path = String(data.dropFirst())
            guard let contents = FileManager.default.contents(atPath: path) else {
                throw ValidationError("cannot read \(path)")
            }
            return Array(contents)
        }
        return Array(data.utf8)
    }
}
