//! Link options of the scored executables (their size counts in the score).
//!
//! The `tiny` profile (the only one with opt-level "s") aborts on panic, so
//! nothing unwinds: the binaries need neither the unwinder's frame index
//! (`.eh_frame_hdr`) nor a build id note, and leaving both out saves close to
//! a kilobyte over the two. Other builds unwind and keep them.
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var("OPT_LEVEL").as_deref() == Ok("s") {
        for arg in ["-Wl,--build-id=none", "-Wl,--no-eh-frame-hdr"] {
            println!("cargo:rustc-link-arg-bins={arg}");
        }
    }
}
