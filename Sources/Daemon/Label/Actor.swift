import EcoprodAPI
import Foundation
import Glibc
import SwiftProtobuf

extension Ecoprod_Label_V1_Actor {
    /// Who is making a change: the socket peer's credentials, never anything the request says.
    init(_ call: CallContext) {
        self.init()
        uid = call.caller.uid
        pid = UInt32(bitPattern: call.caller.pid)
        user = Self.userName(uid: call.caller.uid)
        role = call.role.description
        viaPlugin = call.viaPlugin ?? ""
    }

    private static func userName(uid: UInt32) -> String {
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var scratch = [CChar](repeating: 0, count: 1024)
        guard getpwuid_r(uid, &entry, &scratch, scratch.count, &result) == 0, result != nil else { return "" }
        return String(cString: entry.pw_name)
    }
}

extension Google_Protobuf_Timestamp {
    init(unixSeconds: Double) { self.init(date: Date(timeIntervalSince1970: unixSeconds)) }
}
