//! The constrained-random interface driver (csrc/driver.cpp: every input
//! random, the protocol checked on every cycle, every segment checked against
//! golden), a short channel-count sweep, and the coverage they reach. The full
//! campaign is `make cosim`.

use brainwire_sim::bridge::Model;
use brainwire_sim::coverage::Coverage;
use brainwire_sim::driver::{drive, Drive};
use brainwire_sim::sweep::{driver_campaign, scenarios_at, stream_coverage};
use brainwire_sim::{run, Rtl, SimError, Waves};

/// A short sweep: one N of every class, the forwarding distances, the
/// issue's 16k + 1 cases; the every-symbol stream (and the weight-saturating
/// sines) at N = 1 and 17 only if `every_symbol`.
fn short_campaign(every_symbol: bool) -> Result<Coverage, SimError> {
    let ns = [1usize, 2, 3, 5, 7, 8, 13, 17, 33, 49, 63, 64, 65, 100, 1024];
    let mut cov = Coverage::new();
    let mut rtl = Rtl::new(false)?;
    for (i, &n) in ns.iter().enumerate() {
        let next = ns[(i + 1) % ns.len()];
        let with = every_symbol && (n == 1 || n == 17);
        let scenarios = scenarios_at(n, next, 1500.max(4 * n), with, i as u64);
        for sc in &scenarios {
            run(&mut rtl, sc, &Waves::default())?;
        }
        stream_coverage(&scenarios, Model::Implant, &mut cov);
    }
    driver_campaign(&mut rtl, &ns, 1..3, 300_000, &mut cov)?;
    Ok(cov)
}

#[test]
fn short_campaign_matches_golden_and_hits_every_coverage_bin() {
    let cov = short_campaign(true).unwrap_or_else(|e| panic!("{e}"));
    println!("{cov}");
    let missing = cov.missing();
    assert!(missing.is_empty(), "{}", SimError::Coverage(missing));
}

#[test]
fn without_the_every_symbol_stream_code_bins_stay_empty() {
    // The coverage gate works: take one stimulus away and bins go missing.
    let missing = short_campaign(false)
        .unwrap_or_else(|e| panic!("{e}"))
        .missing();
    assert!(
        missing.iter().any(|b| b.starts_with("code table")),
        "{missing:?}"
    );
}

#[test]
fn strict_mode_sees_registered_outputs_and_the_driver_finds_nothing() {
    let samples: Vec<i16> = golden::cover::every_symbol_stream(&golden::IMPLANT).0;
    let mut rtl = Rtl::new(false).unwrap();
    let mut cov = Coverage::new();
    let run = Drive {
        samples: &samples,
        channels: &[1, 4, 17],
        cycles: 100_000,
        seed: 9,
        strict: true,
    };
    let stats = drive(&mut rtl, &run, &mut cov).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        stats.flushed > 0 && stats.segments > stats.flushed,
        "{stats:?}"
    );
    assert_eq!(rtl.strict_failures(), 0);
}
