//! `cargo xtask fuzz`: runs seeded mutation cases (see `codegen::mutate`) over threads and
//! reports the counts.

use crate::cli::{FuzzArgs, FuzzTarget};
use codegen::mutate::{Case, Corpus, Target, Verdict, case_seed, run as run_case};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

/// Failures printed in full; the rest are counted.
const SHOWN_FAILURES: usize = 20;

#[derive(Default)]
struct Counts {
    accepted: [u64; 2],
    refused: [u64; 2],
    failed: Vec<Case>,
    seconds: [f64; 2],
}

pub fn run(root: &Path, args: &FuzzArgs) -> ExitCode {
    let specs = root.join("specs");
    if let Some(seed) = args.replay {
        return replay(&specs, args.target, seed);
    }
    let next = AtomicU64::new(0);
    let counts = Mutex::new(Counts::default());
    let started = Instant::now();
    let threads = args.threads.max(1);
    let result: Result<(), String> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|worker| {
                let (specs, next, counts) = (&specs, &next, &counts);
                scope.spawn(move || -> Result<(), String> {
                    let scratch = Scratch::new(worker);
                    let corpus = Corpus::read(specs, Some(&scratch.0))?;
                    let mut local = Counts::default();
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        if index >= args.cases {
                            break;
                        }
                        let target = if index % args.import_every == args.import_every - 1 {
                            Target::Import
                        } else {
                            Target::Specs
                        };
                        let began = Instant::now();
                        let case = run_case(
                            &corpus,
                            target,
                            case_seed(args.seed, index),
                            index % args.check_rust_every == 0,
                        );
                        let slot = usize::from(target == Target::Import);
                        local.seconds[slot] += began.elapsed().as_secs_f64();
                        match case.verdict {
                            Verdict::Accepted => local.accepted[slot] += 1,
                            Verdict::Refused => local.refused[slot] += 1,
                            Verdict::Failed(_) => {
                                eprintln!("FAILED {case}");
                                local.failed.push(case);
                            }
                        }
                        if (index + 1) % 100_000 == 0 {
                            println!(
                                "{} cases, {:.0} s",
                                index + 1,
                                started.elapsed().as_secs_f64()
                            );
                        }
                    }
                    let mut total = counts.lock().map_err(|e| e.to_string())?;
                    for slot in 0..2 {
                        total.accepted[slot] += local.accepted[slot];
                        total.refused[slot] += local.refused[slot];
                        total.seconds[slot] += local.seconds[slot];
                    }
                    total.failed.append(&mut local.failed);
                    Ok(())
                })
            })
            .collect();
        workers
            .into_iter()
            .try_for_each(|w| w.join().unwrap_or_else(|_| Err("a worker panicked".into())))
    });
    if let Err(error) = result {
        eprintln!("error: {error}");
        return ExitCode::FAILURE;
    }
    let counts = counts.into_inner().unwrap_or_default();
    let total: u64 =
        counts.accepted.iter().chain(&counts.refused).sum::<u64>() + counts.failed.len() as u64;
    println!(
        "fuzz: {total} cases (seed {}, one in {} to the importer, emitted files of one in {} re-parsed) in {:.0} s",
        args.seed,
        args.import_every,
        args.check_rust_every,
        started.elapsed().as_secs_f64()
    );
    for (slot, name) in [
        "specs (load → lower → emit)",
        "import (OpenAPI → spec → generate)",
    ]
    .iter()
    .enumerate()
    {
        let failed = counts
            .failed
            .iter()
            .filter(|c| usize::from(c.target == Target::Import) == slot)
            .count();
        println!(
            "  {name}: {} accepted (parsed as Rust), {} refused with a located error, {failed} failed ({:.0} s)",
            counts.accepted[slot], counts.refused[slot], counts.seconds[slot]
        );
    }
    if counts.failed.is_empty() {
        return ExitCode::SUCCESS;
    }
    for case in counts.failed.iter().take(SHOWN_FAILURES) {
        eprintln!("{case}");
    }
    eprintln!(
        "{} cases failed; replay one with `cargo xtask fuzz --replay <seed> --target specs|import`",
        counts.failed.len()
    );
    ExitCode::FAILURE
}

fn replay(specs: &Path, target: FuzzTarget, seed: u64) -> ExitCode {
    let scratch = Scratch::new(0);
    let corpus = match Corpus::read(specs, Some(&scratch.0)) {
        Ok(corpus) => corpus,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    let target = match target {
        FuzzTarget::Specs => Target::Specs,
        FuzzTarget::Import => Target::Import,
    };
    let case = run_case(&corpus, target, seed, true);
    println!("{case}\n--- mutated document ---\n{}", case.document);
    if matches!(case.verdict, Verdict::Failed(_)) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// A worker's copy of the upstream files, removed when it is done.
struct Scratch(PathBuf);

impl Scratch {
    fn new(worker: usize) -> Scratch {
        let dir = std::env::temp_dir().join(format!("xtask-fuzz-{}-{worker}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
