//! `recordings_or_skip` as a data-driven test meets it: this test binary runs
//! its own `data_driven_check` in a child process with `BRAINWIRE_DATA` and
//! `CI` set each way, and looks at what the child prints and how it ends.

use brainwire_recordings::{recordings_or_skip, wav};
use std::path::Path;
use std::process::{Command, Output};

/// What a data-driven test does; run only as the child of `skips_or_fails_by_ci`.
#[test]
#[ignore = "run by skips_or_fails_by_ci with the environment it sets"]
fn data_driven_check() {
    let Some(recordings) = recordings_or_skip() else {
        return;
    };
    assert!(!recordings.read_all().unwrap().is_empty());
}

fn child(data: &Path, ci: Option<&str>) -> Output {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.args([
        "--ignored",
        "--exact",
        "data_driven_check",
        "--test-threads",
        "1",
    ])
    .env("BRAINWIRE_DATA", data)
    .env_remove("CI");
    if let Some(v) = ci {
        cmd.env("CI", v);
    }
    cmd.output().unwrap()
}

#[test]
fn skips_or_fails_by_ci() {
    let dir = tempfile::tempdir().unwrap();
    let line = |d: &Path| {
        format!(
            "recordings not found at {} (set BRAINWIRE_DATA): skipping data-driven checks\n",
            d.display()
        )
    };
    // Absent, and present but empty: one line, and the check passes.
    let (absent, empty) = (dir.path().join("absent"), dir.path().join("empty"));
    std::fs::create_dir(&empty).unwrap();
    for d in [&absent, &empty] {
        let out = child(d, None);
        assert!(out.status.success(), "{out:?}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), line(d));
        let out = child(d, Some("false"));
        assert!(out.status.success(), "{out:?}");
    }
    // CI=true: the check fails, saying why.
    let out = child(&absent, Some("true"));
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains(&format!(
            "recordings not found at {} (set BRAINWIRE_DATA): required with CI=true",
            absent.display()
        )),
        "{said}"
    );
    // Recordings present: no line, the check runs (and reads them) in and out of CI.
    let full = dir.path().join("full");
    std::fs::create_dir(&full).unwrap();
    std::fs::write(full.join("r.wav"), wav::to_bytes(1, 20_000, &[7])).unwrap();
    for ci in [None, Some("true")] {
        let out = child(&full, ci);
        assert!(out.status.success(), "{out:?}");
        assert!(out.stderr.is_empty(), "{out:?}");
    }
}
