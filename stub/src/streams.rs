//! The process's standard streams as Loop programs see them: prepared
//! before anything else opens a file, written, flushed and read through
//! native functions the runtime prelude receives, and what a failed write
//! of standard output means for the exit.
//!
//! The functions work on the C `FILE`s of LuaJIT's `io` library (C's
//! buffered `stdout` and `stdin`), so output from C libraries and any use of
//! `io` stay in order with them.

use std::ffi::{CStr, c_int};

use mlua::ffi;

/// The exit status after standard output turned out to be a pipe whose
/// reader has gone: what a shell reports for a C program killed by
/// `SIGPIPE` (128 + 13), without a message, as such a program leaves.
pub const BROKEN_PIPE_STATUS: i32 = 141;

/// Prepares the standard streams of a process that will run a Loop
/// program; call first thing in `main`, before any file is opened.
///
/// - `SIGPIPE` is ignored, so a write to a closed pipe fails with `EPIPE`
///   instead of killing the process: the program (or `loopc`) sees it, and
///   a write to the pipe of a child process cannot kill the parent.
/// - A standard stream that was closed when the process started (`>&-`) is
///   held open on `/dev/null` the wrong way round (stdout and stderr read
///   only, stdin write only), so that a file opened later cannot take its
///   number and receive the program's output, while every write to it (or
///   read from it) still fails with "Bad file descriptor", as it would
///   closed. Rust's own start-up would open `/dev/null` read-write there,
///   turning lost output into silent success.
pub fn prepare_standard_streams() {
    #[cfg(unix)]
    // SAFETY: called before any thread starts; SIG_IGN is a valid handler,
    // and the calls below only inspect and open file descriptors 0 to 2.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_IGN);
        for (fd, mode) in [
            (libc::STDIN_FILENO, libc::O_WRONLY),
            (libc::STDOUT_FILENO, libc::O_RDONLY),
            (libc::STDERR_FILENO, libc::O_RDONLY),
        ] {
            if libc::fcntl(fd, libc::F_GETFD) != -1 {
                continue;
            }
            // The lowest free descriptor is `fd` itself, as the ones below
            // it are open (or were just filled in, in this order).
            let placeholder = libc::open(c"/dev/null".as_ptr(), mode);
            if placeholder >= 0 && placeholder != fd {
                libc::dup2(placeholder, fd);
                libc::close(placeholder);
            }
        }
    }
}

/// Whether standard output is a terminal (which C's stdio flushes at
/// each line end).
pub(crate) fn stdout_is_terminal() -> bool {
    std::io::IsTerminal::is_terminal(&std::io::stdout())
}

/// A write or flush of standard output that failed: the C library's
/// message for it and its `errno`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct OutputError {
    pub message: String,
    pub errno: i32,
}

impl OutputError {
    /// Whether the reader of the pipe that is standard output has gone.
    pub(crate) fn is_broken_pipe(&self) -> bool {
        std::io::Error::from_raw_os_error(self.errno).kind() == std::io::ErrorKind::BrokenPipe
    }
}

/// `write(file, ...)`, a Lua function the runtime prelude writes standard
/// output with: writes each string argument to `file` (`io.stdout`);
/// returns nothing, or the C library's message and `errno` when a write
/// fails.
///
/// LuaJIT's own `io.write` cannot be used: compiled into a trace, a failed
/// write leaves the trace at a snapshot taken before the call, and the
/// interpreter writes again, into the buffer that C's stdio emptied when
/// its flush failed, and succeeds: the failure was lost. A C function is
/// called once, outside any trace.
///
/// # Safety
/// Called by Lua with a valid state.
pub(crate) unsafe extern "C-unwind" fn write(state: *mut ffi::lua_State) -> c_int {
    // SAFETY: as in `read_line`; each argument is read as a string (numbers
    // are converted in place), which stays valid while it is on the stack.
    unsafe {
        let Some(file) = file_at(state, 1) else {
            return failure(state, libc::EBADF);
        };
        for arg in 2..=ffi::lua_gettop(state) {
            let mut len = 0;
            let text = ffi::lua_tolstring(state, arg, &mut len);
            if !text.is_null() && libc::fwrite(text.cast(), 1, len, file) != len {
                let errno = std::io::Error::last_os_error().raw_os_error().unwrap_or(0);
                return failure(state, errno);
            }
        }
        0
    }
}

/// `flush(file)`, a Lua function the runtime prelude flushes standard
/// output with: returns nothing, or the C library's message and `errno`
/// (for the same reason as [`write`], not LuaJIT's `file:flush()`).
///
/// # Safety
/// Called by Lua with a valid state.
pub(crate) unsafe extern "C-unwind" fn flush(state: *mut ffi::lua_State) -> c_int {
    // SAFETY: as in `write`.
    unsafe {
        match file_at(state, 1) {
            Some(file) if libc::fflush(file) == 0 => 0,
            Some(_) => failure(
                state,
                std::io::Error::last_os_error().raw_os_error().unwrap_or(0),
            ),
            None => failure(state, libc::EBADF),
        }
    }
}

/// `read_line(file)`, a Lua function the runtime prelude reads standard
/// input with (`file` is `io.stdin`): the next line of `file` without its line ending
/// (`\n`, or `\r\n`), every other byte kept (NUL included), or nothing at
/// the end of the input, or `nil` and the C library's message when reading
/// fails (a directory, a closed descriptor).
///
/// LuaJIT's own `io.read("*l")` measures lines with `strlen`, so a NUL byte
/// cut a line short. This reads the same C `FILE` as LuaJIT's `io` library,
/// so the two never disagree about what has been read.
///
/// # Safety
/// Called by Lua with a valid state.
pub(crate) unsafe extern "C-unwind" fn read_line(state: *mut ffi::lua_State) -> c_int {
    // SAFETY: Lua passes a valid state.
    let line = match unsafe { file_at(state, 1) } {
        // SAFETY: an open C `FILE`.
        Some(file) => unsafe { next_line(file) },
        None => Err(libc::EBADF),
    };
    // SAFETY: pushing values onto the Lua stack of a C function, which has
    // room for LUA_MINSTACK of them.
    unsafe {
        match line {
            Ok(Some(mut line)) => {
                if line.last() == Some(&b'\n') {
                    line.pop();
                    if line.last() == Some(&b'\r') {
                        line.pop();
                    }
                }
                ffi::lua_pushlstring(state, line.as_ptr().cast(), line.len());
                1
            }
            Ok(None) => 0,
            Err(errno) => {
                ffi::lua_pushnil(state);
                failure(state, errno) + 1
            }
        }
    }
}

/// The open C `FILE` of the LuaJIT file object at `slot`, if it is one.
///
/// # Safety
/// `state` must be valid. A LuaJIT file object is a userdata whose first
/// field is the `FILE*` (`IOFileUD`), as in Lua 5.1 (`FILE**`); a closed
/// one holds NULL there. Only the prelude calls these functions, with
/// `io.stdin` and `io.stdout`.
unsafe fn file_at(state: *mut ffi::lua_State, slot: c_int) -> Option<*mut libc::FILE> {
    // SAFETY: see above.
    unsafe {
        let data = ffi::lua_touserdata(state, slot).cast::<*mut libc::FILE>();
        if data.is_null() || (*data).is_null() {
            None
        } else {
            Some(*data)
        }
    }
}

/// Pushes the C library's message for `errno` and `errno` itself; gives
/// the number of values pushed.
///
/// # Safety
/// `state` must be valid, with room for two values.
unsafe fn failure(state: *mut ffi::lua_State, errno: c_int) -> c_int {
    // SAFETY: `strerror` gives a NUL-terminated message, copied by Lua.
    unsafe {
        let message = CStr::from_ptr(libc::strerror(errno));
        ffi::lua_pushstring(state, message.as_ptr());
        ffi::lua_pushinteger(state, ffi::lua_Integer::from(errno));
    }
    2
}

/// The next line of `file` with its `\n` if it has one, `None` at the end
/// of the input, or the `errno` of a failed read.
///
/// # Safety
/// `file` must be an open C `FILE`.
#[cfg(unix)]
unsafe fn next_line(file: *mut libc::FILE) -> Result<Option<Vec<u8>>, c_int> {
    let mut buffer: *mut std::ffi::c_char = std::ptr::null_mut();
    let mut capacity = 0;
    // SAFETY: `getline` allocates `buffer` with `malloc` and gives the
    // number of bytes it holds, NULs included; it is freed below.
    unsafe {
        let read = libc::getline(&mut buffer, &mut capacity, file);
        let errno = std::io::Error::last_os_error().raw_os_error().unwrap_or(0);
        let line = usize::try_from(read)
            .ok()
            .map(|n| std::slice::from_raw_parts(buffer.cast::<u8>(), n).to_vec());
        libc::free(buffer.cast());
        match line {
            Some(line) => Ok(Some(line)),
            None if libc::ferror(file) != 0 => Err(errno),
            None => Ok(None),
        }
    }
}

/// The next line of `file` (see the Unix version), byte by byte where the
/// C library has no `getline`.
///
/// # Safety
/// `file` must be an open C `FILE`.
#[cfg(not(unix))]
unsafe fn next_line(file: *mut libc::FILE) -> Result<Option<Vec<u8>>, c_int> {
    let mut line = Vec::new();
    loop {
        // SAFETY: `file` is open.
        let c = unsafe { libc::fgetc(file) };
        if c == libc::EOF {
            // SAFETY: as above.
            if unsafe { libc::ferror(file) } != 0 {
                return Err(std::io::Error::last_os_error().raw_os_error().unwrap_or(0));
            }
            return Ok((!line.is_empty()).then_some(line));
        }
        line.push(c as u8);
        if c == c_int::from(b'\n') {
            return Ok(Some(line));
        }
    }
}
