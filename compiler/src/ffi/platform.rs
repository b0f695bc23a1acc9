//! The platform rules for C libraries, in one table: where the system's
//! dynamic loader looks for shared libraries, and extra folders for
//! headers. Linux is tested here; macOS and Windows follow the same table.
//! The libraries' file names are the contract's, shared with the runtime.

/// An operating system, as far as shared libraries are concerned: its
/// library file names are the contract's ([`loop_contract::Platform`]),
/// shared with the runtime; its loader's search is here ([`rules`]).
///
/// Only 64-bit targets are supported, so the platform also fixes the size
/// of `long` (see [`super::CInt::bytes`]).
pub use loop_contract::Platform;

/// Where one platform's dynamic loader and C compiler look (see [`rules`]).
#[derive(Debug)]
pub struct PlatformRules {
    /// The dynamic loader's cache of installed libraries, if it has one.
    pub loader_cache: Option<&'static str>,
    /// The loader's configuration listing further folders, if any.
    pub loader_config: Option<&'static str>,
    /// The loader's default folders, searched after those of its cache.
    pub loader_folders: &'static [&'static str],
    /// Environment variables whose folders the loader searches too.
    pub loader_path_variables: &'static [&'static str],
    /// Header folders searched after the C compiler's own (where package
    /// managers put headers the compiler does not look in by default).
    pub include_folders: &'static [&'static str],
}

const LINUX: PlatformRules = PlatformRules {
    loader_cache: Some("/etc/ld.so.cache"),
    loader_config: Some("/etc/ld.so.conf"),
    loader_folders: &[
        "/lib/x86_64-linux-gnu",
        "/usr/lib/x86_64-linux-gnu",
        "/lib/aarch64-linux-gnu",
        "/usr/lib/aarch64-linux-gnu",
        "/lib64",
        "/usr/lib64",
        "/lib",
        "/usr/lib",
        "/usr/local/lib",
    ],
    loader_path_variables: &["LD_LIBRARY_PATH"],
    include_folders: &[],
};

const MACOS: PlatformRules = PlatformRules {
    loader_cache: None,
    loader_config: None,
    loader_folders: &[
        "/opt/homebrew/lib",
        "/usr/local/lib",
        "/opt/local/lib",
        "/usr/lib",
    ],
    loader_path_variables: &["DYLD_LIBRARY_PATH", "DYLD_FALLBACK_LIBRARY_PATH"],
    include_folders: &[
        "/opt/homebrew/include",
        "/usr/local/include",
        "/opt/local/include",
    ],
};

const WINDOWS: PlatformRules = PlatformRules {
    loader_cache: None,
    loader_config: None,
    loader_folders: &["C:\\Windows\\System32"],
    loader_path_variables: &["PATH"],
    include_folders: &[],
};

/// The rules of `platform`.
pub fn rules(platform: Platform) -> &'static PlatformRules {
    match platform {
        Platform::Linux => &LINUX,
        Platform::MacOs => &MACOS,
        Platform::Windows => &WINDOWS,
    }
}
