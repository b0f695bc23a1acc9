//! The file names of C libraries on each system: what `loopc` looks for at
//! compile time, what `loopc bundle` records for a stub's system, and what
//! a bundled program looks for when it starts.

/// An operating system, as far as the names of shared libraries go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Platform {
    /// Linux and other ELF systems: `libname.so`.
    Linux,
    /// macOS: `libname.dylib`.
    MacOs,
    /// Windows: `name.dll`.
    Windows,
}

/// The prefix library files often have (`libz.so` for `z`).
pub const LIBRARY_PREFIX: &str = "lib";

impl Platform {
    /// The platform this program was built for.
    pub const fn host() -> Platform {
        if cfg!(target_os = "windows") {
            Platform::Windows
        } else if cfg!(target_os = "macos") {
            Platform::MacOs
        } else {
            Platform::Linux
        }
    }

    /// The file extension of shared libraries, without the dot.
    pub const fn library_extension(self) -> &'static str {
        match self {
            Platform::Linux => "so",
            Platform::MacOs => "dylib",
            Platform::Windows => "dll",
        }
    }

    /// The file names a library imported as `name` may have, in the order
    /// tried: `name.so`, `libname.so`.
    pub fn library_file_names(self, name: &str) -> Vec<String> {
        library_file_names(name, self.library_extension())
    }
}

/// The file names a library called `name` may have with file extension
/// `extension` (without its dot; none if empty), in the order tried: the
/// name as it is, then with [`LIBRARY_PREFIX`].
pub fn library_file_names(name: &str, extension: &str) -> Vec<String> {
    let file = if extension.is_empty() {
        name.to_string()
    } else {
        format!("{name}.{extension}")
    };
    let prefixed = format!("{LIBRARY_PREFIX}{file}");
    vec![file, prefixed]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_platform_has_its_extension_and_names() {
        assert_eq!(Platform::Linux.library_file_names("z"), ["z.so", "libz.so"]);
        assert_eq!(
            Platform::MacOs.library_file_names("zip"),
            ["zip.dylib", "libzip.dylib"]
        );
        assert_eq!(
            Platform::Windows.library_file_names("m"),
            ["m.dll", "libm.dll"]
        );
        assert_eq!(library_file_names("m", ""), ["m", "libm"]);
    }

    #[test]
    fn this_build_is_for_its_host() {
        let extension = std::env::consts::DLL_EXTENSION;
        assert_eq!(Platform::host().library_extension(), extension);
    }
}
