//! The platform rules for C libraries, in one table: file names and
//! extensions of shared libraries, where the system's dynamic loader looks
//! for them, and extra folders for headers. Linux is tested here; macOS
//! and Windows follow the same table.

/// An operating system, as far as shared libraries are concerned.
///
/// Only 64-bit targets are supported, so the platform also fixes the size
/// of `long` (see [`super::CInt::bytes`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Platform {
    /// Linux and other ELF systems: `libname.so`.
    Linux,
    /// macOS: `libname.dylib`.
    MacOs,
    /// Windows: `name.dll`.
    Windows,
}

/// The rules of one platform (see [`Platform::rules`]).
#[derive(Debug)]
pub struct PlatformRules {
    /// The file extension of shared libraries, without the dot.
    pub extension: &'static str,
    /// How a bare library name `NAME` becomes file names, in the order
    /// tried: `{}` stands for `NAME.ext`.
    pub file_names: &'static [&'static str],
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
    extension: "so",
    file_names: &["{}", "lib{}"],
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
    extension: "dylib",
    file_names: &["{}", "lib{}"],
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
    extension: "dll",
    file_names: &["{}", "lib{}"],
    loader_cache: None,
    loader_config: None,
    loader_folders: &["C:\\Windows\\System32"],
    loader_path_variables: &["PATH"],
    include_folders: &[],
};

impl Platform {
    /// The platform the compiler itself runs on.
    pub fn host() -> Platform {
        if cfg!(target_os = "windows") {
            Platform::Windows
        } else if cfg!(target_os = "macos") {
            Platform::MacOs
        } else {
            Platform::Linux
        }
    }

    /// This platform's rules.
    pub fn rules(self) -> &'static PlatformRules {
        match self {
            Platform::Linux => &LINUX,
            Platform::MacOs => &MACOS,
            Platform::Windows => &WINDOWS,
        }
    }

    /// The file extension of shared libraries, without the dot.
    pub fn library_extension(self) -> &'static str {
        self.rules().extension
    }

    /// The file names a library imported as `name` may have, in the order
    /// tried: `name.so`, `libname.so`.
    pub fn library_file_names(self, name: &str) -> Vec<String> {
        let rules = self.rules();
        rules
            .file_names
            .iter()
            .map(|pattern| pattern.replace("{}", &format!("{name}.{}", rules.extension)))
            .collect()
    }

    /// Header folders searched after the C compiler's own.
    pub fn extra_include_folders(self) -> &'static [&'static str] {
        self.rules().include_folders
    }
}
