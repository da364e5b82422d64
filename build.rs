//! Compiles every `lessons/*.toml` into the binary, converted to JSON with its Markdown
//! rendered (see `src/lessons/source.rs`), as `$OUT_DIR/lesson_files.rs`, in file-name order.
//! A file that is not valid TOML fails the build with its name and the reason; the test suite
//! then checks every lesson's content against the engine.

use std::{env, fs, path::Path};

#[path = "src/lessons/source.rs"]
mod source;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons");
    println!("cargo:rerun-if-changed={}", dir.display());
    println!("cargo:rerun-if-changed=src/lessons/source.rs");
    let mut names: Vec<String> = fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".toml"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let mut out = String::from("/// Lesson files as (name, JSON), in name order.\npub static FILES: &[(&str, &str)] = &[\n");
    for name in &names {
        let path = dir.join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("lessons/{name}: {e}"));
        let json =
            source::to_json(&format!("lessons/{name}"), &text).unwrap_or_else(|e| panic!("{e}"));
        out.push_str(&format!("    ({name:?}, {json:?}),\n"));
    }
    out.push_str("];\n");
    let dest = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("lesson_files.rs");
    fs::write(dest, out).expect("write lesson_files.rs");
}
