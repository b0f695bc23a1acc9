//! C's math functions, for executables that link LuaJIT on GNU/Linux.
//!
//! LuaJIT's `math` library and its `^` operator call `pow`, `sin`, `exp` and
//! the like from the C math library. glibc keeps these in a library of
//! their own, `libm.so.6`, which the dynamic loader must find, map and
//! relocate before `main`: an eighth of a C hello world's start-up, more
//! than anything the stub does in that time. [`libm_functions!`] defines
//! them in the executable instead, from the `libm` crate (Rust's port of
//! musl's math library), so the linker no longer needs `libm.so.6`.
//!
//! C libraries that a program imports may need `libm.so.6` themselves, and
//! some use its functions without naming it as a dependency (built without
//! `-lm`), counting on the executable to have loaded it. So before loading
//! a program's C libraries, the runtime loads `libm.so.6` into the global
//! symbol scope ([`load_for_c_libraries`]): programs without C libraries
//! never pay for it.
//!
//! Both `loopc` and the stub invoke it, so `loopc run` and bundled programs
//! compute every math function with the same code. It must be invoked in a
//! binary crate: the linker always takes a binary's own definitions, while
//! it could pass over the same ones in a library archive. Both binaries are
//! linked with the version script `stub/libm-functions.map` (by their build
//! scripts), which keeps the functions out of the dynamic symbol table: a
//! C library that a program loads gets glibc's, never these.

/// Defines the C math functions that LuaJIT uses (see the module docs) as
/// `#[no_mangle]` functions of the invoking binary; on targets other than
/// GNU/Linux, where the math functions are in the C library itself, it
/// defines nothing.
#[macro_export]
macro_rules! libm_functions {
    (@unary $($name:ident)*) => {$(
        #[unsafe(no_mangle)]
        extern "C" fn $name(x: f64) -> f64 {
            $crate::libm::$name(x)
        }
    )*};
    () => {
        #[cfg(all(target_os = "linux", target_env = "gnu"))]
        mod c_math {
            use std::ffi::c_int;

            $crate::libm_functions!(@unary acos asin atan cos cosh exp log log10 log2 sin sinh tan tanh);

            #[unsafe(no_mangle)]
            extern "C" fn atan2(y: f64, x: f64) -> f64 {
                $crate::libm::atan2(y, x)
            }

            #[unsafe(no_mangle)]
            extern "C" fn pow(x: f64, y: f64) -> f64 {
                $crate::libm::pow(x, y)
            }

            #[unsafe(no_mangle)]
            extern "C" fn ldexp(x: f64, exp: c_int) -> f64 {
                $crate::libm::ldexp(x, exp)
            }

            /// # Safety
            /// `exp` must be valid for a write, as C's `frexp` requires.
            #[unsafe(no_mangle)]
            unsafe extern "C" fn frexp(x: f64, exp: *mut c_int) -> f64 {
                let (mantissa, exponent) = $crate::libm::frexp(x);
                // SAFETY: the caller passes a valid pointer.
                unsafe { exp.write(exponent) };
                mantissa
            }

            /// # Safety
            /// `whole` must be valid for a write, as C's `modf` requires.
            #[unsafe(no_mangle)]
            unsafe extern "C" fn modf(x: f64, whole: *mut f64) -> f64 {
                let (fraction, integral) = $crate::libm::modf(x);
                // SAFETY: the caller passes a valid pointer.
                unsafe { whole.write(integral) };
                fraction
            }
        }
    };
}

/// Loads glibc's `libm.so.6` into the global symbol scope, as linking it
/// would have, for the C libraries a program is about to load (see the
/// module docs). If it does not load, the C libraries that need it report
/// their missing symbols themselves.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub(crate) fn load_for_c_libraries() {
    // SAFETY: loading the system's math library runs no code of ours; its
    // handle is kept open for the life of the process, as a linked library.
    unsafe { libc::dlopen(c"libm.so.6".as_ptr(), libc::RTLD_NOW | libc::RTLD_GLOBAL) };
}

/// Elsewhere the math functions are in the C library, loaded already.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub(crate) fn load_for_c_libraries() {}
