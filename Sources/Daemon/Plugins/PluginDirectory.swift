import CSystemSupport
import Glibc

/// The plugin directory and the checks that stand between a file in it and dlopen():
/// dlopen runs a file's constructors before anything else can look at it, so only
/// files that root or the daemon's own user could have written are loaded
/// (docs/PLUGIN_ABI.md section 3).
struct PluginDirectory: ~Copyable {
    let path: String
    private let fd: CInt
    /// The uid besides root that may own plugins: the daemon's own.
    private let trustedOwner: uid_t
    /// Why no file in the directory may be loaded, when the directory itself is not
    /// safe: whoever can write to it can plant a plugin.
    private(set) var distrust: String?

    /// Opens `path`; nil when it does not exist.
    init?(path: String, trustedOwner: uid_t = geteuid()) throws(PluginRefusal) {
        self.path = path
        self.trustedOwner = trustedOwner
        fd = open(path, Int32(ECOPROD_O_PATH) | O_DIRECTORY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw PluginRefusal("cannot open plugin directory \(path): \(String(cString: strerror(errno)))")
        }
        var status = stat()
        if fstat(fd, &status) != 0 {
            distrust = "cannot stat plugin directory \(path): \(String(cString: strerror(errno)))"
        } else {
            distrust = Self.distrust(status, "plugin directory \(path)", trustedOwner: trustedOwner)
        }
    }

    deinit { close(fd) }

    /// Names ending in ".so" exactly and not hidden, in byte order, so that the first
    /// of two files claiming one id or method is the same at every start.
    func candidates() throws(PluginRefusal) -> [String] {
        let listing = openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard listing >= 0, let stream = fdopendir(listing) else {
            throw PluginRefusal("cannot list plugin directory \(path): \(String(cString: strerror(errno)))")
        }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name.hasSuffix(".so"), name.count > 3, !name.hasPrefix(".") { names.append(name) }
        }
        return names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// Opens `name` beneath the directory, checks the very inode that will be loaded,
    /// and loads it through its descriptor, so a rename in between changes nothing.
    /// The descriptor stays open for good, like the code: glibc knows a loaded object
    /// by its path, and a reused "/proc/self/fd/N" would hand back an earlier plugin.
    func load(_ name: String) throws(PluginRefusal) -> UnsafeMutableRawPointer {
        if let distrust { throw PluginRefusal(distrust) }
        let file = ecoprod_openat_beneath(fd, name, UInt64(Int32(ECOPROD_O_PATH) | O_CLOEXEC))
        guard file >= 0 else {
            if errno == ENOSYS {
                throw PluginRefusal("cannot open \(name) safely: this kernel lacks openat2(2) (Linux 5.6 or later is needed)")
            }
            if errno == EXDEV || errno == ELOOP {
                throw PluginRefusal("\(name) leads outside the plugin directory (a symlink out of \(path) is not followed)")
            }
            throw PluginRefusal("cannot open \(name): \(String(cString: strerror(errno)))")
        }
        var status = stat()
        guard fstat(file, &status) == 0 else {
            defer { close(file) }
            throw PluginRefusal("cannot stat \(name): \(String(cString: strerror(errno)))")
        }
        if let distrust = Self.checkFile(status, name, trustedOwner: trustedOwner) {
            close(file)
            throw PluginRefusal(distrust)
        }
        guard let handle = dlopen("/proc/self/fd/\(file)", RTLD_NOW | RTLD_LOCAL) else {
            let reason = dlerror().map { String(cString: $0) } ?? "unknown error"
            close(file)
            throw PluginRefusal("dlopen: \(reason)")
        }
        return handle
    }

    private static func checkFile(_ status: stat, _ name: String, trustedOwner: uid_t) -> String? {
        guard status.st_mode & S_IFMT == S_IFREG else { return "\(name) is not a regular file" }
        return distrust(status, name, trustedOwner: trustedOwner)
    }

    /// Why a file or directory with this status may not be trusted, or nil.
    private static func distrust(_ status: stat, _ what: String, trustedOwner: uid_t) -> String? {
        if status.st_uid != 0, status.st_uid != trustedOwner {
            return "\(what) is owned by uid \(status.st_uid), not by root or the daemon's user (uid \(trustedOwner))"
        }
        if status.st_mode & (S_IWGRP | S_IWOTH) != 0 {
            return "\(what) is writable by group or others (mode \(String(status.st_mode & 0o7777, radix: 8))); plugins must be writable only by their owner"
        }
        return nil
    }
}
