//! The process and others: `os.env`, `os.run`.

use std::ffi::c_int;

use mlua::ffi;

use super::{bytes, failure, os_bytes, path, push_bytes};

/// `env(name)`: the environment variable's value, or nothing when it is
/// not set (or its name could not be one).
///
/// # Safety
/// Called by Lua with a valid state.
pub(super) unsafe extern "C-unwind" fn env(state: *mut ffi::lua_State) -> c_int {
    // SAFETY: the name is read while on the stack; a C function's stack has
    // room for its result.
    unsafe {
        let name = path(bytes(state, 1)).into_os_string();
        match std::env::var_os(name) {
            Some(value) => {
                push_bytes(state, &os_bytes(&value));
                1
            }
            None => 0,
        }
    }
}

/// `run(argv, n)`: runs the program `argv[1]` with the arguments
/// `argv[2..n]` (no shell), its standard input empty, and waits for it;
/// gives its exit status (128 + the signal's number when a signal ended
/// it, as shells report), everything it wrote to standard output and to
/// standard error; or `nil` and the reason it could not start.
///
/// # Safety
/// Called by Lua with a valid state, `argv` a table of `n` strings.
pub(super) unsafe extern "C-unwind" fn run(state: *mut ffi::lua_State) -> c_int {
    // SAFETY: each element is read while it is on the stack, then popped.
    let argv: Vec<Vec<u8>> = unsafe {
        let n = ffi::lua_tonumber(state, 2) as ffi::lua_Integer;
        (1..=n)
            .map(|i| {
                ffi::lua_rawgeti(state, 1, i);
                let arg = bytes(state, -1).to_vec();
                ffi::lua_settop(state, -2);
                arg
            })
            .collect()
    };
    // SAFETY: a C function's stack has room for its three results.
    unsafe {
        match spawn::run(&argv) {
            Ok(ran) => {
                ffi::lua_pushnumber(state, f64::from(ran.code));
                push_bytes(state, &ran.out);
                push_bytes(state, &ran.err);
                3
            }
            Err(e) => failure(state, &e),
        }
    }
}

/// What a program that ran did.
struct Ran {
    code: i32,
    out: Vec<u8>,
    err: Vec<u8>,
}

/// Running a program and gathering its output, straight on the system's
/// calls: `std::process::Command` would add a thirtieth to every runner,
/// programs that run nothing included.
#[cfg(unix)]
mod spawn {
    use std::ffi::CString;
    use std::io::{Error, Result};
    use std::ptr::null_mut;

    use super::Ran;

    /// The result of a system call that gives -1 on failure.
    fn check(result: libc::c_int) -> Result<libc::c_int> {
        if result == -1 {
            Err(Error::last_os_error())
        } else {
            Ok(result)
        }
    }

    /// A pipe's two ends, closed on `exec` and when dropped.
    struct Pipe {
        read: libc::c_int,
        write: libc::c_int,
    }

    impl Pipe {
        fn new() -> Result<Pipe> {
            let mut ends = [0; 2];
            // SAFETY: `ends` has room for the two descriptors, which are
            // then owned by the pipe. The runtime starts no threads, so no
            // other program can be started between the two calls.
            unsafe {
                check(libc::pipe(ends.as_mut_ptr()))?;
                let pipe = Pipe {
                    read: ends[0],
                    write: ends[1],
                };
                for fd in ends {
                    check(libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC))?;
                }
                Ok(pipe)
            }
        }

        fn close_write(&mut self) {
            // SAFETY: closing a descriptor this pipe owns, once.
            unsafe { libc::close(self.write) };
            self.write = -1;
        }
    }

    impl Drop for Pipe {
        fn drop(&mut self) {
            for fd in [self.read, self.write] {
                if fd >= 0 {
                    // SAFETY: descriptors this pipe owns.
                    unsafe { libc::close(fd) };
                }
            }
        }
    }

    /// Runs `argv` (its program looked for in `PATH` when its name has no
    /// `/`), its standard input `/dev/null`, its output and errors read
    /// until both pipes close, then waits for it.
    pub(super) fn run(argv: &[Vec<u8>]) -> Result<Ran> {
        let args: Vec<CString> = argv
            .iter()
            .map(|a| CString::new(a.as_slice()))
            .collect::<std::result::Result<_, _>>()
            .map_err(|_| Error::from_raw_os_error(libc::EINVAL))?;
        let mut pointers: Vec<*mut libc::c_char> =
            args.iter().map(|a| a.as_ptr().cast_mut()).collect();
        pointers.push(null_mut());
        let (mut out, mut err) = (Pipe::new()?, Pipe::new()?);
        let pid = start(&pointers, &out, &err)?;
        out.close_write();
        err.close_write();
        let (out, err) = gather(out.read, err.read);
        let code = wait(pid)?;
        Ok(Ran {
            code,
            out: out?,
            err: err?,
        })
    }

    /// Starts the program with its standard streams set up; gives its id.
    fn start(argv: &[*mut libc::c_char], out: &Pipe, err: &Pipe) -> Result<libc::pid_t> {
        // SAFETY: the file actions and attributes are initialised before
        // use and destroyed after; every pointer passed outlives the call
        // (`environ` is the process's environment).
        unsafe {
            let mut actions: libc::posix_spawn_file_actions_t = std::mem::zeroed();
            let mut attributes: libc::posix_spawnattr_t = std::mem::zeroed();
            check_spawn(libc::posix_spawn_file_actions_init(&mut actions))?;
            if let Err(e) = check_spawn(libc::posix_spawnattr_init(&mut attributes)) {
                libc::posix_spawn_file_actions_destroy(&mut actions);
                return Err(e);
            }
            let mut pid = 0;
            let mut defaults: libc::sigset_t = std::mem::zeroed();
            let mut none: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut defaults);
            // The runner ignores SIGPIPE; the program gets it back.
            libc::sigaddset(&mut defaults, libc::SIGPIPE);
            libc::sigemptyset(&mut none);
            let started = check_spawn(libc::posix_spawn_file_actions_addopen(
                &mut actions,
                0,
                c"/dev/null".as_ptr(),
                libc::O_RDONLY,
                0,
            ))
            .and_then(|()| {
                check_spawn(libc::posix_spawn_file_actions_adddup2(
                    &mut actions,
                    out.write,
                    1,
                ))
            })
            .and_then(|()| {
                check_spawn(libc::posix_spawn_file_actions_adddup2(
                    &mut actions,
                    err.write,
                    2,
                ))
            })
            .and_then(|()| {
                check_spawn(libc::posix_spawnattr_setsigdefault(
                    &mut attributes,
                    &defaults,
                ))
            })
            .and_then(|()| check_spawn(libc::posix_spawnattr_setsigmask(&mut attributes, &none)))
            .and_then(|()| {
                let flags = libc::POSIX_SPAWN_SETSIGDEF | libc::POSIX_SPAWN_SETSIGMASK;
                check_spawn(libc::posix_spawnattr_setflags(
                    &mut attributes,
                    flags as libc::c_short,
                ))
            })
            .and_then(|()| {
                unsafe extern "C" {
                    static environ: *const *mut libc::c_char;
                }
                check_spawn(libc::posix_spawnp(
                    &mut pid,
                    argv[0],
                    &actions,
                    &attributes,
                    argv.as_ptr(),
                    environ,
                ))
            });
            libc::posix_spawn_file_actions_destroy(&mut actions);
            libc::posix_spawnattr_destroy(&mut attributes);
            started.map(|()| pid)
        }
    }

    /// The `posix_spawn` family gives the error number itself.
    fn check_spawn(result: libc::c_int) -> Result<()> {
        if result == 0 {
            Ok(())
        } else {
            Err(Error::from_raw_os_error(result))
        }
    }

    /// Reads both pipes until each has closed, whichever has data first,
    /// so a program that fills one while the other is read cannot block.
    fn gather(out: libc::c_int, err: libc::c_int) -> (Result<Vec<u8>>, Result<Vec<u8>>) {
        let mut texts = [Ok(Vec::new()), Ok(Vec::new())];
        let mut fds = [
            libc::pollfd {
                fd: out,
                events: libc::POLLIN,
                revents: 0,
            },
            libc::pollfd {
                fd: err,
                events: libc::POLLIN,
                revents: 0,
            },
        ];
        let mut chunk = vec![0u8; 64 * 1024];
        while fds.iter().any(|p| p.fd >= 0) {
            // SAFETY: `fds` holds two entries (a negative fd is skipped).
            if let Err(e) = check(unsafe { libc::poll(fds.as_mut_ptr(), 2, -1) }) {
                if e.kind() == std::io::ErrorKind::Interrupted {
                    continue;
                }
                return (Err(e), Ok(Vec::new()));
            }
            for (p, text) in fds.iter_mut().zip(texts.iter_mut()) {
                if p.fd < 0 || p.revents == 0 {
                    continue;
                }
                // SAFETY: `chunk` has room for what is read.
                let n = unsafe { libc::read(p.fd, chunk.as_mut_ptr().cast(), chunk.len()) };
                match n {
                    0 => p.fd = -1,
                    n if n > 0 => {
                        if let Ok(text) = text {
                            text.extend_from_slice(&chunk[..n as usize]);
                        }
                    }
                    _ => {
                        let e = Error::last_os_error();
                        if e.kind() != std::io::ErrorKind::Interrupted {
                            *text = Err(e);
                            p.fd = -1;
                        }
                    }
                }
            }
        }
        let [a, b] = texts;
        (a, b)
    }

    /// Waits for process `pid` to end; gives its exit status as a shell
    /// reports it (128 + the signal's number when a signal ended it).
    fn wait(pid: libc::pid_t) -> Result<i32> {
        let mut status = 0;
        loop {
            // SAFETY: `status` receives the child's status.
            match check(unsafe { libc::waitpid(pid, &mut status, 0) }) {
                Ok(_) => break,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(if libc::WIFSIGNALED(status) {
            128 + libc::WTERMSIG(status)
        } else {
            libc::WEXITSTATUS(status)
        })
    }
}

/// Running a program where the system has no `posix_spawn`, by the
/// standard library.
#[cfg(not(unix))]
mod spawn {
    use super::Ran;

    pub(super) fn run(argv: &[Vec<u8>]) -> std::io::Result<Ran> {
        let argv: Vec<String> = argv
            .iter()
            .map(|a| String::from_utf8_lossy(a).into_owned())
            .collect();
        let output = std::process::Command::new(&argv[0])
            .args(&argv[1..])
            .stdin(std::process::Stdio::null())
            .output()?;
        Ok(Ran {
            code: output.status.code().unwrap_or(1),
            out: output.stdout,
            err: output.stderr,
        })
    }
}
