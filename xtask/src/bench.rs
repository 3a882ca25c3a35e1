//! `cargo xtask bench scale`: how `generate` grows with the number of operations.
//!
//! For each size N it writes N operations to a temporary specs folder (copies of the checkout's
//! production specs, each under a provider of its own, so each copy is a module of its own) and
//! runs `generate` on them in a child process, so that the peak memory it reports (the child's
//! `VmHWM`) is the generator's alone. Then it runs `generate --check` on the result the same way.
//! Each size is measured `runs` times, each `generate` into a fresh folder; the table gives the
//! median run and the range of wall times, since one run on a shared VM can be off by a fifth.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// The spec folders whose operations are copied: the production providers. The test-only
/// fixture is left out, as it is not a provider's shape.
const PRODUCTION: &[&str] = &["batch", "container_service", "key_vault"];

/// A module's shared models, copied with each module; not an operation.
const DEFINITIONS: &str = "definitions.yaml";

/// One size of the series, as measured: the median of its runs, and their range.
#[derive(Debug)]
pub struct Point {
    pub operations: usize,
    pub runs: usize,
    pub generate: Run,
    pub generate_range: (f64, f64),
    pub check: Run,
    pub check_range: (f64, f64),
    pub files: usize,
    pub lines: usize,
}

/// Measures each size in `sizes`, `runs` times each; `keep` leaves the temporary folders for
/// inspection.
pub fn scale(root: &Path, sizes: &[usize], runs: usize, keep: bool) -> Result<Vec<Point>, String> {
    let runs = runs.max(1);
    let exe = std::env::current_exe().map_err(|e| format!("cannot find this program: {e}"))?;
    let mut points = Vec::new();
    let mut written = Vec::new();
    for &operations in sizes {
        let dir = std::env::temp_dir().join(format!(
            "xtask-bench-scale-{}-{operations}",
            std::process::id()
        ));
        let _ = fs::remove_dir_all(&dir);
        let (specs_dir, crate_dir) = (dir.join("specs"), dir.join("generated"));
        write_specs(&root.join("specs"), &specs_dir, operations)
            .map_err(|e| format!("cannot write the specs to {}: {e}", dir.display()))?;
        let (mut generates, mut checks) = (Vec::new(), Vec::new());
        for run in 0..runs {
            // A fresh folder each time, so that every run writes the whole crate.
            let crate_dir = crate_dir.join(run.to_string());
            fs::create_dir_all(&crate_dir).map_err(|e| e.to_string())?;
            generates.push(run_child(&exe, &specs_dir, &crate_dir, false)?);
            checks.push(run_child(&exe, &specs_dir, &crate_dir, true)?);
        }
        let (files, lines) = count_lines(&crate_dir.join("0")).map_err(|e| e.to_string())?;
        let (generate, generate_range) = median(generates);
        let (check, check_range) = median(checks);
        points.push(Point {
            operations,
            runs,
            generate,
            generate_range,
            check,
            check_range,
            files,
            lines,
        });
        written.push(dir);
    }
    // Removed at the end, not between sizes: ext4 searches longer for a free inode right after
    // many files were deleted, which would slow the next size's writes.
    if !keep {
        for dir in written {
            let _ = fs::remove_dir_all(dir);
        }
    }
    Ok(points)
}

/// The run with the median wall time, and the fastest and slowest wall times.
fn median(mut runs: Vec<Run>) -> (Run, (f64, f64)) {
    runs.sort_by(|a, b| a.seconds.total_cmp(&b.seconds));
    let range = (runs[0].seconds, runs[runs.len() - 1].seconds);
    (runs.swap_remove(runs.len() / 2), range)
}

/// The series as a Markdown table.
pub fn table(points: &[Point]) -> String {
    let mut out = String::from(
        "| operations | runs | generate (wall, median) | range | its CPU time | peak memory | generate --check | range | its peak | files | emitted lines | lines per operation |\n\
         |---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    for p in points {
        out.push_str(&format!(
            "| {} | {} | {:.2} s | {:.2}–{:.2} s | {:.2} s | {} MB | {:.2} s | {:.2}–{:.2} s | {} MB | {} | {} | {} |\n",
            p.operations,
            p.runs,
            p.generate.seconds,
            p.generate_range.0,
            p.generate_range.1,
            p.generate.cpu_seconds,
            p.generate.peak_kib / 1024,
            p.check.seconds,
            p.check_range.0,
            p.check_range.1,
            p.check.peak_kib / 1024,
            p.files,
            p.lines,
            p.lines / p.operations.max(1),
        ));
    }
    out
}

/// Writes exactly `operations` operation specs. The production operations are taken in turn;
/// round `i` puts them under modules `<module>_s<i>` (provider `<provider>S<i>`), each with its
/// folder's `definitions.yaml` and the example files its operations list.
fn write_specs(from: &Path, to: &Path, operations: usize) -> io::Result<()> {
    let sources = production_operations(from)?;
    if sources.is_empty() {
        return Err(io::Error::other("no production operation specs to copy"));
    }
    for n in 0..operations {
        let (folder, spec) = &sources[n % sources.len()];
        let copy = n / sources.len();
        let (source, target) = (from.join(folder), to.join(format!("{folder}_s{copy}")));
        if !target.exists() {
            fs::create_dir_all(target.join("examples"))?;
            let definitions = source.join(DEFINITIONS);
            if definitions.exists() {
                let text = rename_provider(&fs::read_to_string(definitions)?, copy);
                fs::write(target.join(DEFINITIONS), text)?;
            }
        }
        let text = fs::read_to_string(source.join(spec))?;
        for example in listed_examples(&text) {
            fs::copy(source.join(example), target.join(example))?;
        }
        fs::write(target.join(spec), rename_provider(&text, copy))?;
    }
    Ok(())
}

/// Every production operation spec as (folder, file name), in a stable order.
fn production_operations(from: &Path) -> io::Result<Vec<(String, String)>> {
    let mut sources = Vec::new();
    for folder in PRODUCTION {
        let mut files: Vec<String> = fs::read_dir(from.join(folder))?
            .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
            .filter(|name| name.ends_with(".yaml") && name != DEFINITIONS)
            .collect();
        files.sort();
        sources.extend(files.into_iter().map(|file| (folder.to_string(), file)));
    }
    Ok(sources)
}

/// The example files a spec lists (`file: examples/<name>.json`).
fn listed_examples(spec: &str) -> impl Iterator<Item = &str> {
    spec.lines()
        .filter_map(|line| line.trim().strip_prefix("file: "))
        .map(|file| file.trim().trim_matches('"'))
        .filter(|file| file.starts_with("examples/"))
}

/// `provider: Microsoft.Batch` becomes `provider: Microsoft.BatchS3` (module `batch_s3`).
fn rename_provider(text: &str, copy: usize) -> String {
    text.lines()
        .map(|line| match line.strip_prefix("provider: ") {
            Some(provider) => format!("provider: {}S{copy}\n", provider.trim()),
            None => format!("{line}\n"),
        })
        .collect()
}

/// One child run: wall time, CPU time of all its threads (seconds) and peak memory.
#[derive(Debug)]
pub struct Run {
    pub seconds: f64,
    pub cpu_seconds: f64,
    pub peak_kib: u64,
}

fn run_child(exe: &Path, specs_dir: &Path, crate_dir: &Path, check: bool) -> Result<Run, String> {
    let mut command = Command::new(exe);
    command
        .args(["bench", "generate-once", "--specs-dir"])
        .arg(specs_dir)
        .arg("--crate-dir")
        .arg(crate_dir);
    if check {
        command.arg("--check");
    }
    let output = command
        .output()
        .map_err(|e| format!("cannot run {}: {e}", exe.display()))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        return Err(format!(
            "generate failed on the synthetic specs:\n{stdout}{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    // The child's last line: `<seconds> <CPU seconds> <peak KiB>`.
    let mut fields = stdout.lines().last().unwrap_or("").split_whitespace();
    let seconds = fields.next().and_then(|s| s.parse().ok());
    let cpu_seconds = fields.next().and_then(|s| s.parse().ok());
    let peak_kib = fields.next().and_then(|s| s.parse().ok());
    match (seconds, cpu_seconds, peak_kib) {
        (Some(seconds), Some(cpu_seconds), Some(peak_kib)) => Ok(Run {
            seconds,
            cpu_seconds,
            peak_kib,
        }),
        _ => Err(format!("unexpected output of the generate child: {stdout}")),
    }
}

/// The child: one `generate` (or `--check`) in this process; prints its wall time, the CPU time
/// of all its threads (both in seconds) and its peak memory in KiB.
pub fn generate_once(specs_dir: &Path, crate_dir: &Path, check: bool) -> Result<String, String> {
    let cpu_before = cpu_seconds()?;
    let start = Instant::now();
    let report = codegen::generate_into(specs_dir, crate_dir, check).map_err(|e| e.to_string())?;
    let seconds = start.elapsed().as_secs_f64();
    if check && !report.drift.is_empty() {
        return Err(format!(
            "generate --check found drift:\n{}",
            report.drift.describe()
        ));
    }
    let cpu = cpu_seconds()? - cpu_before;
    Ok(format!("{seconds:.3} {cpu:.2} {}", peak_kib()?))
}

/// User and system time of this process, all threads, from `/proc/self/stat` (Linux only).
fn cpu_seconds() -> Result<f64, String> {
    let stat = fs::read_to_string("/proc/self/stat")
        .map_err(|e| format!("cannot read /proc/self/stat (Linux only): {e}"))?;
    // Fields after the command name, which is in parentheses: utime and stime are the 12th
    // and 13th, in clock ticks (100 a second on Linux).
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest.split_whitespace().collect())
        .unwrap_or_default();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok());
    match (ticks(11), ticks(12)) {
        (Some(user), Some(system)) => Ok((user + system) / 100.0),
        _ => Err("unexpected /proc/self/stat".to_string()),
    }
}

/// The process's peak resident memory (`VmHWM`), in KiB. Linux only.
fn peak_kib() -> Result<u64, String> {
    let status = fs::read_to_string("/proc/self/status")
        .map_err(|e| format!("cannot read /proc/self/status (Linux only): {e}"))?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
        .ok_or_else(|| "no VmHWM in /proc/self/status".to_string())
}

/// Emitted Rust files under `crate_dir` and their lines (the API records are left out).
fn count_lines(crate_dir: &Path) -> io::Result<(usize, usize)> {
    let mut stack: Vec<PathBuf> = vec![crate_dir.join("src"), crate_dir.join("tests")];
    let (mut files, mut lines) = (0, 0);
    while let Some(dir) = stack.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files += 1;
                lines += fs::read_to_string(&path)?.lines().count();
            }
        }
    }
    Ok((files, lines))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_run_is_reported_with_the_range_of_wall_times() {
        let run = |seconds, peak_kib| Run {
            seconds,
            cpu_seconds: seconds * 2.0,
            peak_kib,
        };
        let (middle, range) = median(vec![run(12.0, 1), run(8.5, 2), run(9.5, 3)]);
        assert_eq!((middle.seconds, middle.peak_kib), (9.5, 3));
        assert_eq!(range, (8.5, 12.0));
        let (only, range) = median(vec![run(4.0, 7)]);
        assert_eq!((only.seconds, range), (4.0, (4.0, 4.0)));
    }

    #[test]
    fn a_copy_gets_a_provider_and_so_a_module_of_its_own() {
        let text = "# c\nprovider: Microsoft.Batch\napi_version: \"1\"\n";
        assert_eq!(
            rename_provider(text, 7),
            "# c\nprovider: Microsoft.BatchS7\napi_version: \"1\"\n"
        );
    }

    #[test]
    fn exactly_the_asked_number_of_operations_is_written_with_what_they_need() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let to = std::env::temp_dir().join(format!("xtask-bench-test-{}", std::process::id()));
        let _ = fs::remove_dir_all(&to);
        let per_round = production_operations(&root.join("specs")).unwrap().len();
        let operations = per_round + 3;
        write_specs(&root.join("specs"), &to, operations).unwrap();

        let mut specs = 0;
        for module in fs::read_dir(&to).unwrap() {
            let module = module.unwrap().path();
            assert!(module.join(DEFINITIONS).exists(), "{}", module.display());
            for entry in fs::read_dir(&module).unwrap() {
                let path = entry.unwrap().path();
                let name = path.file_name().unwrap().to_str().unwrap().to_string();
                if name.ends_with(".yaml") && name != DEFINITIONS {
                    specs += 1;
                    let text = fs::read_to_string(&path).unwrap();
                    for example in listed_examples(&text) {
                        assert!(module.join(example).exists(), "{example} of {name}");
                    }
                }
            }
        }
        fs::remove_dir_all(&to).unwrap();
        assert_eq!(specs, operations);
    }
}
