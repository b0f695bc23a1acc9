//! Which runner stub `loopc bundle` uses, and what `loopc --version` says
//! about it.

use std::path::{Path, PathBuf};

use loop_packer::StubInfo;

use crate::ffi::Platform;

/// The stub: `--stub`, else `LOOP_STUB`, else `loop-stub` next to loopc
/// (where `cargo install --path cli`, the release archives and
/// `cargo build` put it).
pub fn find_stub(explicit: Option<&Path>) -> Result<PathBuf, String> {
    if let Some(path) = explicit {
        return Ok(path.to_path_buf());
    }
    if let Some(path) = std::env::var_os("LOOP_STUB") {
        return Ok(PathBuf::from(path));
    }
    let beside = beside_loopc()?;
    if beside.is_file() {
        return Ok(beside);
    }
    Err(format!(
        "no runner stub found at {}; install loopc with its stub (`cargo install --path cli` \
         in loopc's source folder installs both), or name one with `--stub PATH` or the LOOP_STUB \
         environment variable",
        beside.display()
    ))
}

/// Whether the stub described by `info` runs the LuaJIT bytecode loopc
/// makes: it is for this platform and carries loopc's runtime and LuaJIT.
/// Bundles for it then start without parsing any Lua.
pub(super) fn takes_bytecode(info: &StubInfo) -> bool {
    info.architecture == std::env::consts::ARCH
        && info.platform() == Platform::host()
        && info.identity.runtime_id == loop_stub::runtime_id()
        && info.identity.luajit == loop_stub::luajit_version()
}

/// Refuses a stub that reads another payload format than loopc writes: the
/// bundle could not run.
pub(super) fn check_payload_format(info: &StubInfo, path: &Path) -> Result<(), String> {
    let (reads, writes) = (info.identity.payload_format, loop_packer::FORMAT_VERSION);
    if reads == writes {
        return Ok(());
    }
    let which = if reads < writes {
        "an older"
    } else {
        "a newer"
    };
    Err(format!(
        "{} cannot be used as a stub: it comes with {which} loopc (it reads payload format \
         {reads}, this loopc writes format {writes}); use the `loop-stub` that comes with this \
         loopc",
        path.display()
    ))
}

/// Where loopc looks for its stub by default.
fn beside_loopc() -> Result<PathBuf, String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot locate loopc itself: {e}"))?;
    Ok(exe.with_file_name(format!("loop-stub{}", std::env::consts::EXE_SUFFIX)))
}

/// What `loopc --version` prints after loopc's own version: the runtime
/// loopc compiles for, and the stub `loopc bundle` would use with its
/// runtime and platform, or why there is none.
pub fn describe_stub() -> String {
    let runtime = loop_stub::runtime_id();
    let mut text = format!("runtime {runtime} on {}\n", loop_stub::luajit_version());
    let path = match find_stub(None) {
        Ok(path) => path,
        Err(why) => {
            text.push_str(&format!("stub: none: {why}\n"));
            return text;
        }
    };
    let shown = path.canonicalize().unwrap_or_else(|_| path.clone());
    let about = match std::fs::read(&path) {
        Err(e) => format!("cannot be read: {e}"),
        Ok(bytes) => match loop_packer::inspect_stub(&bytes) {
            Err(e) => format!("cannot be used: {e}"),
            Ok(info) => {
                let platform = format!("{} {} {}", info.os, info.architecture, info.format);
                let id = &info.identity.runtime_id;
                if takes_bytecode(&info) {
                    format!("{platform}, runtime {id}: loopc's own, bundles carry bytecode")
                } else {
                    format!("{platform}, runtime {id}: bundles carry Lua source")
                }
            }
        },
    };
    text.push_str(&format!("stub: {} ({about})\n", shown.display()));
    text
}
