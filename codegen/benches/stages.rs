//! The generator's stages on the checkout's real specs (`specs/`): load (read and parse the
//! YAML), lower (check and build the IR), emit (IR to tokens), format (tokens to text through
//! syn and prettyplease), each on one thread, and the whole of `generate`, which spreads its
//! stages over rayon's threads.
//! `cargo bench -p codegen --bench stages`; BENCHMARKS.md has the figures.

use codegen::{emit, load, lower};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::PathBuf;

fn specs_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../specs")
}

fn stages(c: &mut Criterion) {
    let specs = specs_dir();
    let loaded = load::load_dir(&specs).expect("the real specs load");
    let krate = lower::lower_with_definitions(&loaded.specs, &loaded.definitions)
        .expect("the real specs lower");

    let mut group = c.benchmark_group("stages");
    group.bench_function("load", |b| {
        b.iter(|| load::load_dir(black_box(&specs)).expect("load"))
    });
    group.bench_function("lower", |b| {
        b.iter(|| {
            lower::lower_with_definitions(black_box(&loaded.specs), &loaded.definitions)
                .expect("lower")
        })
    });
    group.bench_function("emit", |b| b.iter(|| emit::emit_tokens(black_box(&krate))));
    group.bench_function("format", |b| {
        b.iter_batched(
            || emit::emit_tokens(&krate),
            |files| {
                files
                    .into_iter()
                    .map(|file| emit::format_file(file).expect("format"))
                    .collect::<Vec<_>>()
            },
            BatchSize::SmallInput,
        )
    });
    group.bench_function("generate", |b| {
        b.iter(|| codegen::generate(black_box(&specs)).expect("generate"))
    });
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
